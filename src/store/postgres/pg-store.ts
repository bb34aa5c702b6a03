import { sql, type ControlledTransaction, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Database as Schema } from '../schema.js';
import {
  articleIdByUrl,
  articlesOfDay,
  countsByDay,
  latestArticles,
  neighbours,
  pageAround,
  readArticle,
  sourcePageItems,
  sourcesWithCounts,
  yearCounts,
} from '../article-reads.js';
import type { AheadWork, Article, ArticleSummary, IngestItem, IngestOutcome, SourceInput, SourceRow, Stats, Store } from '../store.js';
import { openPostgres } from './open-postgres.js';
import { BatchView, lockBatch } from './pg-ingest-article.js';
import { gathersNew, type PgDeferredWrites, type PgIngestHook, type PgTx } from './pg-ingest.js';
import { BatchWrites, NEW_ARTICLES_PER_STATEMENT, type IngestStep } from './pg-ingest-writes.js';
import { recordVersionChanges } from './pg-version-changes.js';
import { PgCrawlStore } from './pg-crawl-store.js';
import { PgAccounts } from './pg-accounts.js';

/** Errors after which a write transaction is run again: serialization failure, deadlock, a unique key another process took first. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const MAX_TRIES = 6;

/**
 * The archive in PostgreSQL, with the SQLite store's semantics. Writes that run the ingest hooks take turns
 * within a process (the hooks' deferred writes belong to one transaction at a time); other processes
 * writing the same archive are kept apart by row locks and advisory locks on the URLs and texts they store.
 */
