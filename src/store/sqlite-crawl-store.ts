import type Database from 'better-sqlite3';
import { compressBlob, decompressBlob, healthDays, markupChangedOf, networkErrorOf, safeJson, sourceHealthOf, toEventRow, toUrlRow, versionList, type EventDbRow, type UrlDbRow } from './crawl-rows.js';
import type { NormalizedArticle } from '../normalize/article.js';
import type {
  CaptureInput,
  CrawlSourceRow,
  CrawlStore,
  CrawlUrlRow,
  EventRow,
  FetchLogEntry,
  IngestSync,
  MarkupChanged,
  MarkupProblem,
  NetworkError,
  NewUrl,
  RecheckOutcome,
  RemovedRow,
  SourceHealth,
  TextCapture,
  Validators,
  VersionRow,
} from './crawl-store.js';
import type { IngestItem, IngestOutcome } from './store.js';

/** The crawler's tables on SQLite (prepared statements; each outcome in one transaction). */
export class SqliteCrawlStore implements CrawlStore {
  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once, reused: the crawl's hot path runs these for every page. */
  private prepare(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.raw.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private pending: { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private flushScheduled = false;

  /**
   * Writes from concurrent crawl workers are gathered and committed together, each in its own
   * savepoint: one commit per batch instead of one per page. A caller's promise settles after the commit.
   */
  private write<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.raw.transaction(() => {
        for (const w of batch) {
          try {
            results.push({ ok: true, value: this.raw.transaction(w.fn)() });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
        this.beforeCommit();
      })();
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const r = results[i];
      if (r.ok) w.resolve(r.value);
      else w.reject(r.error);
    });
  }

  constructor(
    private readonly raw: Database.Database,
    private readonly ingest: IngestSync,
    private readonly afterChange: (articleId: number, item: IngestItem, outcome: IngestOutcome) => void,
    private readonly beforeCommit: () => void = () => {},
  ) {}

  async upsertSource(input: { slug: string; name: string; homepage: string | null; lang: string | null; config: unknown; enabled: boolean }) {
    const found = this.prepare('SELECT id FROM sources WHERE slug = ?').get(input.slug) as { id: number } | undefined;
    const config = JSON.stringify(input.config ?? {});
    if (found) {
      this.prepare('UPDATE sources SET name = ?, homepage = coalesce(?, homepage), config = ? WHERE id = ?').run(input.name, input.homepage, config, found.id);
      return { id: found.id, created: false };
    }
    const info = this
      .prepare('INSERT INTO sources (slug, name, homepage, lang, config, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.slug, input.name, input.homepage, input.lang, config, input.enabled ? 1 : 0, new Date().toISOString());
    return { id: Number(info.lastInsertRowid), created: true };
  }

  async setSourceEnabled(slug: string, enabled: boolean): Promise<boolean> {
    return this.prepare('UPDATE sources SET enabled = ? WHERE slug = ?').run(enabled ? 1 : 0, slug).changes > 0;
  }

  async crawlSources(): Promise<CrawlSourceRow[]> {
    const rows = this.prepare('SELECT id, slug, name, homepage, lang, enabled, config FROM sources ORDER BY slug').all() as {
      id: number;
      slug: string;
      name: string;
      homepage: string | null;
      lang: string | null;
      enabled: number;
      config: string;
    }[];
    return rows.map((r) => ({ ...r, enabled: r.enabled === 1, config: safeJson(r.config) }));
  }

  async sourceState(sourceId: number) {
    const r = this.prepare('SELECT next_listing_at, last_listing_at FROM source_state WHERE source_id = ?').get(sourceId) as
      | { next_listing_at: string | null; last_listing_at: string | null }
      | undefined;
    return { nextListingAt: r?.next_listing_at ?? null, lastListingAt: r?.last_listing_at ?? null };
  }

  async setListingPolled(sourceId: number, at: string, nextAt: string): Promise<void> {
    this
      .prepare(
        `INSERT INTO source_state (source_id, next_listing_at, last_listing_at) VALUES (?, ?, ?)
         ON CONFLICT(source_id) DO UPDATE SET next_listing_at = excluded.next_listing_at, last_listing_at = excluded.last_listing_at`,
      )
      .run(sourceId, nextAt, at);
  }

  async listingValidators(url: string): Promise<Validators | null> {
    const r = this.prepare('SELECT etag, last_modified, raw_sha256 FROM crawl_listings WHERE url = ?').get(url) as
      | { etag: string | null; last_modified: string | null; raw_sha256: string | null }
      | undefined;
    return r ? { etag: r.etag, lastModified: r.last_modified, rawSha256: r.raw_sha256 } : null;
  }

  async saveListingValidators(sourceId: number, url: string, v: Validators, at: string): Promise<void> {
    this
      .prepare(
        `INSERT INTO crawl_listings (url, source_id, etag, last_modified, raw_sha256, last_polled_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, raw_sha256 = excluded.raw_sha256, last_polled_at = excluded.last_polled_at`,
      )
      .run(url, sourceId, v.etag, v.lastModified, v.rawSha256, at);
  }

  async enqueue(sourceId: number, items: NewUrl[], now: string, firstRecheckAt: string): Promise<number> {
    const exists = this.prepare('SELECT 1 FROM crawl_urls WHERE url = ?');
    const archived = this.prepare('SELECT article_id FROM article_urls WHERE url = ?');
    const insert = this.prepare(
      `INSERT OR IGNORE INTO crawl_urls (source_id, url, fetch_url, mode, state, article_id, listing_date, hint, discovered_at, next_check_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.write(() => {
      let added = 0;
      for (const it of items) {
        if (exists.get(it.url)) continue;
        const known = archived.get(it.url) as { article_id: number } | undefined;
        const hint = it.hint ? JSON.stringify(it.hint) : null;
        if (known) insert.run(sourceId, it.url, it.fetchUrl, it.mode, 'done', known.article_id, it.listingDate, hint, now, firstRecheckAt);
        else if (insert.run(sourceId, it.url, it.fetchUrl, it.mode, 'queued', null, it.listingDate, hint, now, now).changes) added++;
      }
      return added;
    });
  }

  async queuedUrls(sourceId: number, now: string, limit: number): Promise<CrawlUrlRow[]> {
    const rows = this
      .prepare(`SELECT * FROM crawl_urls WHERE source_id = ? AND state = 'queued' AND next_check_at <= ? ORDER BY id LIMIT ?`)
      .all(sourceId, now, limit) as UrlDbRow[];
    return rows.map(toUrlRow);
  }

  async dueRechecks(sourceId: number, now: string, limit: number, all = false): Promise<CrawlUrlRow[]> {
    const rows = this
      .prepare(
        `SELECT * FROM crawl_urls WHERE source_id = ? AND state = 'done' AND article_id IS NOT NULL AND (? OR next_check_at <= ?)
         ORDER BY next_check_at LIMIT ?`,
      )
      .all(sourceId, all ? 1 : 0, now, limit) as UrlDbRow[];
    return rows.map(toUrlRow);
  }

  async putBlob(sha256: string, body: Buffer, at: string): Promise<void> {
    if (!sha256 || this.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256)) return;
    const data = compressBlob(body);
    return this.write(() => {
      this.prepare('INSERT OR IGNORE INTO blobs (sha256, encoding, size, data, stored_at) VALUES (?, ?, ?, ?, ?)').run(sha256, 'br', body.length, data, at);
    });
  }

  async getBlob(sha256: string): Promise<Buffer | null> {
    const r = this.prepare('SELECT encoding, data FROM blobs WHERE sha256 = ?').get(sha256) as { encoding: string; data: Buffer } | undefined;
    if (!r) return null;
    return decompressBlob(r.encoding, r.data);
  }

  async logFetch(e: FetchLogEntry): Promise<void> {
    return this.write(() => {
      this.prepare('INSERT INTO fetch_log (source_id, url, purpose, at, ok, status, error_kind, message, elapsed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        e.sourceId, e.url, e.purpose, e.at, e.ok ? 1 : 0, e.status, e.errorKind, e.message?.slice(0, 500) ?? null, e.elapsedMs,
      );
    });
  }

  private insertCapture(articleId: number, c: CaptureInput): void {
    this
      .prepare(
        `INSERT INTO captures (article_id, taken_at, origin, url, http_status, content_hash, raw_sha256, extractor, headers, error_kind)
         VALUES (?, ?, 'crawl', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(articleId, c.takenAt, c.url, c.httpStatus, c.contentHash, c.rawSha256, c.extractor, c.headers ? JSON.stringify(c.headers) : null, c.errorKind);
  }

  private markDone(row: CrawlUrlRow, articleId: number, at: string, next: string, step: number, v: Validators, contentHash: string | null): void {
    this
      .prepare(
        `UPDATE crawl_urls SET state = 'done', article_id = ?, last_checked_at = ?, next_check_at = ?, recheck_step = ?, missing_count = 0,
           missing_since = NULL, fail_count = 0, etag = ?, last_modified = ?, raw_sha256 = coalesce(?, raw_sha256),
           content_hash = coalesce(?, content_hash) WHERE id = ?`,
      )
      .run(articleId, at, next, step, v.etag, v.lastModified, v.rawSha256, contentHash, row.id);
  }

  async storeNew(row: CrawlUrlRow, item: IngestItem, capture: CaptureInput, v: Validators, nextCheckAt: string): Promise<IngestOutcome> {
    return this.write(() => {
      const [outcome] = this.ingest([item]);
      const id = outcome.id;
      if (outcome.kind === 'unchanged') this.insertCapture(id, capture);
      else {
        this.prepare('UPDATE captures SET headers = ? WHERE id = (SELECT max(id) FROM captures WHERE article_id = ?)')
          .run(capture.headers ? JSON.stringify(capture.headers) : null, id);
      }
      this.prepare('UPDATE articles SET text_seen_at = coalesce(text_seen_at, first_seen) WHERE id = ?').run(id);
      this.markDone(row, id, capture.takenAt, nextCheckAt, 0, v, item.article.contentHash);
      return outcome;
    });
  }

  async storeRecheck(
    row: CrawlUrlRow,
    article: NormalizedArticle | null,
    capture: CaptureInput,
    v: Validators,
    next: (changed: boolean) => { step: number; at: string },
  ): Promise<RecheckOutcome> {
    const id = row.articleId!;
    return this.write(() => {
      // An article whose text came from an import has no crawled text yet: the first crawled text
      // differing from it is another rendering of the same article (other scraper, other cleaning), kept
      // as a version but not reported as an edit.
      const baseline = !this.prepare(`SELECT 1 FROM captures WHERE article_id = ? AND origin = 'crawl' AND content_hash IS NOT NULL LIMIT 1`).get(id);
      this.insertCapture(id, capture);
      const cur = this.prepare('SELECT title, body, content_hash, status, text_seen_at, first_seen FROM articles WHERE id = ?').get(id) as {
        title: string;
        body: string;
        content_hash: string;
        status: string;
        text_seen_at: string | null;
        first_seen: string;
      };
      let edited = false;
      // A URL that is a near-exact copy of the article serves its own wording every time: not an edit.
      if (article && article.contentHash !== cur.content_hash && article.contentHash !== row.contentHash) {
        edited = true;
        this.prepare('INSERT INTO versions (article_id, title, body, content_hash, seen_at) VALUES (?, ?, ?, ?, ?)')
          .run(id, cur.title, cur.body, cur.content_hash, cur.text_seen_at ?? cur.first_seen);
        this.prepare(
            `UPDATE articles SET title = ?, title_derived = ?, body = ?, body_hash = ?, content_hash = ?, text_key = ?, damaged = ?, repaired = ?, text_seen_at = ? WHERE id = ?`,
          )
          .run(article.title, article.titleDerived ? 1 : 0, article.paragraphs.join('\n'), article.bodyHash, article.contentHash, article.textKey, article.damaged ? 1 : 0, article.repaired ? 1 : 0, capture.takenAt, id);
        this.event(baseline ? 'recaptured' : 'edited', id, row.sourceId, capture.takenAt, { from: cur.content_hash, to: article.contentHash });
        const item: IngestItem = { sourceId: row.sourceId, article, seenAt: capture.takenAt, origin: 'crawl', httpStatus: capture.httpStatus, extractor: capture.extractor, rawSha256: capture.rawSha256 };
        this.afterChange(id, item, { kind: 'merged', id });
      }
      let restored = false;
      if (cur.status === 'removed') {
        restored = true;
        this.prepare(`UPDATE articles SET status = 'restored', removed_at = NULL WHERE id = ?`).run(id);
        this.event('restored', id, row.sourceId, capture.takenAt, { status: capture.httpStatus });
      }
      this.prepare('UPDATE articles SET last_seen = max(last_seen, ?) WHERE id = ?').run(capture.takenAt, id);
      const { step, at } = next((edited && !baseline) || restored);
      this.markDone(row, id, capture.takenAt, at, step, v, article?.contentHash ?? null);
      if (baseline && edited && !restored) return 'recaptured';
      return restored ? (edited ? 'restored-edited' : 'restored') : edited ? 'edited' : 'unchanged';
    });
  }

  async recordMissing(row: CrawlUrlRow, capture: CaptureInput, reason: string, nextCheckAt: string): Promise<'suspect' | 'removed' | 'still-removed'> {
    const id = row.articleId!;
    return this.write(() => {
      this.insertCapture(id, capture);
      const missing = row.missingCount + 1;
      const since = row.missingSince ?? capture.takenAt;
      const cur = this.prepare('SELECT status FROM articles WHERE id = ?').get(id) as { status: string };
      let result: 'suspect' | 'removed' | 'still-removed' = 'suspect';
      // The same text published under several URLs is one article: it is gone only when no URL serves it.
      const servedElsewhere = this.prepare(`SELECT 1 FROM crawl_urls WHERE article_id = ? AND id != ? AND state = 'done' AND missing_count = 0 LIMIT 1`).get(id, row.id);
      if (cur.status === 'removed') result = 'still-removed';
      else if (missing >= 2 && !servedElsewhere) {
        result = 'removed';
        this.prepare(`UPDATE articles SET status = 'removed', removed_at = ? WHERE id = ?`).run(since, id);
        this.event('removed', id, row.sourceId, capture.takenAt, { reason, firstMissingAt: since, status: capture.httpStatus });
      }
      this
        .prepare(
          `UPDATE crawl_urls SET last_checked_at = ?, next_check_at = ?, missing_count = ?, missing_since = ?, fail_count = 0 WHERE id = ?`,
        )
        .run(capture.takenAt, nextCheckAt, missing, since, row.id);
      return result;
    });
  }

  async recordFailure(row: CrawlUrlRow, at: string, nextCheckAt: string, giveUp: boolean, capture: CaptureInput | null): Promise<void> {
    return this.write(() => {
      if (capture && row.articleId) this.insertCapture(row.articleId, capture);
      this
        .prepare(`UPDATE crawl_urls SET last_checked_at = ?, next_check_at = ?, fail_count = fail_count + 1, state = ? WHERE id = ?`)
        .run(at, nextCheckAt, giveUp ? 'failed' : row.state, row.id);
    });
  }

  async recordMarkup(sourceId: number, at: string, problems: MarkupProblem[], matched: boolean): Promise<'started' | 'continued' | 'cleared' | 'none'> {
    return this.write(() => {
      const open = this.prepare('SELECT since FROM source_markup WHERE source_id = ?').get(sourceId) as { since: string } | undefined;
      if (problems.length) {
        const last = problems.at(-1)!;
        if (open) {
          this.prepare('UPDATE source_markup SET last_seen_at = ?, url = ?, what = ?, count = count + ? WHERE source_id = ?').run(at, last.url, last.what, problems.length, sourceId);
          return 'continued';
        }
        this.prepare('INSERT INTO source_markup (source_id, since, last_seen_at, url, what, count) VALUES (?, ?, ?, ?, ?, ?)').run(sourceId, at, at, problems[0].url, problems[0].what, problems.length);
        const others = [...new Set(problems.map((p) => p.what))];
        this.event('markup-changed', null, sourceId, at, { url: problems[0].url, what: problems[0].what, pages: problems.length, failed: others });
        return 'started';
      }
      if (open && matched) {
        this.prepare('DELETE FROM source_markup WHERE source_id = ?').run(sourceId);
        return 'cleared';
      }
      return 'none';
    });
  }

  private markupChanged(sourceId: number): MarkupChanged | null {
    return markupChangedOf(
      this.prepare('SELECT since, last_seen_at, url, what, count FROM source_markup WHERE source_id = ?').get(sourceId) as
        | { since: string; last_seen_at: string; url: string; what: string; count: number }
        | undefined,
    );
  }

  /** The latest listing poll, when it failed before the page could be read. */
  private networkError(sourceId: number): NetworkError | null {
    return networkErrorOf(
      this
        .prepare(`SELECT at, ok, status, error_kind, message, url FROM fetch_log WHERE source_id = ? AND purpose = 'listing' AND (error_kind IS NULL OR error_kind != 'extract') ORDER BY at DESC, id DESC LIMIT 1`)
        .get(sourceId) as { at: string; ok: number; status: number | null; error_kind: string | null; message: string | null; url: string } | undefined,
    );
  }

  private event(type: string, articleId: number | null, sourceId: number, at: string, detail: Record<string, unknown>): void {
    this.prepare('INSERT INTO events (type, article_id, source_id, at, detail) VALUES (?, ?, ?, ?, ?)').run(type, articleId, sourceId, at, JSON.stringify(detail));
  }

  async events(opts: { type?: string; limit: number; articleId?: number }): Promise<EventRow[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.type) {
      where.push('e.type = ?');
      args.push(opts.type);
    }
    if (opts.articleId !== undefined) {
      where.push('e.article_id = ?');
      args.push(opts.articleId);
    }
    const rows = this
      .prepare(
        `SELECT e.id, e.type, e.at, e.article_id, e.detail, s.slug AS source_slug, a.title, a.url
         FROM events e LEFT JOIN articles a ON a.id = e.article_id LEFT JOIN sources s ON s.id = e.source_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.at DESC, e.id DESC LIMIT ?`,
      )
      .all(...args, opts.limit) as EventDbRow[];
    return rows.map(toEventRow);
  }

  async removedArticles(limit: number): Promise<RemovedRow[]> {
    const rows = this
      .prepare(
        `SELECT a.id, a.title, a.url, a.lang, a.published, a.removed_at, s.slug, s.name,
           (SELECT max(c.taken_at) FROM captures c WHERE c.article_id = a.id AND c.content_hash IS NOT NULL) AS last_captured
         FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.status = 'removed' ORDER BY a.removed_at DESC, a.id DESC LIMIT ?`,
      )
      .all(limit) as { id: number; title: string; url: string; lang: string; published: string; removed_at: string; slug: string; name: string; last_captured: string | null }[];
    return rows.map((r) => ({ id: r.id, title: r.title, url: r.url, lang: r.lang, published: r.published, sourceSlug: r.slug, sourceName: r.name, removedAt: r.removed_at, lastCapturedAt: r.last_captured }));
  }

  async versions(articleId: number): Promise<VersionRow[]> {
    const cur = this.prepare('SELECT title, body, content_hash, text_seen_at, first_seen FROM articles WHERE id = ?').get(articleId) as
      | { title: string; body: string; content_hash: string; text_seen_at: string | null; first_seen: string }
      | undefined;
    if (!cur) return [];
    const older = this.prepare('SELECT title, body, content_hash, seen_at FROM versions WHERE article_id = ? ORDER BY seen_at, id').all(articleId) as {
      title: string;
      body: string;
      content_hash: string;
      seen_at: string;
    }[];
    return versionList(older, cur);
  }

  async textCaptures(articleId: number): Promise<TextCapture[]> {
    const rows = this
      .prepare('SELECT taken_at, origin, url, http_status, raw_sha256, content_hash, headers FROM captures WHERE article_id = ? AND content_hash IS NOT NULL ORDER BY taken_at, id')
      .all(articleId) as { taken_at: string; origin: string; url: string; http_status: number | null; raw_sha256: string | null; content_hash: string; headers: string | null }[];
    return rows.map((r) => ({
      takenAt: r.taken_at,
      origin: r.origin,
      url: r.url,
      httpStatus: r.http_status,
      rawSha256: r.raw_sha256,
      contentHash: r.content_hash,
      headers: r.headers ? (JSON.parse(r.headers) as Record<string, string>) : null,
    }));
  }

  async lastCapture(articleId: number) {
    const r = this
      .prepare('SELECT taken_at, http_status FROM captures WHERE article_id = ? AND content_hash IS NOT NULL ORDER BY taken_at DESC, id DESC LIMIT 1')
      .get(articleId) as { taken_at: string; http_status: number | null } | undefined;
    return r ? { takenAt: r.taken_at, httpStatus: r.http_status } : null;
  }

  async sourceHealth(slug: string, now: Date): Promise<SourceHealth | null> {
    const s = this.prepare('SELECT id, slug, name, enabled FROM sources WHERE slug = ?').get(slug) as { id: number; slug: string; name: string; enabled: number } | undefined;
    if (!s) return null;
    const { today, dayStr, weekAgo } = healthDays(now);
    const f = this.prepare('SELECT coalesce(sum(ok), 0) AS ok, count(*) AS total FROM fetch_log WHERE source_id = ? AND at >= ?').get(s.id, weekAgo) as { ok: number; total: number };
    const lastOk = this.prepare('SELECT max(at) AS at FROM fetch_log WHERE source_id = ? AND ok = 1').get(s.id) as { at: string | null };
    const lastError = this
      .prepare('SELECT at, error_kind, message, url FROM fetch_log WHERE source_id = ? AND ok = 0 ORDER BY at DESC, id DESC LIMIT 1')
      .get(s.id) as { at: string; error_kind: string | null; message: string | null; url: string } | undefined;
    const crawled = (this.prepare('SELECT count(*) AS n FROM fetch_log WHERE source_id = ?').get(s.id) as { n: number }).n > 0;
    const counts = new Map(
      (this
        .prepare('SELECT published AS day, count(*) AS n FROM articles WHERE source_id = ? AND published >= ? AND published <= ? GROUP BY published')
        .all(s.id, dayStr(30), today) as { day: string; n: number }[]).map((r) => [r.day, r.n]),
    );
    const q = this
      .prepare(`SELECT sum(state = 'queued') AS queued, sum(state = 'done') AS tracked FROM crawl_urls WHERE source_id = ?`)
      .get(s.id) as { queued: number | null; tracked: number | null };
    const removed = (this.prepare(`SELECT count(*) AS n FROM articles WHERE source_id = ? AND status = 'removed'`).get(s.id) as { n: number }).n;
    const st = await this.sourceState(s.id);
    return sourceHealthOf(
      {
        source: s,
        fetches: f,
        lastOkAt: lastOk.at,
        lastError,
        crawled,
        counts,
        queued: q.queued,
        tracked: q.tracked,
        removed,
        nextListingAt: st.nextListingAt,
        markupChanged: this.markupChanged(s.id),
        networkError: this.networkError(s.id),
      },
      now,
    );
  }
}
