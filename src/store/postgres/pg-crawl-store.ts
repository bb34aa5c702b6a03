import { sql, type Kysely } from 'kysely';
import type { NormalizedArticle } from '../../normalize/article.js';
import type {
  CaptureInput,
  CrawlSourceRow,
  CrawlStore,
  CrawlUrlRow,
  EventRow,
  FetchLogEntry,
  MarkupProblem,
  NewUrl,
  RecheckOutcome,
  RemovedRow,
  SourceHealth,
  TextCapture,
  Validators,
  VersionRow,
} from '../crawl-store.js';
import {
  compressBlob,
  decompressBlob,
  healthDays,
  markupChangedOf,
  networkErrorOf,
  safeJson,
  sourceHealthOf,
  toEventRow,
  toUrlRow,
  versionList,
  type EventDbRow,
  type UrlDbRow,
} from '../crawl-rows.js';
import type { Database as Schema } from '../schema.js';
import type { IngestItem, IngestOutcome } from '../store.js';
import type { PgTx } from './pg-ingest.js';

/** What the crawl store needs of the PostgreSQL store: its connection, its write transactions, its ingest and hooks. */
export interface PgStoreCore {
  readonly db: Kysely<Schema>;
  transaction<T>(fn: (tx: PgTx) => Promise<T>): Promise<T>;
  ingestIn(tx: PgTx, items: IngestItem[]): Promise<IngestOutcome[]>;
  runHooks(tx: PgTx, articleId: number, item: IngestItem, outcome: IngestOutcome): Promise<void>;
}

/** Rows of one statement queuing a listing's URLs (18 values each, under the 65,535 a statement may carry). */
const ENQUEUE_ROWS = 1000;

const one = async <T>(q: Promise<{ rows: T[] }>): Promise<T | undefined> => (await q).rows[0];

/**
 * The crawler's tables on PostgreSQL, with the SQLite crawl store's semantics. Each outcome is one
 * transaction that also runs the ingest hooks (and their deferred writes), and takes the article's row
 * lock first: two workers rechecking one article take turns.
 */
export class PgCrawlStore implements CrawlStore {
  constructor(private readonly store: PgStoreCore) {}

  private get db(): Kysely<Schema> {
    return this.store.db;
  }

  async upsertSource(input: { slug: string; name: string; homepage: string | null; lang: string | null; config: unknown; enabled: boolean }) {
    const config = JSON.stringify(input.config ?? {});
    // Inserted unless the slug exists; `xmax = 0` tells a row this statement created from one it updated.
    const r = await one(
      sql<{ id: number; created: boolean }>`
        INSERT INTO sources (slug, name, homepage, lang, config, enabled, created_at)
        VALUES (${input.slug}, ${input.name}, ${input.homepage}, ${input.lang}, ${config}, ${input.enabled ? 1 : 0}, ${new Date().toISOString()})
        ON CONFLICT (slug) DO UPDATE SET name = excluded.name, homepage = coalesce(excluded.homepage, sources.homepage), config = excluded.config
        RETURNING id, (xmax = 0) AS created`.execute(this.db),
    );
    return { id: r!.id, created: r!.created };
  }

