import type { NormalizedArticle } from '../normalize/article.js';
import type { IngestItem, IngestOutcome } from './store.js';

export interface CrawlSourceRow {
  id: number;
  slug: string;
  name: string;
  homepage: string | null;
  lang: string | null;
  enabled: boolean;
  /** The source definition as stored (validated again by whoever uses it). */
  config: unknown;
}

export interface UrlHint {
  title?: string | null;
  publishedAt?: string | null;
  paragraphs?: string[];
  /** Language of the listing that linked it. */
  lang?: string;
  /** WordPress post id, for rechecks through the API. */
  postId?: number;
}

export interface NewUrl {
  url: string;
  fetchUrl: string;
  mode: 'page' | 'wp-json' | 'feed';
  listingDate: string | null;
  hint: UrlHint | null;
}

export interface CrawlUrlRow {
  id: number;
  sourceId: number;
  url: string;
  fetchUrl: string;
  mode: string;
  state: 'queued' | 'done' | 'failed';
  articleId: number | null;
  listingDate: string | null;
  hint: UrlHint | null;
  nextCheckAt: string;
  recheckStep: number;
  missingCount: number;
  missingSince: string | null;
  failCount: number;
  etag: string | null;
  lastModified: string | null;
  rawSha256: string | null;
  /** The content hash of the text this URL served when last read (null before it was read). */
  contentHash: string | null;
}

export interface CaptureInput {
  takenAt: string;
  url: string;
  httpStatus: number | null;
  headers: Record<string, string> | null;
  rawSha256: string | null;
  contentHash: string | null;
  extractor: string | null;
  errorKind: string | null;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
  rawSha256: string | null;
}

export interface FetchLogEntry {
  sourceId: number;
  url: string;
  purpose: 'listing' | 'article' | 'recheck';
  at: string;
  ok: boolean;
  status: number | null;
  errorKind: string | null;
  message: string | null;
  elapsedMs: number | null;
}

/** `recaptured`: the first crawled text of an imported article differs from the imported one (not an edit). */
export type RecheckOutcome = 'unchanged' | 'edited' | 'restored' | 'restored-edited' | 'recaptured';

export interface EventRow {
  id: number;
  type: string;
  at: string;
  articleId: number | null;
  sourceSlug: string | null;
  title: string | null;
  url: string | null;
  detail: Record<string, unknown> | null;
}

export interface RemovedRow {
  id: number;
  title: string;
  url: string;
  lang: string;
  published: string;
  sourceSlug: string;
  sourceName: string;
  removedAt: string;
  lastCapturedAt: string | null;
}

export interface VersionRow {
  /** 1 = the first text seen. */
  n: number;
  title: string;
  body: string[];
  seenAt: string;
  contentHash: string;
  current: boolean;
}

/** A capture that read a text (`contentHash`): what a version's permalink cites. */
export interface TextCapture {
  takenAt: string;
  /** `crawl`: fetched over HTTP by this archive; `import`: read from a dump (no HTTP status, no raw bytes). */
  origin: string;
  url: string;
  httpStatus: number | null;
  rawSha256: string | null;
  contentHash: string;
  /** The response headers the crawler kept (a subset; none for an import). Optional: older callers build captures without them. */
  headers?: Record<string, string> | null;
}

/** A page of a source that loaded fine but no longer matched its adapter. */
export interface MarkupProblem {
  url: string;
  /** What failed: the field and the selectors that found nothing (or the date text that did not parse). */
  what: string;
}

/** An episode of markup drift: from the first page that stopped matching until pages match again. */
export interface MarkupChanged {
  since: string;
  lastSeenAt: string;
  /** The latest page that did not match, and what failed on it. */
  url: string;
  what: string;
  /** Pages that did not match during the episode. */
  count: number;
}

/** The latest listing poll of a source failed before any page could be read (network, HTTP, block page). */
export interface NetworkError {
  at: string;
  /** `unreachable` (dns, network, timeout), `http`, `blocked`, or the fetcher's kind (robots, too-large, …). */
  problem: string;
  kind: string;
  status: number | null;
  url: string;
  message: string | null;
}