export class PostgresStore implements Store {
  private readonly hooks: PgIngestHook[] = [];
  private readonly deferred: PgDeferredWrites[] = [];
  /** The transaction `bulk` holds open: the batches it ingests and the reads meanwhile go through it. */
  private bulkTx: ControlledTransaction<Schema> | null = null;
  /** The tail of this process's write queue. */
  private writeTail: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly pool: pg.Pool,
    readonly db: Kysely<Schema>,
  ) {
    // What each new version changed is recorded with it, first, so later hooks (alerts) can read it.
    this.hooks.push(
      gathersNew(async (tx, id, _item, outcome) => {
        if (outcome.kind === 'merged' || outcome.kind === 'folded') await recordVersionChanges(tx, id);
      }),
    );
  }

  static async open(url: string, opts: { max?: number } = {}): Promise<PostgresStore> {
    const { pool, db } = await openPostgres(url, opts);
    return new PostgresStore(pool, db);
  }

  addIngestHook(hook: PgIngestHook, deferred?: PgDeferredWrites): void {
    this.hooks.push(hook);
    if (deferred) this.deferred.push(deferred);
  }

  /** Reads go through `bulk`'s open transaction while there is one, so they see what it wrote. */
  private get q(): Kysely<Schema> {
    return this.bulkTx ?? this.db;
  }

  /**
   * Runs `fn` and then the hooks' deferred writes as one transaction, after this process's earlier writes;
   * run again from the start when PostgreSQL reports a conflict with another process (so `fn` must only
   * write through `tx`). Inside `bulk`, runs in bulk's transaction and the deferred writes wait for its end.
   */
  async transaction<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    if (this.bulkTx) return fn(this.bulkTx);
    const run = this.writeTail.then(() => this.withRetries(fn));
    this.writeTail = run.catch(() => {});
    return run;
  }

  private async withRetries<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (tx) => {
          const result = await fn(tx);
          for (const d of this.deferred) await d.flush(tx);
          return result;
        });
      } catch (error) {
        this.discardDeferred();
        if (attempt >= MAX_TRIES || !RETRYABLE.has(String((error as { code?: unknown }).code))) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  private discardDeferred(): void {
    for (const d of this.deferred) d.discard();
  }

  /** Runs every ingest hook for an article inside the caller's transaction (the crawl store's edits). */
  async runHooks(tx: PgTx, articleId: number, item: IngestItem, outcome: IngestOutcome): Promise<void> {
    for (const hook of this.hooks) await hook(tx, articleId, item, outcome);
  }

  async ensureSource(input: SourceInput): Promise<number> {
    const found = await this.q.selectFrom('sources').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (found) return found.id;
    // Another process may add the same source meanwhile: the slug is unique, the first one stays.
    await this.q
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
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    const row = await this.q.selectFrom('sources').select('id').where('slug', '=', input.slug).executeTakeFirstOrThrow();
    return row.id;
  }

  async ingestBatch(items: IngestItem[]): Promise<IngestOutcome[]> {
    if (items.length === 0) return [];
    return this.transaction((tx) => this.ingestIn(tx, items));
  }

  /**
   * Stores a batch inside the caller's transaction, running the hooks for each article in order (the crawl
   * store's first captures). Each hook sees its article written and nothing after it; when no hook makes
   * a statement for a new article (`PgIngestHook.onlyGathersNew`), a run of new articles is written in
   * one statement and the hooks then called for each, which none of them can tell apart.
   */
  async ingestIn(tx: PgTx, items: IngestItem[]): Promise<IngestOutcome[]> {
    await lockBatch(tx, items);
    const view = await BatchView.load(tx, items);
    const steps: IngestStep[] = [];
    for (const item of items) steps.push(await view.decide(item));
    const writes = new BatchWrites(tx);
    const together = this.hooks.every((h) => h.onlyGathersNew);
    let run: IngestStep[] = [];
    const writeRun = async () => {
      await writes.insertNew(run);
      for (const step of run) await this.runHooks(tx, step.outcome.id, step.item, step.outcome);
      run = [];
    };
    for (const step of steps) {
      if (step.outcome.kind === 'imported') {
        run.push(step);
        if (!together || run.length >= NEW_ARTICLES_PER_STATEMENT) await writeRun();
        continue;
      }
      await writeRun();
      await writes.write(step);
      await this.runHooks(tx, step.outcome.id, step.item, step.outcome);
    }
    await writeRun();
    await writes.finish();
    return steps.map((s) => s.outcome);
  }

  async bulk<T>(work: () => Promise<T>): Promise<T> {
    if (this.bulkTx) return work();
    // After this process's earlier writes, and before its later ones.
    const run = this.writeTail.then(async () => {
      const tx = await this.db.startTransaction().execute();
      this.bulkTx = tx;
      try {
        const result = await work();
        for (const d of this.deferred) await d.flush(tx);
        this.bulkTx = null;
        await tx.commit().execute();
        return result;
      } catch (error) {
        this.bulkTx = null;
        this.discardDeferred();
        await tx.rollback().execute().catch(() => {});
        throw error;
      }
    });
    this.writeTail = run.catch(() => {});
    return run;
  }

  preparedAhead(): AheadWork {
    return Object.assign({}, ...this.deferred.map((d) => d.preparedAhead ?? {}));
  }

  private crawlStore?: PgCrawlStore;

  /** The crawler's queue, schedule, captures, events and health. */
  get crawl(): PgCrawlStore {
    this.crawlStore ??= new PgCrawlStore(this);
    return this.crawlStore;
  }

  private accountStore?: PgAccounts;

  /** Users, API tokens and web sessions. */
  get accounts(): PgAccounts {
    this.accountStore ??= new PgAccounts(this.db);
    return this.accountStore;
  }

  async getArticle(id: number): Promise<Article | null> {
    return readArticle(this.q, id);
  }

  async findArticleIdByUrl(url: string): Promise<number | null> {
    return articleIdByUrl(this.q, url);
  }

  async listSources(): Promise<SourceRow[]> {
    return sourcesWithCounts(this.q);
  }

  async getSource(slug: string): Promise<SourceRow | null> {
    return (await this.listSources()).find((s) => s.slug === slug) ?? null;
  }

  async sourceArticles(sourceId: number, page: number, perPage: number): Promise<{ total: number; items: ArticleSummary[] }> {
    const [total, items] = await Promise.all([this.sourceTotal(sourceId), sourcePageItems(this.q, sourceId, page, perPage)]);
    return { total, items };
  }

  async sourceYearCounts(sourceId: number): Promise<{ year: string; count: number }[]> {
    return yearCounts(this.q, sourceId);
  }

  /** Counted along the (source_id, published, id) index, without visiting the table. */
  async sourcePosition(article: Article): Promise<number> {
    const r = await sql<{ n: number }>`
      SELECT count(*) AS n FROM articles WHERE source_id = ${article.sourceId} AND (published, id) > (${article.published}, ${article.id}::bigint)`.execute(this.q);
    return r.rows[0].n;
  }

  async sourcePageOf(article: Article, perPage: number): Promise<{ page: number; total: number; items: ArticleSummary[] }> {
    const [position, total] = await Promise.all([this.sourcePosition(article), this.sourceTotal(article.sourceId)]);
    return { ...(await pageAround(this.q, article, position, perPage)), total };
  }

  async previousAndNext(article: Article): Promise<{ previous: ArticleSummary | null; next: ArticleSummary | null }> {
    const [[older], [newer]] = await Promise.all([neighbours(this.q, article, 'older', 1), neighbours(this.q, article, 'newer', 1)]);
    return { previous: older ?? null, next: newer ?? null };
  }

  private async sourceTotal(sourceId: number): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM articles WHERE source_id = ${sourceId}`.execute(this.q);
    return r.rows[0].n;
  }

  async latest(limit: number): Promise<ArticleSummary[]> {
    return latestArticles(this.q, limit);
  }

  async stats(): Promise<Stats> {
    const r = await sql<Stats>`
      SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM sources) AS sources,
             (SELECT count(*) FROM article_urls WHERE is_copy = 1) AS duplicates,
             (SELECT count(*) FROM articles WHERE damaged = 1) AS damaged`.execute(this.q);
    return r.rows[0];
  }

  async close(): Promise<void> {
    if (this.bulkTx) await this.bulkTx.rollback().execute().catch(() => {});
    await this.db.destroy();
  }

  async sourceDataDays(slug: string, from: string, to: string): Promise<string[]> {
    // Fetch times are UTC instants; their day is read on the Pyongyang calendar (UTC+9), as publication dates are.
    const rows = await sql<{ day: string }>`
      SELECT day FROM (
        SELECT a.published AS day FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.slug = ${slug} AND a.published >= ${from} AND a.published <= ${to}
        UNION SELECT to_char((f.at::timestamptz AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM-DD') COLLATE "C" AS day
          FROM fetch_log f JOIN sources s ON s.id = f.source_id WHERE s.slug = ${slug} AND f.ok = 1 AND f.at >= ${from}
      ) AS days WHERE day >= ${from} AND day <= ${to} ORDER BY day`.execute(this.q);
    return rows.rows.map((r) => r.day);
  }

  async dayArticles(day: string): Promise<ArticleSummary[]> {
    return articlesOfDay(this.q, day);
  }

  async daysAround(day: string): Promise<{ previous: string | null; next: string | null }> {
    const r = await sql<{ previous: string | null; next: string | null }>`
      SELECT (SELECT max(published) FROM articles WHERE published < ${day}) AS previous,
             (SELECT min(published) FROM articles WHERE published > ${day}) AS next`.execute(this.q);
    return { previous: r.rows[0].previous ?? null, next: r.rows[0].next ?? null };
  }

  async dayCounts(from: string, to: string): Promise<{ day: string; count: number }[]> {
    return countsByDay(this.q, from, to);
  }
}