  async setSourceEnabled(slug: string, enabled: boolean): Promise<boolean> {
    const r = await this.db.updateTable('sources').set({ enabled: enabled ? 1 : 0 }).where('slug', '=', slug).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async crawlSources(): Promise<CrawlSourceRow[]> {
    const rows = await this.db.selectFrom('sources').select(['id', 'slug', 'name', 'homepage', 'lang', 'enabled', 'config']).orderBy('slug').execute();
    return rows.map((r) => ({ ...r, enabled: r.enabled === 1, config: safeJson(r.config) }));
  }

  async sourceState(sourceId: number) {
    const r = await this.db.selectFrom('source_state').select(['next_listing_at', 'last_listing_at']).where('source_id', '=', sourceId).executeTakeFirst();
    return { nextListingAt: r?.next_listing_at ?? null, lastListingAt: r?.last_listing_at ?? null };
  }

  async setListingPolled(sourceId: number, at: string, nextAt: string): Promise<void> {
    await this.db
      .insertInto('source_state')
      .values({ source_id: sourceId, next_listing_at: nextAt, last_listing_at: at })
      .onConflict((oc) => oc.column('source_id').doUpdateSet((eb) => ({ next_listing_at: eb.ref('excluded.next_listing_at'), last_listing_at: eb.ref('excluded.last_listing_at') })))
      .execute();
  }

  async listingValidators(url: string): Promise<Validators | null> {
    const r = await this.db.selectFrom('crawl_listings').select(['etag', 'last_modified', 'raw_sha256']).where('url', '=', url).executeTakeFirst();
    return r ? { etag: r.etag, lastModified: r.last_modified, rawSha256: r.raw_sha256 } : null;
  }

  async saveListingValidators(sourceId: number, url: string, v: Validators, at: string): Promise<void> {
    await this.db
      .insertInto('crawl_listings')
      .values({ url, source_id: sourceId, etag: v.etag, last_modified: v.lastModified, raw_sha256: v.rawSha256, last_polled_at: at })
      .onConflict((oc) =>
        oc.column('url').doUpdateSet((eb) => ({
          etag: eb.ref('excluded.etag'),
          last_modified: eb.ref('excluded.last_modified'),
          raw_sha256: eb.ref('excluded.raw_sha256'),
          last_polled_at: eb.ref('excluded.last_polled_at'),
        })),
      )
      .execute();
  }

  async enqueue(sourceId: number, items: NewUrl[], now: string, firstRecheckAt: string): Promise<number> {
    if (items.length === 0) return 0;
    return this.store.transaction(async (tx) => {
      const urls = items.map((it) => it.url);
      const archived = new Map(
        (await tx.selectFrom('article_urls').select(['url', 'article_id']).where('url', '=', sql<string>`ANY(${urls}::text[])`).execute()).map((r) => [r.url, r.article_id]),
      );
      // One statement for a listing's URLs (a statement each cost a worker's poll most of its time);
      // a URL already queued (by this process or another), or twice in the listing, stays as it first was.
      const firsts = new Map<string, NewUrl>();
      for (const it of items) if (!firsts.has(it.url)) firsts.set(it.url, it);
      const rows = [...firsts.values()].map((it) => {
        const known = archived.get(it.url);
        return {
          source_id: sourceId,
          url: it.url,
          fetch_url: it.fetchUrl,
          mode: it.mode,
          state: known !== undefined ? 'done' : 'queued',
          article_id: known ?? null,
          listing_date: it.listingDate,
          hint: it.hint ? JSON.stringify(it.hint) : null,
          discovered_at: now,
          last_checked_at: null,
          next_check_at: known !== undefined ? firstRecheckAt : now,
          recheck_step: 0,
          missing_count: 0,
          missing_since: null,
          fail_count: 0,
          etag: null,
          last_modified: null,
          raw_sha256: null,
        };
      });
      let added = 0;
      for (let i = 0; i < rows.length; i += ENQUEUE_ROWS) {
        const inserted = await tx
          .insertInto('crawl_urls')
          .values(rows.slice(i, i + ENQUEUE_ROWS))
          .onConflict((oc) => oc.column('url').doNothing())
          .returning('url')
          .execute();
        for (const r of inserted) if (!archived.has(r.url)) added++;
      }
      return added;
    });
  }

  async queuedUrls(sourceId: number, now: string, limit: number): Promise<CrawlUrlRow[]> {
    const rows = await sql<UrlDbRow>`
      SELECT * FROM crawl_urls WHERE source_id = ${sourceId} AND state = 'queued' AND next_check_at <= ${now} ORDER BY id LIMIT ${limit}`.execute(this.db);
    return rows.rows.map(toUrlRow);
  }

  async dueRechecks(sourceId: number, now: string, limit: number, all = false): Promise<CrawlUrlRow[]> {
    const rows = await sql<UrlDbRow>`
      SELECT * FROM crawl_urls WHERE source_id = ${sourceId} AND state = 'done' AND article_id IS NOT NULL AND (${all} OR next_check_at <= ${now})
      ORDER BY next_check_at, id LIMIT ${limit}`.execute(this.db);
    return rows.rows.map(toUrlRow);
  }

  async putBlob(sha256: string, body: Buffer, at: string): Promise<void> {
    if (!sha256 || (await this.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst())) return;
    await this.db
      .insertInto('blobs')
      .values({ sha256, encoding: 'br', size: body.length, data: compressBlob(body), stored_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async getBlob(sha256: string): Promise<Buffer | null> {
    const r = await this.db.selectFrom('blobs').select(['encoding', 'data']).where('sha256', '=', sha256).executeTakeFirst();
    return r ? decompressBlob(r.encoding, r.data) : null;
  }

  async logFetch(e: FetchLogEntry): Promise<void> {
    await this.db
      .insertInto('fetch_log')
      .values({
        source_id: e.sourceId,
        url: e.url,
        purpose: e.purpose,
        at: e.at,
        ok: e.ok ? 1 : 0,
        status: e.status,
        error_kind: e.errorKind,
        message: e.message?.slice(0, 500) ?? null,
        elapsed_ms: e.elapsedMs,
      })
      .execute();
  }

  private async insertCapture(tx: PgTx, articleId: number, c: CaptureInput): Promise<void> {
    await tx
      .insertInto('captures')
      .values({
        article_id: articleId,
        taken_at: c.takenAt,
        origin: 'crawl',
        url: c.url,
        http_status: c.httpStatus,
        content_hash: c.contentHash,
        raw_sha256: c.rawSha256,
        extractor: c.extractor,
        headers: c.headers ? JSON.stringify(c.headers) : null,
        error_kind: c.errorKind,
      })
      .execute();
  }

  private async markDone(tx: PgTx, row: CrawlUrlRow, articleId: number, at: string, next: string, step: number, v: Validators, contentHash: string | null) {
    await sql`UPDATE crawl_urls SET state = 'done', article_id = ${articleId}, last_checked_at = ${at}, next_check_at = ${next}, recheck_step = ${step},
        missing_count = 0, missing_since = NULL, fail_count = 0, etag = ${v.etag}, last_modified = ${v.lastModified},
        raw_sha256 = coalesce(${v.rawSha256}, raw_sha256), content_hash = coalesce(${contentHash}, content_hash) WHERE id = ${row.id}`.execute(tx);
  }

  private async event(tx: PgTx, type: string, articleId: number | null, sourceId: number, at: string, detail: Record<string, unknown>): Promise<void> {
    await tx.insertInto('events').values({ type, article_id: articleId, source_id: sourceId, at, detail: JSON.stringify(detail) }).execute();
  }

  async storeNew(row: CrawlUrlRow, item: IngestItem, capture: CaptureInput, v: Validators, nextCheckAt: string): Promise<IngestOutcome> {
    return this.store.transaction(async (tx) => {
      const [outcome] = await this.store.ingestIn(tx, [item]);
      const id = outcome.id;
      if (outcome.kind === 'unchanged') await this.insertCapture(tx, id, capture);
      else {
        await sql`UPDATE captures SET headers = ${capture.headers ? JSON.stringify(capture.headers) : null}
          WHERE id = (SELECT max(id) FROM captures WHERE article_id = ${id})`.execute(tx);
      }
      await sql`UPDATE articles SET text_seen_at = coalesce(text_seen_at, first_seen) WHERE id = ${id}`.execute(tx);
      await this.markDone(tx, row, id, capture.takenAt, nextCheckAt, 0, v, item.article.contentHash);
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
    return this.store.transaction(async (tx) => {
      const cur = (await one(
        sql<{ title: string; body: string; content_hash: string; status: string; text_seen_at: string | null; first_seen: string }>`
          SELECT title, body, content_hash, status, text_seen_at, first_seen FROM articles WHERE id = ${id} FOR UPDATE`.execute(tx),
      ))!;
      // An article whose text came from an import has no crawled text yet: the first crawled text
      // differing from it is another rendering of the same article (other scraper, other cleaning), kept
      // as a version but not reported as an edit.
      const baseline = !(await one(sql`SELECT 1 FROM captures WHERE article_id = ${id} AND origin = 'crawl' AND content_hash IS NOT NULL LIMIT 1`.execute(tx)));
      await this.insertCapture(tx, id, capture);
      let edited = false;
      // A URL that is a near-exact copy of the article serves its own wording every time: not an edit.
      if (article && article.contentHash !== cur.content_hash && article.contentHash !== row.contentHash) {
        edited = true;
        await tx
          .insertInto('versions')
          .values({ article_id: id, title: cur.title, body: cur.body, content_hash: cur.content_hash, seen_at: cur.text_seen_at ?? cur.first_seen })
          .execute();
        await tx
          .updateTable('articles')
          .set({
            title: article.title,
            title_derived: article.titleDerived ? 1 : 0,
            body: article.paragraphs.join('\n'),
            body_hash: article.bodyHash,
            content_hash: article.contentHash,
            text_key: article.textKey,
            damaged: article.damaged ? 1 : 0,
            repaired: article.repaired ? 1 : 0,
            text_seen_at: capture.takenAt,
          })
          .where('id', '=', id)
          .execute();
        await this.event(tx, baseline ? 'recaptured' : 'edited', id, row.sourceId, capture.takenAt, { from: cur.content_hash, to: article.contentHash });
        const item: IngestItem = { sourceId: row.sourceId, article, seenAt: capture.takenAt, origin: 'crawl', httpStatus: capture.httpStatus, extractor: capture.extractor, rawSha256: capture.rawSha256 };
        await this.store.runHooks(tx, id, item, { kind: 'merged', id });
      }
      let restored = false;
      if (cur.status === 'removed') {
        restored = true;
        await sql`UPDATE articles SET status = 'restored', removed_at = NULL WHERE id = ${id}`.execute(tx);
        await this.event(tx, 'restored', id, row.sourceId, capture.takenAt, { status: capture.httpStatus });
      }
      await sql`UPDATE articles SET last_seen = greatest(last_seen, ${capture.takenAt}) WHERE id = ${id}`.execute(tx);
      const { step, at } = next((edited && !baseline) || restored);
      await this.markDone(tx, row, id, capture.takenAt, at, step, v, article?.contentHash ?? null);
      if (baseline && edited && !restored) return 'recaptured';
      return restored ? (edited ? 'restored-edited' : 'restored') : edited ? 'edited' : 'unchanged';
    });
  }

  async recordMissing(row: CrawlUrlRow, capture: CaptureInput, reason: string, nextCheckAt: string): Promise<'suspect' | 'removed' | 'still-removed'> {
    const id = row.articleId!;
    return this.store.transaction(async (tx) => {
      const cur = (await one(sql<{ status: string }>`SELECT status FROM articles WHERE id = ${id} FOR UPDATE`.execute(tx)))!;
      await this.insertCapture(tx, id, capture);
      const missing = row.missingCount + 1;
      const since = row.missingSince ?? capture.takenAt;
      let result: 'suspect' | 'removed' | 'still-removed' = 'suspect';
      // The same text published under several URLs is one article: it is gone only when no URL serves it.
      const servedElsewhere = await one(
        sql`SELECT 1 FROM crawl_urls WHERE article_id = ${id} AND id != ${row.id} AND state = 'done' AND missing_count = 0 LIMIT 1`.execute(tx),
      );
      if (cur.status === 'removed') result = 'still-removed';
      else if (missing >= 2 && !servedElsewhere) {
        result = 'removed';
        await sql`UPDATE articles SET status = 'removed', removed_at = ${since} WHERE id = ${id}`.execute(tx);
        await this.event(tx, 'removed', id, row.sourceId, capture.takenAt, { reason, firstMissingAt: since, status: capture.httpStatus });
      }
      await sql`UPDATE crawl_urls SET last_checked_at = ${capture.takenAt}, next_check_at = ${nextCheckAt}, missing_count = ${missing},
          missing_since = ${since}, fail_count = 0 WHERE id = ${row.id}`.execute(tx);
      return result;
    });
  }

  async recordFailure(row: CrawlUrlRow, at: string, nextCheckAt: string, giveUp: boolean, capture: CaptureInput | null): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (capture && row.articleId) await this.insertCapture(tx, row.articleId, capture);
      await sql`UPDATE crawl_urls SET last_checked_at = ${at}, next_check_at = ${nextCheckAt}, fail_count = fail_count + 1,
          state = ${giveUp ? 'failed' : row.state} WHERE id = ${row.id}`.execute(tx);
    });
  }

  async recordMarkup(sourceId: number, at: string, problems: MarkupProblem[], matched: boolean): Promise<'started' | 'continued' | 'cleared' | 'none'> {
    return this.store.transaction(async (tx) => {
      const open = await one(sql<{ since: string }>`SELECT since FROM source_markup WHERE source_id = ${sourceId} FOR UPDATE`.execute(tx));
      if (problems.length) {
        const last = problems.at(-1)!;
        if (open) {
          await sql`UPDATE source_markup SET last_seen_at = ${at}, url = ${last.url}, what = ${last.what}, count = count + ${problems.length} WHERE source_id = ${sourceId}`.execute(tx);
          return 'continued';
        }
        await sql`INSERT INTO source_markup (source_id, since, last_seen_at, url, what, count)
          VALUES (${sourceId}, ${at}, ${at}, ${problems[0].url}, ${problems[0].what}, ${problems.length})`.execute(tx);
        const others = [...new Set(problems.map((p) => p.what))];
        await this.event(tx, 'markup-changed', null, sourceId, at, { url: problems[0].url, what: problems[0].what, pages: problems.length, failed: others });
        return 'started';
      }
      if (open && matched) {
        await sql`DELETE FROM source_markup WHERE source_id = ${sourceId}`.execute(tx);
        return 'cleared';
      }
      return 'none';
    });
  }

  async events(opts: { type?: string; limit: number; articleId?: number }): Promise<EventRow[]> {
    const rows = await sql<EventDbRow>`
      SELECT e.id, e.type, e.at, e.article_id, e.detail, s.slug AS source_slug, a.title, a.url
      FROM events e LEFT JOIN articles a ON a.id = e.article_id LEFT JOIN sources s ON s.id = e.source_id
      WHERE (${opts.type ?? null}::text IS NULL OR e.type = ${opts.type ?? null}) AND (${opts.articleId ?? null}::bigint IS NULL OR e.article_id = ${opts.articleId ?? null})
      ORDER BY e.at DESC, e.id DESC LIMIT ${opts.limit}`.execute(this.db);
    return rows.rows.map(toEventRow);
  }

  async removedArticles(limit: number): Promise<RemovedRow[]> {
    const rows = await sql<{ id: number; title: string; url: string; lang: string; published: string; removed_at: string; slug: string; name: string; last_captured: string | null }>`
      SELECT a.id, a.title, a.url, a.lang, a.published, a.removed_at, s.slug, s.name,
        (SELECT max(c.taken_at) FROM captures c WHERE c.article_id = a.id AND c.content_hash IS NOT NULL) AS last_captured
      FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.status = 'removed' ORDER BY a.removed_at DESC, a.id DESC LIMIT ${limit}`.execute(this.db);
    return rows.rows.map((r) => ({ id: r.id, title: r.title, url: r.url, lang: r.lang, published: r.published, sourceSlug: r.slug, sourceName: r.name, removedAt: r.removed_at, lastCapturedAt: r.last_captured }));
  }

  async versions(articleId: number): Promise<VersionRow[]> {
    const cur = await this.db.selectFrom('articles').select(['title', 'body', 'content_hash', 'text_seen_at', 'first_seen']).where('id', '=', articleId).executeTakeFirst();
    if (!cur) return [];
    const older = await this.db.selectFrom('versions').select(['title', 'body', 'content_hash', 'seen_at']).where('article_id', '=', articleId).orderBy('seen_at').orderBy('id').execute();
    return versionList(older, cur);
  }

  async textCaptures(articleId: number): Promise<TextCapture[]> {
    const rows = await this.db
      .selectFrom('captures')
      .select(['taken_at', 'origin', 'url', 'http_status', 'raw_sha256', 'content_hash', 'headers'])
      .where('article_id', '=', articleId)
      .where('content_hash', 'is not', null)
      .orderBy('taken_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      takenAt: r.taken_at,
      origin: r.origin,
      url: r.url,
      httpStatus: r.http_status,
      rawSha256: r.raw_sha256,
      contentHash: r.content_hash!,
      headers: r.headers ? (JSON.parse(r.headers) as Record<string, string>) : null,
    }));
  }

  async lastCapture(articleId: number) {
    const r = await this.db
      .selectFrom('captures')
      .select(['taken_at', 'http_status'])
      .where('article_id', '=', articleId)
      .where('content_hash', 'is not', null)
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? { takenAt: r.taken_at, httpStatus: r.http_status } : null;
  }

  async sourceHealth(slug: string, now: Date): Promise<SourceHealth | null> {
    const s = await this.db.selectFrom('sources').select(['id', 'slug', 'name', 'enabled']).where('slug', '=', slug).executeTakeFirst();
    if (!s) return null;
    const { today, dayStr, weekAgo } = healthDays(now);
    const r = (await one(
      sql<{ ok: number; total: number; last_ok: string | null; crawled: boolean; queued: number | null; tracked: number | null; removed: number }>`
        SELECT (SELECT coalesce(sum(ok), 0) FROM fetch_log WHERE source_id = ${s.id} AND at >= ${weekAgo}) AS ok,
               (SELECT count(*) FROM fetch_log WHERE source_id = ${s.id} AND at >= ${weekAgo}) AS total,
               (SELECT max(at) FROM fetch_log WHERE source_id = ${s.id} AND ok = 1) AS last_ok,
               EXISTS (SELECT 1 FROM fetch_log WHERE source_id = ${s.id}) AS crawled,
               (SELECT sum(CASE WHEN state = 'queued' THEN 1 ELSE 0 END) FROM crawl_urls WHERE source_id = ${s.id}) AS queued,
               (SELECT sum(CASE WHEN state = 'done' THEN 1 ELSE 0 END) FROM crawl_urls WHERE source_id = ${s.id}) AS tracked,
               (SELECT count(*) FROM articles WHERE source_id = ${s.id} AND status = 'removed') AS removed`.execute(this.db),
    ))!;
    const lastError = await one(
      sql<{ at: string; error_kind: string | null; message: string | null; url: string }>`
        SELECT at, error_kind, message, url FROM fetch_log WHERE source_id = ${s.id} AND ok = 0 ORDER BY at DESC, id DESC LIMIT 1`.execute(this.db),
    );
    const days = await sql<{ day: string; n: number }>`
      SELECT published AS day, count(*) AS n FROM articles WHERE source_id = ${s.id} AND published >= ${dayStr(30)} AND published <= ${today} GROUP BY published`.execute(this.db);
    const markup = await one(
      sql<{ since: string; last_seen_at: string; url: string; what: string; count: number }>`
        SELECT since, last_seen_at, url, what, count FROM source_markup WHERE source_id = ${s.id}`.execute(this.db),
    );
    const listing = await one(
      sql<{ at: string; ok: number; status: number | null; error_kind: string | null; message: string | null; url: string }>`
        SELECT at, ok, status, error_kind, message, url FROM fetch_log
        WHERE source_id = ${s.id} AND purpose = 'listing' AND (error_kind IS NULL OR error_kind != 'extract') ORDER BY at DESC, id DESC LIMIT 1`.execute(this.db),
    );
    const st = await this.sourceState(s.id);
    return sourceHealthOf(
      {
        source: s,
        fetches: { ok: r.ok, total: r.total },
        lastOkAt: r.last_ok,
        lastError,
        crawled: r.crawled,
        counts: new Map(days.rows.map((d) => [d.day, d.n])),
        queued: r.queued,
        tracked: r.tracked,
        removed: r.removed,
        nextListingAt: st.nextListingAt,
        markupChanged: markupChangedOf(markup),
        networkError: networkErrorOf(listing),
      },
      now,
    );
  }
}
