import { sql } from 'kysely';
import type { PgDb, PgDeferredWrites, PgIngestHook, PgTx } from '../../store/postgres/pg-ingest.js';
import { u32 } from '../blobs.js';
import { StoryClustering, storedFeatures, type ClusteredArticle } from '../clustering.js';
import { DEFAULT_STORY_CONFIG, type StoryConfig } from '../config.js';
import { storyFeatures } from '../features.js';
import { bandKeys } from '../lsh.js';
import { linkingSide, scoredLinks, storyListItems, toMember, type LinkRow, type ListMemberRow, type MemberRow } from '../reads.js';
import { runAsync } from '../steps.js';
import type { LanguageLink, RebuildSummary, Stories, StoryDetail, StoryListItem, StoryRef } from '../stories.js';
import { PgStoryRepository, pgStoredAnchors, type PgAnchorRow } from './pg-story-repository.js';

/**
 * Every process clustering into one archive takes this transaction-level advisory lock before its first
 * story read: the decision for an article sees every article clustered before it, committed, and two
 * copies ingested at once by two workers still land in one story. Held until the ingest commits; taken
 * after the store's locks on URLs and texts (at the end of the ingest), so the two never wait on each
 * other in opposite orders. One lock per archive (schema), not per database.
 */
const STORIES_LOCK = sql`pg_advisory_xact_lock(hashtextextended('wirewatch.stories.' || current_schema(), 0))`;

const REBUILD_PAGE = 1000;

/** Articles queued in one transaction before they are clustered (an import's `bulk` is one long transaction). */
const QUEUED_ARTICLES = 500;

/** One ingest transaction's story work: its repository and the articles waiting to be clustered. */
interface Batch {
  tx: PgTx;
  repo: PgStoryRepository;
  queued: ClusteredArticle[];
  locked: boolean;
}

/**
 * Stories on PostgreSQL: clustering and language links inside the ingest transaction, over the PostgreSQL
 * repository; the reads answer the pages and the API. The articles of a transaction are clustered in
 * order at its end (or every few hundred), so their bucket look-ups go to the server as one query.
 */
export class PgStories implements Stories {
  private readonly clustering: StoryClustering;
  private readonly batches = new WeakMap<PgTx, Batch>();
  /** Batches with articles or writes not yet made. */
  private readonly open = new Set<Batch>();

  constructor(
    private readonly db: PgDb,
    readonly config: StoryConfig = DEFAULT_STORY_CONFIG,
  ) {
    this.clustering = new StoryClustering(config);
  }

  /** Queues every new article for clustering and linking; runs inside the ingest transaction. */
  readonly hook: PgIngestHook = async (tx, id, item, outcome) => {
    // A copy folded into an article already stored (another URL of the same text) is not a new text.
    if (outcome.kind !== 'imported') return;
    const features = item.article.story ?? storyFeatures(item.article, this.config);
    const batch = this.batchOf(tx);
    batch.queued.push({ id, sourceId: item.sourceId, lang: item.article.lang, published: item.article.published, seenAt: item.seenAt, features });
    if (batch.queued.length >= QUEUED_ARTICLES) await this.clusterQueued(batch);
  };

  /** Registered with the hook: the queued articles are clustered and the writes made before the ingest commits. */
  readonly deferred: PgDeferredWrites = {
    flush: async (tx) => {
      const batch = this.batches.get(tx);
      if (!batch || !this.open.has(batch)) return;
      await this.clusterQueued(batch);
      this.open.delete(batch);
    },
    discard: () => {
      for (const batch of this.open) {
        batch.queued = [];
        batch.repo.forget();
      }
      this.open.clear();
    },
  };

  /** Clusters every article the store ingests from now on (the hook and its deferred writes). */
  attachTo(store: { addIngestHook(hook: PgIngestHook, deferred?: PgDeferredWrites): void }): this {
    store.addIngestHook(this.hook, this.deferred);
    return this;
  }

