import type { ExtractorName } from '../extract/article.js';
import { Fetcher, type FetchFailure, type FetchRequest, type FetchResult, type FetchSuccess } from '../fetch/fetcher.js';
import type { NormalizedArticle } from '../normalize/article.js';
import { sourceSchema, type SourceDef } from '../sources/schema.js';
import type { CaptureInput, CrawlSourceRow, CrawlUrlRow, NewUrl } from '../store/crawl-store.js';
import type { Store } from '../store/store.js';
import { canonicalUrl } from '../urls/canonical.js';
import { discover } from './discover.js';
import { articleMarkup, listingMarkup, MarkupPass, type MarkupVerdict } from './markup-drift.js';
import { readArticle } from './read-page.js';
import { failureDelayMs, isoAfter, NEVER, recheckDelayMs } from './schedule.js';
import { sameButVolatile } from './volatile-text.js';
import { articleImages } from './crawl-images.js';
import { IMAGE_MAX_BYTES } from './image-capture.js';

export interface CrawlerOptions {
  fetcher?: Fetcher;
  /** Overrides every source's politeness (tests and benchmarks). */
  politeness?: { minIntervalMs?: number; concurrency?: number; allowPrivate?: boolean };
  /** Article fetches in flight per source (the per-host queue still decides what reaches a host). */
  workersPerSource?: number;
  /** Rechecks per source per pass, at most. */
  maxRechecksPerPass?: number;
  log?: (line: string) => void;
  now?: () => Date;
  /** Fetch and keep the images of each article read (default true). */
  images?: boolean;
}

export interface PassOptions {
  source?: string;
  /** Recheck every known article now, whatever its schedule. */
  recheckAll?: boolean;
  /** `all`: poll every listing now; `due`: only those whose schedule says so. */
  listings?: 'all' | 'due';
}

export interface SourcePassSummary {
  slug: string;
  discovered: number;
  stored: number;
  failed: number;
  rechecked: number;
  unchanged: number;
  edited: number;
  suspect: number;
  removed: number;
  restored: number;
  errors: number;
  /** Pages that loaded but no longer matched the adapter (markup changed). */
  markupChanged: number;
}

export interface PassSummary {
  sources: SourcePassSummary[];
  fetches: number;
  seconds: number;
}

/** A source whose stored definition does not validate or has no adapter (import-only) is not crawled. */
export function sourceDefOf(row: CrawlSourceRow): SourceDef | null {
  const res = sourceSchema.safeParse(row.config);
  return res.success ? res.data : null;
}

/** Runs passes over the sources: listings, new articles, due rechecks. All state lives in the store. */
export class Crawler {
  readonly fetcher: Fetcher;
  private readonly ownFetcher: boolean;
  private stopped = false;
  private fetches = 0;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;
  /** Per source, what the running pass saw of its markup. */
  private readonly markup = new Map<number, MarkupPass>();

