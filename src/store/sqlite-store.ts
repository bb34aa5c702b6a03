import type Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database as Schema } from './schema.js';
import { articleIdByUrl, articlesOfDay, countsByDay, latestArticles, neighbours, pageAround, readArticle, sourcePageItems, sourcesWithCounts, yearCounts } from './article-reads.js';
import { bodyText } from '../normalize/body-text.js';
import { sameTextIn } from './fold-copies.js';
import { openSqlite } from './open-sqlite.js';
import { SqliteCrawlStore } from './sqlite-crawl-store.js';
import { SqliteAccounts } from './sqlite-accounts.js';
import { GenerationMemo } from './generation-memo.js';
import { VersionChangeRecorder } from './version-changes.js';

/** Listing entries between two position anchors (see sourcePosition). */
const ANCHOR_STEP = 2048;
import type { AheadWork, Article, ArticleSummary, IngestItem, IngestOutcome, SourceInput, SourceRow, Stats, Store } from './store.js';

/** Called inside the ingest transaction for each new or changed article (search indexing hooks in here). */
export type IngestHook = (raw: Database.Database, articleId: number, item: IngestItem, outcome: IngestOutcome) => void;

/**
 * A hook that gathers its writes and makes them at the end of the ingest transaction. A full-text index
 * needs this: while an FTS5 table has writes pending, every statement that opens a statement journal
 * (multi-row inserts, upserts, nested transactions) makes FTS5 flush them as a tiny segment of its own.
 */
export interface DeferredWrites {
  /** Makes the gathered writes (called inside the transaction, after every article of the batch). */
  flush(): void;
  /** Forgets the gathered writes (the transaction is rolling back). */
  discard(): void;
}

export class SqliteStore implements Store {
  private readonly hooks: IngestHook[] = [];
  private readonly deferred: DeferredWrites[] = [];
  /** Counts over whole sources, kept until the archive changes (here or in another process). */
  private readonly countCache = new Map<string, unknown>();
  private cacheStamp = '';
  /** Costly derived values (listing anchors), kept until the archive changes. */
  private readonly memo: GenerationMemo;
  private readonly stmts;