  /** The transaction's batch. */
  private batchOf(tx: PgTx): Batch {
    let batch = this.batches.get(tx);
    if (!batch) {
      batch = { tx, repo: new PgStoryRepository(tx), queued: [], locked: false };
      this.batches.set(tx, batch);
    }
    this.open.add(batch);
    return batch;
  }

  /** Clusters and links the queued articles in order, then makes the writes held; takes the stories lock first. */
  private async clusterQueued(batch: Batch): Promise<void> {
    if (batch.queued.length === 0) return;
    if (!batch.locked) {
      const { rows } = await sql<{ through: number | null }>`SELECT ${STORIES_LOCK}, (SELECT through FROM story_band_filter WHERE id = 1) AS through`.execute(batch.tx);
      if (rows[0].through !== null) await this.completeBands(batch.tx, rows[0].through);
      batch.locked = true;
    }
    const articles = batch.queued.splice(0);
    const c = this.config;
    const long = articles.filter((a) => a.features.shingles.length >= c.minShingles);
    await batch.repo.prefetchBuckets(long.flatMap((a) => bandKeys(a.features.signature, c.bands, c.rows)));
    for (const a of articles) await runAsync(this.clustering.ingest(batch.repo, a));
    await batch.repo.flush();
  }

  /**
   * An archive moved from SQLite holds the bucket rows of articles after `through` only as signatures:
   * they are put into their buckets here, once, and the filter row (SQLite's alone) goes.
   */
  private async completeBands(tx: PgTx, through: number): Promise<void> {
    const c = this.config;
    const { rows } = await sql<{ article_id: number; signature: Buffer }>`
      SELECT article_id, signature FROM story_signatures WHERE article_id > ${through} AND shingles >= ${c.minShingles} ORDER BY article_id`.execute(tx);
    const keys: number[] = [];
    const ids: number[] = [];
    for (const r of rows) {
      for (const k of bandKeys(u32(r.signature), c.bands, c.rows)) {
        keys.push(k);
        ids.push(r.article_id);
      }
    }
    for (let i = 0; i < keys.length; i += 10_000) {
      await sql`INSERT INTO story_bands (key, article_id) SELECT * FROM unnest(${keys.slice(i, i + 10_000)}::int8[], ${ids.slice(i, i + 10_000)}::int8[])
        ON CONFLICT DO NOTHING`.execute(tx);
    }
    await sql`DELETE FROM story_band_filter`.execute(tx);
  }

  async storyOf(articleId: number): Promise<StoryRef | null> {
    const { rows } = await sql<StoryRef>`SELECT s.id, s.size FROM story_members m JOIN stories s ON s.id = m.story_id WHERE m.article_id = ${articleId}`.execute(this.db);
    return rows[0] ?? null;
  }

  async story(storyId: number): Promise<StoryDetail | null> {
    const [story, members] = await Promise.all([
      sql<{ id: number; size: number; created_at: string }>`SELECT id, size, created_at FROM stories WHERE id = ${storyId}`.execute(this.db),
      sql<MemberRow>`SELECT a.id, a.title, a.published, a.url, a.lang, a.duplicate_of, src.slug AS source_slug, src.name AS source_name,
                m.how, m.matched_id, m.similarity
         FROM story_members m JOIN articles a ON a.id = m.article_id JOIN sources src ON src.id = a.source_id
         WHERE m.story_id = ${storyId} ORDER BY a.published, a.id`.execute(this.db),
    ]);
    const row = story.rows[0];
    if (!row) return null;
    return { id: row.id, size: row.size, createdAt: row.created_at, members: members.rows.map(toMember) };
  }

