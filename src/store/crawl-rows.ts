import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import { pyongyangDate } from '../dates/pyongyang-time.js';
import type { CrawlUrlRow, EventRow, MarkupChanged, NetworkError, SourceHealth, VersionRow } from './crawl-store.js';

/** The crawl store's rows as every backend reads them, and the reckoning both do alike over them. */

export interface UrlDbRow {
  id: number;
  source_id: number;
  url: string;
  fetch_url: string;
  mode: string;
  state: 'queued' | 'done' | 'failed';
  article_id: number | null;
  listing_date: string | null;
  hint: string | null;
  next_check_at: string;
  recheck_step: number;
  missing_count: number;
  missing_since: string | null;
  fail_count: number;
  etag: string | null;
  last_modified: string | null;
  raw_sha256: string | null;
  content_hash: string | null;
}

export const toUrlRow = (r: UrlDbRow): CrawlUrlRow => ({
  id: r.id,
  sourceId: r.source_id,
  url: r.url,
  fetchUrl: r.fetch_url,
  mode: r.mode,
  state: r.state,
  articleId: r.article_id,
  listingDate: r.listing_date,
  hint: r.hint ? JSON.parse(r.hint) : null,
  nextCheckAt: r.next_check_at,
  recheckStep: r.recheck_step,
  missingCount: r.missing_count,
  missingSince: r.missing_since,
  failCount: r.fail_count,
  etag: r.etag,
  lastModified: r.last_modified,
  rawSha256: r.raw_sha256,
  contentHash: r.content_hash ?? null,
});

export function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** A raw body as stored: brotli with a window sized to the page, which keeps compression cheap on small bodies. */
export function compressBlob(body: Buffer): Buffer {
  const lgwin = Math.min(24, Math.max(16, Math.ceil(Math.log2(body.length + 1))));
  return brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_LGWIN]: lgwin, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } });
}

export function decompressBlob(encoding: string, data: Buffer): Buffer {
  return encoding === 'br' ? brotliDecompressSync(data) : data;
}

export interface EventDbRow {
  id: number;
  type: string;
  at: string;
  article_id: number | null;
  detail: string | null;
  source_slug: string | null;
  title: string | null;
  url: string | null;
}

export function toEventRow(r: EventDbRow): EventRow {
  const detail = r.detail ? (safeJson(r.detail) as Record<string, unknown> | null) : null;
  // A source's event (markup-changed) names its example page in the detail.
  const url = r.url ?? (typeof detail?.url === 'string' ? detail.url : null);
  return { id: r.id, type: r.type, at: r.at, articleId: r.article_id, sourceSlug: r.source_slug, title: r.title, url, detail };
}

/** The versions page's list: older texts and the current one, by time seen (the current last among equals), numbered from 1. */
export function versionList(
  older: { title: string; body: string; content_hash: string; seen_at: string }[],
  cur: { title: string; body: string; content_hash: string; text_seen_at: string | null; first_seen: string },
): VersionRow[] {
  const list = older.map((v) => ({ title: v.title, body: v.body.split('\n'), seenAt: v.seen_at, contentHash: v.content_hash, current: false }));
  list.push({ title: cur.title, body: cur.body.split('\n'), seenAt: cur.text_seen_at ?? cur.first_seen, contentHash: cur.content_hash, current: true });
  list.sort((a, b) => (a.seenAt < b.seenAt ? -1 : a.seenAt > b.seenAt ? 1 : Number(a.current) - Number(b.current)));
  return list.map((v, i) => ({ ...v, n: i + 1 }));
}

/** The latest listing poll's log row, when it failed before the page could be read. */
export function networkErrorOf(
  r: { at: string; ok: number; status: number | null; error_kind: string | null; message: string | null; url: string } | undefined,
): NetworkError | null {
  if (!r || r.ok === 1) return null;
  const kind = r.error_kind ?? 'unknown';
  const problem = ['dns', 'network', 'timeout'].includes(kind) ? 'unreachable' : kind;
  return { at: r.at, problem, kind, status: r.status, url: r.url, message: r.message };
}

export function markupChangedOf(r: { since: string; last_seen_at: string; url: string; what: string; count: number } | undefined): MarkupChanged | null {
  return r ? { since: r.since, lastSeenAt: r.last_seen_at, url: r.url, what: r.what, count: r.count } : null;
}

export const DAY = 86_400_000;

/** The days a health report counts: the Pyongyang calendar day `offset` days before `now`'s. */
export function healthDays(now: Date) {
  const today = pyongyangDate(now);
  const dayStr = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) - offset * DAY).toISOString().slice(0, 10);
  return { today, dayStr, weekAgo: new Date(now.getTime() - 7 * DAY).toISOString() };
}

/** What a backend reads for a source's health report. */
export interface HealthInputs {
  source: { id: number; slug: string; name: string; enabled: number };
  fetches: { ok: number; total: number };
  lastOkAt: string | null;
  lastError: { at: string; error_kind: string | null; message: string | null; url: string } | undefined;
  crawled: boolean;
  /** Articles per publication day over the last 31 days. */
  counts: Map<string, number>;
  queued: number | null;
  tracked: number | null;
  removed: number;
  nextListingAt: string | null;
  markupChanged: MarkupChanged | null;
  networkError: NetworkError | null;
}

export function sourceHealthOf(h: HealthInputs, now: Date): SourceHealth {
  const { dayStr } = healthDays(now);
  const sum = (from: number, to: number) => {
    let n = 0;
    for (let i = from; i <= to; i++) n += h.counts.get(dayStr(i)) ?? 0;
    return n;
  };
  const articlesPerDay = sum(0, 2) / 3;
  const baselinePerDay = sum(3, 30) / 28;
  const daily = [];
  for (let i = 30; i >= 0; i--) daily.push({ day: dayStr(i), count: h.counts.get(dayStr(i)) ?? 0 });
  const { source: s, fetches: f } = h;
  return {
    slug: s.slug,
    name: s.name,
    enabled: s.enabled === 1,
    crawled: h.crawled,
    lastSuccessAt: h.lastOkAt,
    lastError: h.lastError ? { at: h.lastError.at, kind: h.lastError.error_kind ?? 'unknown', message: h.lastError.message, url: h.lastError.url } : null,
    fetches: { ok: f.ok, total: f.total, successRate: f.total ? f.ok / f.total : null },
    articlesPerDay: round(articlesPerDay),
    baselinePerDay: round(baselinePerDay),
    gap: baselinePerDay >= 1 && articlesPerDay < 0.4 * baselinePerDay,
    stale: s.enabled === 1 && h.crawled && (!h.lastOkAt || Date.parse(h.lastOkAt) < now.getTime() - DAY),
    daily,
    queued: h.queued ?? 0,
    tracked: h.tracked ?? 0,
    removed: h.removed,
    nextListingAt: h.nextListingAt,
    markupChanged: h.markupChanged,
    networkError: h.networkError,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
