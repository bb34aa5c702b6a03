import { sql } from 'kysely';
import type { PgDb, PgDeferredWrites, PgIngestHook, PgTx } from '../../store/postgres/pg-ingest.js';
import { u32 } from '../blobs.js';
import { StoryClustering, storedFeatures, type ClusteredArticle } from '../clustering.js';
import { DEFAULT_STORY_CONFIG, type StoryConfig } from '../config.js';
import { storyFeatures } from '../features.js';
import { sourceFamily } from '../language-links.js';
import { bandKeys } from '../lsh.js';
import { dayNumberOf } from '../../dates/calendar.js';
import { linkingSide, scoredLinks, storyListItems, toMember, type LinkRow, type ListMemberRow, type MemberRow } from '../reads.js';
import { runAsync } from '../steps.js';
import type { LanguageLink, RebuildSummary, Stories, StoryDetail, StoryListItem, StoryRef } from '../stories.js';
import { PgStoryRepository, pgStoredAnchors, type PgAnchorRow } from './pg-story-repository.js';

/**
 * Several processes may cluster into one archive at once. A decision reads the LSH buckets of the article's
 * signature, and language linking reads the anchors and links of its source family within the link window:
 * each ingest transaction locks those keys (transaction-level advisory locks, held until it commits) before
 * its first story read, so two articles that could join one story, or link to each other or to one
 * counterpart, take turns and the second sees the first, while unrelated articles proceed in parallel.
 * Joining a stored article's story locks that article too (pg-story-repository.ts): two articles sharing
 * no bucket may still both match it.
 *
 * Deadlocks: the store's URL and text locks are all taken at the start of the ingest, these at its end, all
 * of a transaction's keys in one statement in sorted order, so keys never wait on each other in a cycle. The
 * join locks (the matched article, then the story's row) come one by one, after the keys: with several
 * articles a transaction, two joins can cross; PostgreSQL then aborts one (40P01) and PostgresStore runs
 * its transaction again.
 *
 * Every such transaction also holds the archive's lock shared; long transactions (an import's `bulk`, which
 * clusters every few hundred articles and cannot take all its keys at once in order), completing an archive
 * moved from SQLite, and `rebuild`'s clearing take it exclusive. Keys name the archive's schema, so
 * archives side by side in one database never wait on each other.
 */
const ARCHIVE_KEY = sql`hashtextextended('wirewatch.stories.' || current_schema(), 0)`;

const REBUILD_PAGE = 1000;

/** Articles queued in one transaction before they are clustered (an import's `bulk` is one long transaction). */
const QUEUED_ARTICLES = 500;

/** One ingest transaction's story work: its repository and the articles waiting to be clustered. */
interface Batch {
  tx: PgTx;
  repo: PgStoryRepository;
  queued: ClusteredArticle[];
  /** What the transaction holds: the keys of its articles, or the whole archive. */
  locked: 'keys' | 'archive' | null;
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
  /** Source families by source id (language links are made within a family). */
  private readonly families = new Map<number, string>();

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
    if (batch.queued.length >= QUEUED_ARTICLES) await this.clusterQueued(batch, false);
  };

  /** Registered with the hook: the queued articles are clustered and the writes made before the ingest commits. */
  readonly deferred: PgDeferredWrites = {
    flush: async (tx) => {
      const batch = this.batches.get(tx);
      if (!batch || !this.open.has(batch)) return;
      await this.clusterQueued(batch, true);
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
      batch = { tx, repo: new PgStoryRepository(tx), queued: [], locked: null };
      this.batches.set(tx, batch);
    }
    this.open.add(batch);
    return batch;
  }

  /**
   * Clusters and links the queued articles in order, then makes the writes held; takes the locks first.
   * `last`: the transaction's last articles (its commit follows), whose keys can all be locked at once.
   */
  private async clusterQueued(batch: Batch, last: boolean): Promise<void> {
    if (batch.queued.length === 0) return;
    await this.lock(batch, last);
    const articles = batch.queued.splice(0);
    const c = this.config;
    const long = articles.filter((a) => a.features.shingles.length >= c.minShingles);
    await batch.repo.prefetchBuckets(long.flatMap((a) => bandKeys(a.features.signature, c.bands, c.rows)));
    for (const a of articles) await runAsync(this.clustering.ingest(batch.repo, a));
    await batch.repo.flush();
  }

  /** Locks what the queued articles' decisions read (see ARCHIVE_KEY). */
  private async lock(batch: Batch, last: boolean): Promise<void> {
    if (batch.locked === 'archive') return;
    const tx = batch.tx;
    if (batch.locked === null && (!last || (await bandsThrough(tx)) !== null)) {
      await sql`SELECT pg_advisory_xact_lock(${ARCHIVE_KEY})`.execute(tx);
      batch.locked = 'archive';
      // Read after the lock: another process may have completed the buckets meanwhile.
      const through = await bandsThrough(tx);
      if (through !== null) await this.completeBands(tx, through);
      return;
    }
    const keys = await this.lockKeys(tx, batch.queued);
    if (batch.locked === null) await sql`SELECT pg_advisory_xact_lock_shared(${ARCHIVE_KEY})`.execute(tx);
    batch.locked = 'keys';
    await sql`SELECT pg_advisory_xact_lock(k) FROM (
      SELECT DISTINCT hashtextextended(current_schema() || ':' || key, 0) AS k FROM unnest(${keys}::text[]) AS key ORDER BY 1) AS keys`.execute(tx);
  }

  /**
   * The keys the articles' decisions read and write: their LSH buckets (a decision finds only articles
   * sharing one), and each day of their source family's link window (an article reads the anchors of those days and the
   * links of the counterparts it finds there, and writes its own day's).
   */
  private async lockKeys(tx: PgTx, articles: readonly ClusteredArticle[]): Promise<string[]> {
    const c = this.config;
    const unknown = [...new Set(articles.map((a) => a.sourceId))].filter((id) => !this.families.has(id));
    if (unknown.length > 0) {
      const { rows } = await sql<{ id: number; slug: string }>`SELECT id, slug FROM sources WHERE id = ANY(${unknown}::int8[])`.execute(tx);
      for (const r of rows) this.families.set(r.id, sourceFamily(r.slug));
    }
    const keys = new Set<string>();
    for (const a of articles) {
      if (a.features.shingles.length >= c.minShingles) for (const k of bandKeys(a.features.signature, c.bands, c.rows)) keys.add(`b:${k}`);
      const family = this.families.get(a.sourceId) ?? String(a.sourceId);
      const day = dayNumberOf(a.published);
      for (let d = -c.linkWindowDays; d <= c.linkWindowDays; d++) keys.add(`l:${family}:${day + d}`);
    }
    return [...keys];
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
      await sql`SELECT pg_advisory_xact_lock(${ARCHIVE_KEY})`.execute(tx);
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

/** Articles after this id have their bucket rows only as signatures (an archive moved from SQLite), or null. */
async function bandsThrough(tx: PgTx): Promise<number | null> {
  const { rows } = await sql<{ through: number }>`SELECT through FROM story_band_filter WHERE id = 1`.execute(tx);
  return rows[0]?.through ?? null;
}