export interface SourceHealth {
  slug: string;
  name: string;
  enabled: boolean;
  crawled: boolean;
  lastSuccessAt: string | null;
  lastError: { at: string; kind: string; message: string | null; url: string } | null;
  /** Fetches in the last 7 days. */
  fetches: { ok: number; total: number; successRate: number | null };
  /** Articles per day (by publication date, Pyongyang calendar) over the last 3 days. */
  articlesPerDay: number;
  /** Articles per day over the 28 days before those. */
  baselinePerDay: number;
  /** Volume well below the source's own baseline. */
  gap: boolean;
  /** No successful fetch in the last 24 hours although the source is crawled. */
  stale: boolean;
  /** Articles per day, oldest first, for the last 31 days. */
  daily: { day: string; count: number }[];
  queued: number;
  tracked: number;
  removed: number;
  nextListingAt: string | null;
  /** Live pages stopped matching the adapter (selectors find nothing, dates stop parsing); null when they match. */
  markupChanged: MarkupChanged | null;
  /** The latest listing poll failed for network reasons (unreachable, HTTP error, block page); null when it worked. */
  networkError: NetworkError | null;
}

/** Crawler persistence: the queue, recheck schedule, captures, versions, events and source health. */
export interface CrawlStore {
  upsertSource(input: { slug: string; name: string; homepage: string | null; lang: string | null; config: unknown; enabled: boolean }): Promise<{ id: number; created: boolean }>;
  setSourceEnabled(slug: string, enabled: boolean): Promise<boolean>;
  crawlSources(): Promise<CrawlSourceRow[]>;
  sourceState(sourceId: number): Promise<{ nextListingAt: string | null; lastListingAt: string | null }>;
  setListingPolled(sourceId: number, at: string, nextAt: string): Promise<void>;
  listingValidators(url: string): Promise<Validators | null>;
  saveListingValidators(sourceId: number, url: string, v: Validators, at: string): Promise<void>;
  /** Queues URLs not seen before; a URL already archived (imported) is tracked for rechecks instead. Returns how many were new. */
  enqueue(sourceId: number, items: NewUrl[], now: string, firstRecheckAt: string): Promise<number>;
  queuedUrls(sourceId: number, now: string, limit: number): Promise<CrawlUrlRow[]>;
  dueRechecks(sourceId: number, now: string, limit: number, all?: boolean): Promise<CrawlUrlRow[]>;
  putBlob(sha256: string, body: Buffer, at: string): Promise<void>;
  getBlob(sha256: string): Promise<Buffer | null>;
  logFetch(entry: FetchLogEntry): Promise<void>;
  /** First capture of a queued URL: the article goes through the archive's ingest. */
  storeNew(row: CrawlUrlRow, item: IngestItem, capture: CaptureInput, v: Validators, nextCheckAt: string): Promise<IngestOutcome>;
  /** A successful recheck (article null: not modified). */
  storeRecheck(
    row: CrawlUrlRow,
    article: NormalizedArticle | null,
    capture: CaptureInput,
    v: Validators,
    next: (changed: boolean) => { step: number; at: string },
  ): Promise<RecheckOutcome>;
  /** A recheck that found the article gone; the second in a row marks it removed. */
  recordMissing(row: CrawlUrlRow, capture: CaptureInput, reason: string, nextCheckAt: string): Promise<'suspect' | 'removed' | 'still-removed'>;
  /** A fetch that failed for other reasons (network, timeout, server error): try again later. */
  recordFailure(row: CrawlUrlRow, at: string, nextCheckAt: string, giveUp: boolean, capture: CaptureInput | null): Promise<void>;
  events(opts: { type?: string; limit: number; articleId?: number }): Promise<EventRow[]>;
  removedArticles(limit: number): Promise<RemovedRow[]>;
  versions(articleId: number): Promise<VersionRow[]>;
  /** Every capture of an article that read a text, oldest first. */
  textCaptures(articleId: number): Promise<TextCapture[]>;
  sourceHealth(slug: string, now: Date): Promise<SourceHealth | null>;
  /**
   * The markup outcome of one crawl pass over a source: pages that did not match open an episode (one
   * `markup-changed` event) or extend it; a pass where pages matched and none failed ends it.
   */
  recordMarkup(sourceId: number, at: string, problems: MarkupProblem[], matched: boolean): Promise<'started' | 'continued' | 'cleared' | 'none'>;
  lastCapture(articleId: number): Promise<{ takenAt: string; httpStatus: number | null } | null>;
}

export type IngestSync = (items: IngestItem[]) => IngestOutcome[];