  constructor(
    private readonly store: Store,
    private readonly opts: CrawlerOptions = {},
  ) {
    this.ownFetcher = !opts.fetcher;
    this.fetcher = opts.fetcher ?? new Fetcher();
    this.log = opts.log ?? (() => {});
    this.now = opts.now ?? (() => new Date());
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.ownFetcher) await this.fetcher.close();
  }

  stop(): void {
    this.stopped = true;
  }

  /** One pass over the enabled sources (or one named source, enabled or not). */
  async runPass(o: PassOptions = {}): Promise<PassSummary> {
    const started = performance.now();
    const before = this.fetches;
    const rows = await this.store.crawl.crawlSources();
    const chosen = o.source ? rows.filter((r) => r.slug === o.source) : rows.filter((r) => r.enabled);
    if (o.source && chosen.length === 0) throw new Error(`no source '${o.source}' in this archive`);
    const summaries = await Promise.all(
      chosen.map(async (row) => {
        const def = sourceDefOf(row);
        if (!def) return null;
        return this.runSource(row.id, def, o);
      }),
    );
    return { sources: summaries.filter((s): s is SourcePassSummary => s !== null), fetches: this.fetches - before, seconds: (performance.now() - started) / 1000 };
  }

  /**
   * Crawls until stopped. Each source runs on its own: a slow or unreachable outlet never holds back
   * the others, and a source whose pass is still running is not started again.
   */
  async runForever(tickMs = 30_000): Promise<void> {
    const running = new Map<string, Promise<void>>();
    while (!this.stopped) {
      try {
        for (const row of await this.store.crawl.crawlSources()) {
          const def = row.enabled ? sourceDefOf(row) : null;
          if (!def || running.has(row.slug)) continue;
          const run = this.runSource(row.id, def, { listings: 'due' })
            .then((src) => {
              if (src.discovered || src.stored || src.edited || src.removed || src.restored || src.errors || src.markupChanged) this.log(describe(src));
            })
            .catch((e: unknown) => this.log(`${row.slug}: crawl failed: ${(e as Error).stack ?? String(e)}`))
            .finally(() => running.delete(row.slug));
          running.set(row.slug, run);
        }
      } catch (e) {
        this.log(`crawl scheduling failed: ${(e as Error).stack ?? String(e)}`);
      }
      for (let waited = 0; waited < tickMs && !this.stopped; waited += 500) await new Promise((r) => setTimeout(r, 500));
    }
    await Promise.all(running.values());
  }

  private politeness(def: SourceDef): Partial<FetchRequest> {
    const p = def.politeness;
    const o = this.opts.politeness ?? {};
    return {
      minIntervalMs: o.minIntervalMs ?? p.minIntervalMs,
      concurrency: o.concurrency ?? p.concurrency,
      allowPrivate: o.allowPrivate ?? p.allowPrivate,
      robots: p.robots,
      timeoutMs: p.timeoutMs,
      maxBytes: p.maxBytes,
      retries: p.retries,
      blockPatterns: def.blockPatterns.map((b) => new RegExp(b, 'iu')),
    };
  }

  private async fetchLogged(sourceId: number, def: SourceDef, req: FetchRequest, purpose: 'listing' | 'article' | 'recheck'): Promise<FetchResult> {
    const res = await this.fetcher.fetch({ ...this.politeness(def), ...req });
    this.fetches += res.attempts;
    await this.store.crawl.logFetch({
      sourceId,
      url: req.url,
      purpose,
      at: res.fetchedAt,
      ok: res.ok,
      status: res.ok ? res.status : res.status,
      errorKind: res.ok ? null : res.kind,
      message: res.ok ? null : res.message,
      elapsedMs: res.elapsedMs,
    });
    if (!res.ok && purpose === 'listing') this.log(`${def.slug}: ${req.url}: ${res.kind}: ${res.message}`);
    return res;
  }

  async runSource(sourceId: number, def: SourceDef, o: PassOptions): Promise<SourcePassSummary> {
    const sum: SourcePassSummary = { slug: def.slug, discovered: 0, stored: 0, failed: 0, rechecked: 0, unchanged: 0, edited: 0, suspect: 0, removed: 0, restored: 0, errors: 0, markupChanged: 0 };
    const markup = new MarkupPass();
    this.markup.set(sourceId, markup);
    const crawl = this.store.crawl;
    const now = this.now();
    const state = await crawl.sourceState(sourceId);
    const listingsDue = o.listings !== 'due' || !state.nextListingAt || state.nextListingAt <= now.toISOString();
    if (listingsDue && !this.stopped) await this.pollListings(sourceId, def, sum, markup);
    const workers = this.opts.workersPerSource ?? Math.max(1, (this.opts.politeness?.concurrency ?? def.politeness.concurrency ?? 1) * 2);
    const queued = await crawl.queuedUrls(sourceId, this.now().toISOString(), def.schedule.maxNewPerPass);
    await pool(queued, workers, async (row) => {
      if (!this.stopped) await this.captureNew(sourceId, def, row, sum);
    });
    const due = await crawl.dueRechecks(sourceId, this.now().toISOString(), this.opts.maxRechecksPerPass ?? 500, o.recheckAll);
    await pool(due, workers, async (row) => {
      if (!this.stopped) await this.recheck(sourceId, def, row, sum);
    });
    this.markup.delete(sourceId);
    sum.markupChanged = markup.problems.length;
    const drift = await crawl.recordMarkup(sourceId, this.now().toISOString(), markup.problems, markup.matched > 0);
    if (drift === 'started') this.log(`${def.slug}: markup changed: ${markup.problems[0].what} (${markup.problems[0].url})`);
    if (drift === 'cleared') this.log(`${def.slug}: pages match the adapter again`);
    return sum;
  }

  /** Polls a source's listings once: new URLs are queued in the store, the poll's time and the next one recorded. */
  async pollListings(sourceId: number, def: SourceDef, sum: SourcePassSummary, markup: MarkupPass): Promise<void> {
    const crawl = this.store.crawl;
    await discover(def, {
      fetch: async (req, purpose) => {
        const res = await this.fetchLogged(sourceId, def, req, purpose);
        if (!res.ok) sum.errors++;
        return res;
      },
      validators: (url) => crawl.listingValidators(url),
      saveValidators: (url, v) => crawl.saveListingValidators(sourceId, url, v, this.now().toISOString()),
      adapterProblem: async (url, message) => {
        sum.errors++;
        markup.add({ kind: 'changed', problem: listingMarkup(def, url, message) });
        this.log(`${def.slug}: ${url}: ${message}`);
        await crawl.logFetch({ sourceId, url, purpose: 'listing', at: this.now().toISOString(), ok: false, status: null, errorKind: 'extract', message, elapsedMs: null });
      },
      found: async (items: NewUrl[]) => {
        if (items.length) markup.add({ kind: 'matched' });
        const at = this.now();
        const added = await crawl.enqueue(sourceId, items, at.toISOString(), isoAfter(at, recheckDelayMs(0, def.schedule.recheckHours)));
        sum.discovered += added;
        return added;
      },
    });
    const at = this.now();
    await crawl.setListingPolled(sourceId, at.toISOString(), isoAfter(at, def.schedule.listingEveryMinutes * 60_000));
  }

  /** Builds the archive's article from a fetch (the same reading `wirewatch extract` shows). */
  private toArticle(def: SourceDef, row: CrawlUrlRow, res: FetchSuccess | null): { article: NormalizedArticle; extractor: ExtractorName; markup: MarkupVerdict } | { reason: string } {
    const r = readArticle(def, row, res, this.now);
    // Whether the page still fits the adapter, counted for the source's pass.
    const markup: MarkupVerdict = res ? articleMarkup(def, res.finalUrl, row.mode, r) : { kind: 'none' };
    this.markup.get(row.sourceId)?.add(markup);
    return r.ok ? { article: r.article, extractor: r.extractor, markup } : { reason: r.reason };
  }

  private capture(res: FetchResult, extractor: string | null, contentHash: string | null, errorKind: string | null): CaptureInput {
    return {
      takenAt: res.fetchedAt,
      url: res.finalUrl,
      httpStatus: res.status,
      headers: res.headers,
      rawSha256: res.sha256 || null,
      contentHash,
      extractor,
      errorKind,
    };
  }

  private async keepRaw(res: FetchResult): Promise<void> {
    if (res.sha256 && res.body && res.body.length) await this.store.crawl.putBlob(res.sha256, res.body, res.fetchedAt);
  }

  /** The first capture of one queued URL (a pass's article fetch, or one job of a shared queue). */
  async captureNew(sourceId: number, def: SourceDef, row: CrawlUrlRow, sum: SourcePassSummary): Promise<void> {
    const crawl = this.store.crawl;
    const useHint = row.mode !== 'page' && !!row.hint?.paragraphs?.length;
    let res: FetchResult | null = null;
    if (!useHint && row.mode !== 'feed') {
      res = await this.fetchLogged(sourceId, def, { url: row.fetchUrl }, 'article');
      if (!res.ok) {
        sum.errors++;
        const gone = res.kind === 'http' && (res.status === 404 || res.status === 410);
        const giveUp = gone || row.failCount >= 4 || ['ssrf', 'robots', 'bad-url', 'too-large', 'redirect-loop', 'too-many-redirects'].includes(res.kind);
        if (giveUp) sum.failed++;
        await crawl.recordFailure(row, res.fetchedAt, isoAfter(this.now(), failureDelayMs(row.failCount)), giveUp, null);
        return;
      }
      await this.keepRaw(res);
    }
    const built = this.toArticle(def, row, res && res.ok ? res : null);
    if ('reason' in built) {
      sum.errors++;
      const giveUp = row.failCount >= 2;
      if (giveUp) sum.failed++;
      await crawl.logFetch({ sourceId, url: row.fetchUrl, purpose: 'article', at: this.now().toISOString(), ok: false, status: res?.status ?? null, errorKind: 'extract', message: built.reason, elapsedMs: null });
      await crawl.recordFailure(row, this.now().toISOString(), isoAfter(this.now(), failureDelayMs(row.failCount + 2)), giveUp, null);
      return;
    }
    const takenAt = res?.fetchedAt ?? this.now().toISOString();
    const capture: CaptureInput = res
      ? this.capture(res, built.extractor, built.article.contentHash, null)
      : { takenAt, url: row.url, httpStatus: null, headers: null, rawSha256: null, contentHash: built.article.contentHash, extractor: built.extractor, errorKind: null };
    const next = row.mode === 'feed' ? NEVER : isoAfter(new Date(takenAt), recheckDelayMs(0, def.schedule.recheckHours));
    const v = res && res.ok ? { etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null, rawSha256: res.sha256 } : { etag: null, lastModified: null, rawSha256: null };
    const stored = await crawl.storeNew(row, { sourceId, article: built.article, seenAt: takenAt, origin: 'crawl', httpStatus: res?.status ?? null, extractor: built.extractor, rawSha256: capture.rawSha256 }, capture, v, next);
    sum.stored++;
    // A folded copy's page is another outlet page of a text already held: its pictures are not the article's.
    if (res?.ok && stored.kind !== 'folded') await this.images(def, sourceId, stored.id, res, takenAt);
  }

  /** One recheck of a tracked URL (in a pass, or one job of a shared queue). */
  async recheck(sourceId: number, def: SourceDef, row: CrawlUrlRow, sum: SourcePassSummary): Promise<void> {
    const crawl = this.store.crawl;
    if (row.mode === 'feed') return;
    const hours = def.schedule.recheckHours;
    const res = await this.fetchLogged(sourceId, def, { url: row.fetchUrl, etag: row.etag, lastModified: row.lastModified }, 'recheck');
    const at = new Date(res.fetchedAt);
    sum.rechecked++;
    const missing = res.ok ? (isRedirectHome(res, def, row) ? 'redirect to the home page' : null) : missingReason(res);
    if (missing) {
      await this.keepRaw(res);
      const wasSuspect = row.missingCount > 0;
      const confirm = def.schedule.confirmRemovalMinutes * 60_000;
      const next = isoAfter(at, wasSuspect ? recheckDelayMs(row.recheckStep + 1, hours) : confirm);
      const r = await crawl.recordMissing(row, this.capture(res, null, null, res.ok ? 'redirect-home' : res.kind === 'blocked' ? 'blocked' : 'gone'), missing, next);
      if (r === 'removed') {
        sum.removed++;
        this.log(`${def.slug}: removed from the source: ${row.url} (${missing})`);
      } else if (r === 'suspect') sum.suspect++;
      return;
    }
    if (!res.ok) {
      sum.errors++;
      await crawl.recordFailure(row, res.fetchedAt, isoAfter(at, failureDelayMs(row.failCount)), false, this.capture(res, null, null, res.kind));
      return;
    }
    const v = { etag: res.headers.etag ?? row.etag, lastModified: res.headers['last-modified'] ?? row.lastModified, rawSha256: res.notModified ? null : res.sha256 };
    // Not modified, or byte-identical: nothing to extract.
    if (res.notModified || (row.rawSha256 && res.sha256 === row.rawSha256)) {
      const out = await crawl.storeRecheck(row, null, this.capture(res, null, null, null), v, (changed) => {
        const step = changed ? 0 : row.recheckStep + 1;
        return { step, at: isoAfter(at, recheckDelayMs(step, hours)) };
      });
      this.count(out, sum, def, row);
      await this.images(def, sourceId, row.articleId!, res, res.fetchedAt, row.rawSha256);
      return;
    }
    await this.keepRaw(res);
    const built = this.toArticle(def, row, res);
    if ('reason' in built) {
      sum.errors++;
      await crawl.logFetch({ sourceId, url: row.fetchUrl, purpose: 'recheck', at: res.fetchedAt, ok: false, status: res.status, errorKind: 'extract', message: built.reason, elapsedMs: null });
      await crawl.recordFailure(row, res.fetchedAt, isoAfter(at, failureDelayMs(row.failCount)), false, this.capture(res, null, null, 'extract'));
      return;
    }
    if (built.extractor === 'readability' && built.markup.kind === 'changed') {
      // The adapter no longer fits this page: the generic reader's text is no edit of the article. The raw
      // page is kept (capture marked markup-changed) and read again once the page or the adapter changes.
      const out = await crawl.storeRecheck(row, null, this.capture(res, built.extractor, null, 'markup-changed'), { etag: row.etag, lastModified: row.lastModified, rawSha256: null }, (changed) => {
        const step = changed ? 0 : row.recheckStep + 1;
        return { step, at: isoAfter(at, recheckDelayMs(step, hours)) };
      });
      this.count(out, sum, def, row);
      await this.images(def, sourceId, row.articleId!, res, res.fetchedAt);
      return;
    }
    const next = (edited: boolean) => {
      // An edited or restored article is watched closely again.
      const step = edited ? 0 : row.recheckStep + 1;
      return { step, at: isoAfter(at, recheckDelayMs(step, hours)) };
    };
    if (row.contentHash && built.article.contentHash !== row.contentHash && (await this.onlyVolatileChanged(sourceId, def, row, built.article))) {
      const out = await crawl.storeRecheck(row, null, this.capture(res, built.extractor, null, 'volatile-text'), v, next);
      this.count(out, sum, def, row);
      await this.images(def, sourceId, row.articleId!, res, res.fetchedAt);
      return;
    }
    const out = await crawl.storeRecheck(row, built.article, this.capture(res, built.extractor, built.article.contentHash, null), v, next);
    this.count(out, sum, def, row);
    await this.images(def, sourceId, row.articleId!, res, res.fetchedAt);
  }

  /** The article's images as this read of its page shows them (never fails the crawl: problems are logged). */
  private async images(def: SourceDef, sourceId: number, articleId: number, page: FetchSuccess, at: string, storedRaw?: string | null): Promise<void> {
    if (this.opts.images === false) return;
    const fetchImage = async (url: string, v?: { etag: string | null; lastModified: string | null }) => {
      const res = await this.fetcher.fetch({ ...this.politeness(def), url, maxBytes: IMAGE_MAX_BYTES, blockPatterns: [], etag: v?.etag, lastModified: v?.lastModified });
      this.fetches += res.attempts;
      return res;
    };
    await articleImages({ store: this.store, fetch: fetchImage, log: this.log }, { def, sourceId, articleId, page, at, storedRaw });
  }

  /**
   * A text that differs from the last one read is read once more: a page that changes on every fetch (a
   * view counter, a clock inside the text) would otherwise be an endless series of edits.
   */
  private async onlyVolatileChanged(sourceId: number, def: SourceDef, row: CrawlUrlRow, article: NormalizedArticle): Promise<boolean> {
    const again = await this.fetchLogged(sourceId, def, { url: row.fetchUrl }, 'recheck');
    if (!again.ok || again.notModified) return false;
    const read = readArticle(def, row, again, this.now);
    const stored = read.ok ? await this.store.getArticle(row.articleId!) : null;
    if (!read.ok || !stored) return false;
    return sameButVolatile({ title: stored.title, paragraphs: stored.body }, article, read.article);
  }

  private count(out: string, sum: SourcePassSummary, def: SourceDef, row: CrawlUrlRow): void {
    if (out === 'unchanged' || out === 'recaptured') sum.unchanged++;
    if (out === 'edited' || out === 'restored-edited') {
      sum.edited++;
      this.log(`${def.slug}: edited: ${row.url}`);
    }
    if (out === 'restored' || out === 'restored-edited') {
      sum.restored++;
      this.log(`${def.slug}: restored at the source: ${row.url}`);
    }
  }
}