  private constructor(
    readonly raw: Database.Database,
    readonly db: Kysely<Schema>,
  ) {
    // The ingest path runs synchronously on prepared statements: it is the import's hot loop.
    this.memo = new GenerationMemo(raw);
    this.stmts = {
      byUrl: raw.prepare<[string], { article_id: number }>('SELECT article_id FROM article_urls WHERE url = ?'),
      // Candidates for "the same text": the source's articles with the same boilerplate-insensitive key.
      byTextKey: raw.prepare<[number, number], { id: number; body_hash: string; published: string; title: string; content_hash: string }>(
        'SELECT id, body_hash, published, title, content_hash FROM articles WHERE source_id = ? AND text_key = ? ORDER BY id LIMIT 32',
      ),
      current: raw.prepare<[number], { content_hash: string; title: string; body: string; first_seen: string }>(
        'SELECT content_hash, title, body, first_seen FROM articles WHERE id = ?',
      ),
      versionExists: raw.prepare<[number, string], { id: number }>('SELECT id FROM versions WHERE article_id = ? AND content_hash = ? LIMIT 1'),
      insertArticle: raw.prepare(
        `INSERT INTO articles (source_id, url, lang, title, title_derived, published, published_at, date_precision, date_from,
           body, body_hash, content_hash, text_key, first_seen, last_seen, status, damaged, repaired, listing_date)
         VALUES (@source_id, @url, @lang, @title, @title_derived, @published, @published_at, @date_precision, @date_from,
           @body, @body_hash, @content_hash, @text_key, @first_seen, @last_seen, 'live', @damaged, @repaired, @listing_date)`,
      ),
      insertUrl: raw.prepare('INSERT OR IGNORE INTO article_urls (url, article_id, is_canonical, is_copy) VALUES (?, ?, ?, ?)'),
      insertCapture: raw.prepare(
        `INSERT INTO captures (article_id, taken_at, origin, url, http_status, content_hash, raw_sha256, extractor)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertVersion: raw.prepare('INSERT INTO versions (article_id, title, body, content_hash, seen_at) VALUES (?, ?, ?, ?, ?)'),
      insertEditEvent: raw.prepare("INSERT INTO events (type, article_id, source_id, at, detail) VALUES ('edited', ?, ?, ?, ?)"),
      totalChanges: raw.prepare('SELECT total_changes()'),
      countSource: raw.prepare('SELECT count(*) FROM articles WHERE source_id = ?'),
      // Row values keep both counts on the (source_id, published, id) index.
      countNewer: raw.prepare('SELECT count(*) FROM articles WHERE source_id = ? AND (published, id) > (?, ?)'),
      countBetween: raw.prepare('SELECT count(*) FROM articles WHERE source_id = ? AND (published, id) > (?, ?) AND (published, id) < (?, ?)'),
      listingKeys: raw.prepare('SELECT published, id FROM articles WHERE source_id = ? ORDER BY published DESC, id DESC').raw(),
      touch: raw.prepare('UPDATE articles SET last_seen = max(last_seen, ?) WHERE id = ?'),
    };
    // What each new version changed is recorded with it, first, so later hooks (alerts) can read it.
    const changes = new VersionChangeRecorder(raw);
    this.hooks.push((_raw, id, _item, outcome) => {
      if (outcome.kind === 'merged' || outcome.kind === 'folded') changes.record(id);
    });
  }

  static async open(path: string): Promise<SqliteStore> {
    const { raw, db } = await openSqlite(path);
    return new SqliteStore(raw, db);
  }

  addIngestHook(hook: IngestHook, deferred?: DeferredWrites): void {
    this.hooks.push(hook);
    if (deferred) this.deferred.push(deferred);
  }

  /** Runs `work` and then the hooks' deferred writes, inside the caller's transaction; on error they are dropped. */
  private withDeferred<T>(work: () => T): T {
    try {
      const result = work();
      this.flushDeferred();
      return result;
    } catch (error) {
      this.discardDeferred();
      throw error;
    }
  }

  private flushDeferred(): void {
    for (const d of this.deferred) d.flush();
  }

  private discardDeferred(): void {
    for (const d of this.deferred) d.discard();
  }

  async ensureSource(input: SourceInput): Promise<number> {
    const found = await this.db.selectFrom('sources').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (found) return found.id;
    const res = await this.db
      .insertInto('sources')
      .values({
        slug: input.slug,
        name: input.name,
        homepage: input.homepage ?? null,
        lang: input.lang ?? null,
        config: JSON.stringify(input.config ?? {}),
        enabled: 1,
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return res.id;
  }

  async ingestBatch(items: IngestItem[]): Promise<IngestOutcome[]> {
    return this.ingestSync(items);
  }

  /** The same as `ingestBatch`, synchronously (the crawler nests it in its own transaction). */
  ingestSync(items: IngestItem[]): IngestOutcome[] {
    // Inside `bulk` the open transaction holds the batch; the deferred writes wait for its commit.
    if (this.inBulk) return items.map((item) => this.ingestOne(item));
    return this.raw.transaction(() => this.withDeferred(() => items.map((item) => this.ingestOne(item))))();
  }

  private inBulk = false;

  async bulk<T>(work: () => Promise<T>): Promise<T> {
    if (this.inBulk) return work();
    this.raw.exec('BEGIN');
    this.inBulk = true;
    try {
      const result = await work();
      this.flushDeferred();
      this.raw.exec('COMMIT');
      return result;
    } catch (error) {
      this.discardDeferred();
      if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
      throw error;
    } finally {
      this.inBulk = false;
    }
  }

  /** FTS5 tokenizes inside SQLite: nothing to compute ahead. */
  preparedAhead(): AheadWork {
    return {};
  }

  private crawlStore?: SqliteCrawlStore;

  /** The crawler's queue, schedule, captures, events and health. */
  get crawl(): SqliteCrawlStore {
    this.crawlStore ??= new SqliteCrawlStore(
      this.raw,
      (items) => this.ingestSync(items),
      (id, item, outcome) => this.withDeferred(() => {
        for (const hook of this.hooks) hook(this.raw, id, item, outcome);
      }),
      // Events (removals, restorations) reach the hooks' deferred writes (alerts) before the crawl's commit.
      () => this.flushDeferred(),
    );
    return this.crawlStore;
  }

  private accountStore?: SqliteAccounts;

  /** Users, API tokens and web sessions. */
  get accounts(): SqliteAccounts {
    this.accountStore ??= new SqliteAccounts(this.raw);
    return this.accountStore;
  }

  private ingestOne(item: IngestItem): IngestOutcome {
    const a = item.article;
    const s = this.stmts;
    const known = s.byUrl.get(a.url) ?? a.aliases.map((u) => s.byUrl.get(u)).find(Boolean);
    let outcome: IngestOutcome;
    if (known) {
      const id = known.article_id;
      const cur = s.current.get(id)!;
      if (cur.content_hash === a.contentHash || s.versionExists.get(id, a.contentHash)) {
        outcome = { kind: 'unchanged', id };
      } else {
        // Another text under the same URL: kept as a version, never dropped, and recorded as an edit as
        // the crawler records one (the events feed and saved searches' alerts hear of it).
        s.insertVersion.run(id, a.title, bodyText(a), a.contentHash, item.seenAt);
        s.insertEditEvent.run(id, item.sourceId, item.seenAt, JSON.stringify({ from: cur.content_hash, to: a.contentHash, via: 'import' }));
        outcome = { kind: 'merged', id };
      }
      s.touch.run(item.seenAt, id);
    } else {
      const copy = this.sameText(item.sourceId, a);
      if (copy) {
        // One text, one article: this URL becomes another address of it. A copy whose title or
        // boilerplate differs keeps its own wording as a version, so nothing is lost.
        const id = copy.id;
        if (copy.content_hash !== a.contentHash && !s.versionExists.get(id, a.contentHash)) {
          s.insertVersion.run(id, a.title, bodyText(a), a.contentHash, item.seenAt);
        }
        s.touch.run(item.seenAt, id);
        outcome = { kind: 'folded', id, how: copy.body_hash === a.bodyHash ? 'exact' : 'near' };
      } else {
        const info = s.insertArticle.run({
          source_id: item.sourceId,
          url: a.url,
          lang: a.lang,
          title: a.title,
          title_derived: a.titleDerived ? 1 : 0,
          published: a.published,
          published_at: a.publishedAt,
          date_precision: a.datePrecision,
          date_from: a.dateFrom,
          body: bodyText(a),
          body_hash: a.bodyHash,
          content_hash: a.contentHash,
          text_key: a.textKey,
          first_seen: item.seenAt,
          last_seen: item.seenAt,
          damaged: a.damaged ? 1 : 0,
          repaired: a.repaired ? 1 : 0,
          listing_date: a.listingDate,
        });
        outcome = { kind: 'imported', id: Number(info.lastInsertRowid) };
      }
    }
    const copyUrl = outcome.kind === 'folded' ? 1 : 0;
    s.insertUrl.run(a.url, outcome.id, outcome.kind === 'imported' ? 1 : 0, copyUrl);
    for (const alias of a.aliases) s.insertUrl.run(alias, outcome.id, 0, copyUrl);
    if (outcome.kind !== 'unchanged') {
      s.insertCapture.run(outcome.id, item.seenAt, item.origin, a.url, item.httpStatus ?? null, a.contentHash, item.rawSha256 ?? null, item.extractor ?? null);
    }
    for (const hook of this.hooks) hook(this.raw, outcome.id, item, outcome);
    return outcome;
  }

  /**
   * The article of this source that already holds the text: the same body exactly, or (a near-exact copy)
   * the same date and title with a body that differs only in boilerplate (the same text key).
   */
  private sameText(sourceId: number, a: IngestItem['article']) {
    return sameTextIn(this.stmts.byTextKey.all(sourceId, a.textKey), a);
  }


  async getArticle(id: number): Promise<Article | null> {
    return readArticle(this.db, id);
  }

  /** The article stored under this URL or an equivalent form of it (src/urls/equivalent.ts: scheme, www., slash, tracking). */
  async findArticleIdByUrl(url: string): Promise<number | null> {
    return articleIdByUrl(this.db, url);
  }

  async listSources(): Promise<SourceRow[]> {
    return this.cachedCount('sources', () => sourcesWithCounts(this.db));
  }

  async getSource(slug: string): Promise<SourceRow | null> {
    return (await this.listSources()).find((s) => s.slug === slug) ?? null;
  }

  /**
   * Memoizes a count until the database changes: `data_version` moves on other connections' commits,
   * `total_changes()` on this connection's own writes.
   */
  private async cachedCount<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const stamp = `${this.raw.pragma('data_version', { simple: true })}:${this.stmts.totalChanges.pluck().get()}`;
    if (stamp !== this.cacheStamp) {
      this.countCache.clear();
      this.cacheStamp = stamp;
    }
    if (!this.countCache.has(key)) this.countCache.set(key, await compute());
    return this.countCache.get(key) as T;
  }

  async sourceArticles(sourceId: number, page: number, perPage: number): Promise<{ total: number; items: ArticleSummary[] }> {
    const total = await this.sourceTotal(sourceId);
    return { total, items: await sourcePageItems(this.db, sourceId, page, perPage) };
  }

  async sourceYearCounts(sourceId: number): Promise<{ year: string; count: number }[]> {
    return this.cachedCount(`years:${sourceId}`, () => yearCounts(this.db, sourceId));
  }

  async sourcePosition(article: Article): Promise<number> {
    // Every ANCHOR_STEP-th entry of the listing is known with its offset, so only the rows between the
    // article and the anchor just newer than it are counted (a count walks the index row by row).
    const anchors = this.listingAnchors(article.sourceId);
    let lo = 0;
    let hi = anchors.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [published, id] = anchors[mid];
      if (published > article.published || (published === article.published && id >= article.id)) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at < 0) return this.stmts.countNewer.pluck().get(article.sourceId, article.published, article.id) as number;
    const [published, id] = anchors[at];
    if (published === article.published && id === article.id) return at * ANCHOR_STEP;
    const between = this.stmts.countBetween.pluck().get(article.sourceId, article.published, article.id, published, id) as number;
    return at * ANCHOR_STEP + 1 + between;
  }

  /** (published, id) of every ANCHOR_STEP-th article of a source's newest-first listing. */
  private listingAnchors(sourceId: number): Array<[string, number]> {
    return this.memo.get(`anchors:${sourceId}`, () => {
      const out: Array<[string, number]> = [];
      let n = 0;
      for (const row of this.stmts.listingKeys.iterate(sourceId) as IterableIterator<[string, number]>) {
        if (n++ % ANCHOR_STEP === 0) out.push(row);
      }
      return out;
    });
  }

  async previousAndNext(article: Article): Promise<{ previous: ArticleSummary | null; next: ArticleSummary | null }> {
    const [older] = await neighbours(this.db, article, 'older', 1);
    const [newer] = await neighbours(this.db, article, 'newer', 1);
    return { previous: older ?? null, next: newer ?? null };
  }

  async sourcePageOf(article: Article, perPage: number): Promise<{ page: number; total: number; items: ArticleSummary[] }> {
    const [position, total] = await Promise.all([this.sourcePosition(article), this.sourceTotal(article.sourceId)]);
    return { ...(await pageAround(this.db, article, position, perPage)), total };
  }

  private sourceTotal(sourceId: number): Promise<number> {
    return this.cachedCount(`total:${sourceId}`, async () => this.stmts.countSource.pluck().get(sourceId) as number);
  }

  async latest(limit: number): Promise<ArticleSummary[]> {
    return latestArticles(this.db, limit);
  }

  async stats(): Promise<Stats> {
    const row = this.raw
      .prepare(
        `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM sources) AS sources,
                (SELECT count(*) FROM article_urls WHERE is_copy = 1) AS duplicates,
                (SELECT count(*) FROM articles WHERE damaged = 1) AS damaged`,
      )
      .get() as Stats;
    return row;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async sourceDataDays(slug: string, from: string, to: string): Promise<string[]> {
    // Fetch times are UTC instants; their day is read on the Pyongyang calendar (UTC+9), as publication dates are.
    const rows = await sql<{ day: string }>`
      SELECT day FROM (
        SELECT a.published AS day FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.slug = ${slug} AND a.published >= ${from} AND a.published <= ${to}
        UNION SELECT substr(datetime(f.at, '+9 hours'), 1, 10) AS day FROM fetch_log f JOIN sources s ON s.id = f.source_id WHERE s.slug = ${slug} AND f.ok = 1 AND f.at >= ${from}
      ) WHERE day >= ${from} AND day <= ${to} ORDER BY day`.execute(this.db);
    return rows.rows.map((r) => r.day);
  }

  async dayArticles(day: string): Promise<ArticleSummary[]> {
    return articlesOfDay(this.db, day);
  }

  async daysAround(day: string): Promise<{ previous: string | null; next: string | null }> {
    // Each is one step down the (published, id) index.
    const previous = this.raw.prepare<[string], string | null>('SELECT max(published) FROM articles WHERE published < ?').pluck().get(day) ?? null;
    const next = this.raw.prepare<[string], string | null>('SELECT min(published) FROM articles WHERE published > ?').pluck().get(day) ?? null;
    return { previous, next };
  }

  async dayCounts(from: string, to: string): Promise<{ day: string; count: number }[]> {
    return countsByDay(this.db, from, to);
  }
}