  async languageLinks(articleId: number): Promise<LanguageLink[]> {
    const { rows } = await sql<LinkRow>`SELECT a.id, a.title, a.published, a.url, a.lang, src.slug AS source_slug, src.name AS source_name, l.confidence
         FROM (SELECT b_id AS other, confidence FROM language_links WHERE a_id = ${articleId}
               UNION ALL SELECT a_id, confidence FROM language_links WHERE b_id = ${articleId}) l
         JOIN articles a ON a.id = l.other JOIN sources src ON src.id = a.source_id ORDER BY l.confidence DESC`.execute(this.db);
    const anchors = await sql<PgAnchorRow>`SELECT article_id, family, lang, day, length, anchors, weights, kinds FROM story_anchors
      WHERE article_id = ANY(${[articleId, ...rows.map((r) => r.id)]}::int8[])`.execute(this.db);
    const sides = new Map(anchors.rows.map((r) => [r.article_id, linkingSide(pgStoredAnchors(r))] as const));
    return scoredLinks(rows, sides.get(articleId) ?? null, sides, this.config);
  }

  async storyIdsFor(articleIds: readonly number[]): Promise<Map<number, number>> {
    const { rows } = await sql<{ article_id: number; story_id: number }>`
      SELECT article_id, story_id FROM story_members WHERE article_id = ANY(${articleIds}::int8[])`.execute(this.db);
    return new Map(rows.map((r) => [r.article_id, r.story_id]));
  }

  async recentStories(page: number, perPage: number): Promise<{ total: number; items: StoryListItem[] }> {
    const grouped = sql`SELECT m.story_id, min(a.published) AS first FROM story_members m JOIN articles a ON a.id = m.article_id
                        GROUP BY m.story_id HAVING count(*) >= 2`;
    const [count, page1] = await Promise.all([
      sql<{ n: number }>`SELECT count(*) AS n FROM (${grouped}) g`.execute(this.db),
      sql<{ story_id: number }>`SELECT story_id FROM (${grouped}) g ORDER BY first DESC, story_id DESC
        LIMIT ${perPage} OFFSET ${Math.max(0, page - 1) * perPage}`.execute(this.db),
    ]);
    const total = Number(count.rows[0].n);
    const ids = page1.rows.map((r) => r.story_id);
    if (ids.length === 0) return { total, items: [] };
    const { rows } = await sql<ListMemberRow>`SELECT m.story_id, a.id, a.title, a.published, a.lang, s.slug, s.name
       FROM story_members m JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = a.source_id
       WHERE m.story_id = ANY(${ids}::int8[]) ORDER BY a.published, a.id`.execute(this.db);
    return { total, items: storyListItems(ids, rows) };
  }

  /** Clusters and links every stored article again, from scratch, in id order (a transaction per thousand articles). */
  async rebuild(onProgress?: (done: number, total: number) => void): Promise<RebuildSummary> {
    const started = performance.now();
    await this.db.transaction().execute(async (tx) => {
      await sql`SELECT ${STORIES_LOCK}`.execute(tx);
      await sql`TRUNCATE language_links, story_anchors, story_members, stories, story_bands, story_band_filter, story_signatures`.execute(tx);
      // Story ids start again from 1, as SQLite's do once the table is empty.
      await sql`SELECT setval(pg_get_serial_sequence('stories', 'id'), 1, false)`.execute(tx);
    });
    this.clustering.reset();
    const count = async (table: string) => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(this.db)).rows[0].n);
    const total = await count('articles');
    let last = 0;
    let done = 0;
    for (;;) {
      const { rows } = await sql<{ id: number; source_id: number; lang: string; title: string; body: string; published: string; first_seen: string }>`
        SELECT id, source_id, lang, title, body, published, first_seen FROM articles WHERE id > ${last} ORDER BY id LIMIT ${REBUILD_PAGE}`.execute(this.db);
      if (rows.length === 0) break;
      await this.db.transaction().execute(async (tx) => {
        const batch = this.batchOf(tx);
        for (const r of rows) {
          const features = storedFeatures(r.title, r.body, this.config);
          batch.queued.push({ id: r.id, sourceId: r.source_id, lang: r.lang, published: r.published, seenAt: r.first_seen, features });
        }
        await this.deferred.flush(tx);
      });
      last = rows[rows.length - 1].id;
      done += rows.length;
      onProgress?.(done, total);
    }
    return { articles: done, stories: await count('stories'), links: await count('language_links'), seconds: (performance.now() - started) / 1000 };
  }
}