function missingReason(res: FetchFailure): string | null {
  if (res.kind === 'http' && (res.status === 404 || res.status === 410)) return `HTTP ${res.status}`;
  // A captcha or maintenance page stands in front of every page for a while: a failure, not a removal.
  if (res.kind === 'blocked' && (res.blockPage ?? 'block') === 'block') return 'block page';
  return null;
}

/** An article URL that now lands on the home page (or a listing) is gone. */
function isRedirectHome(res: FetchSuccess, def: SourceDef, row: CrawlUrlRow): boolean {
  if (res.redirects.length === 0) return false;
  let final: URL;
  try {
    final = new URL(res.finalUrl);
  } catch {
    return false;
  }
  const same = (u: string) => {
    try {
      return canonicalUrl(u) === canonicalUrl(res.finalUrl);
    } catch {
      return false;
    }
  };
  if (same(row.url)) return false;
  if (same(def.homepage)) return true;
  if (def.adapter.kind === 'html' && def.adapter.listings.some((l) => same(l.url))) return true;
  return /^\/(?:(?:index|main|home)\.(?:php|html?|jsp))?$/i.test(final.pathname) && final.search === '';
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  const worker = async () => {
    while (i < items.length) {
      const item = items[i++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

export function describe(s: SourcePassSummary): string {
  const parts = [`${s.discovered} new URLs`, `${s.stored} stored`];
  if (s.rechecked) parts.push(`${s.rechecked} rechecked (${s.edited} edited, ${s.suspect} missing once, ${s.removed} removed, ${s.restored} restored)`);
  if (s.failed) parts.push(`${s.failed} given up`);
  if (s.errors) parts.push(`${s.errors} errors (see /sources/${s.slug}/health)`);
  if (s.markupChanged) parts.push(`${s.markupChanged} pages no longer match the adapter (markup changed)`);
  return `${s.slug}: ${parts.join(', ')}`;
}
