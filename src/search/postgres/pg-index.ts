import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { ChangeSnippet } from '../backend.js';
import { ChangeSearch, type ChangeRow, type HunkRow } from '../engine/change-search.js';
import type { HitRow, MetaRow, MetaSource, TextIndex } from '../engine/text-index.js';
import type { PlanNode, SeqNode } from '../query/plan.js';
import { PgIndexer } from './pg-indexer.js';
import { prewarmSearchIndex } from './pg-prewarm.js';
import { reservePostingsMemory, type IdRange } from './postings/decode.js';
import { evaluatePostings, rankEvaluated, type Evaluated } from './postings/evaluate.js';
import { BlockCache } from './postings/block-cache.js';
import { readPostings } from './postings/postings-reader.js';
import { warmPostingsCode } from './postings/warm-code.js';
import { expressionKey } from './ts-text.js';

const META_CHUNK = 50000;
/** After the change stamp moves, readers look again on every query this long: the write that moved it may not have committed yet. */
const SETTLE_MS = 2000;
/** Story membership may change by clustering outside an ingest: read again at least this often. */
const STORIES_MS = 5000;
/** A page's rows (see rows): kept this long under one change stamp, so many of them, from calls this small. */
const ROWS_KEPT_MS = 5000;
const KEPT_ROWS = 2000;
const KEEP_ROWS_PER_CALL = 100;
/** Postings blocks kept in memory (see BlockCache): the frequent words' doclists most queries share. */
const BLOCK_CACHE_BYTES = 64 * 2 ** 20;
/** Another process's change is noticed within this time. */
const VERSION_REUSE_MS = 100;

/** Ids as one comma-separated text: far cheaper than a row per id across the driver. */
function parseIds(list: string | null): Int32Array {
  if (!list) return new Int32Array(0);
  const out = new Int32Array((list.length >> 1) + 1);
  let k = 0;
  let v = 0;
  for (let i = 0; i <= list.length; i++) {
    const c = i < list.length ? list.charCodeAt(i) : 44;
    if (c !== 44) v = v * 10 + c - 48;
    else {
      out[k++] = v;
      v = 0;
    }
  }
  return out.slice(0, k);
}

/** The search engine's index on PostgreSQL: the positional postings (postings/) and the archive's tables. */
export class PgTextIndex implements TextIndex {
  readonly indexer: PgIndexer;
  readonly meta: MetaSource;
  private readonly changes: ChangeSearch;
  private stamp = { value: '', changedAt: 0 };
  private versionRead: { value: Promise<string>; at: number; writes: number } | null = null;
  private stories: { stamp: string; at: number; storyOf: Map<number, number> } | null = null;
  private stats: { stamp: string; rows: number; tokens: number } | null = null;

  constructor(
    private readonly db: Kysely<any>,
    private readonly pool: pg.Pool,
  ) {
    this.indexer = new PgIndexer(db);
    this.changes = new ChangeSearch({
      // No text index on the changes: every change is a candidate, the count on its hunks decides.
      candidates: async () => (await this.query<{ id: number }>('SELECT id FROM version_changes ORDER BY id')).map((r) => Number(r.id)),
      hunksOfChanges: async (ids) =>
        (
          await this.query<HunkRow>(
            'SELECT id, change_id, article_id, removed, added, before, after FROM version_change_hunks WHERE change_id = ANY($1::bigint[]) ORDER BY change_id, id',
            [ids],
          )
        ).map((h) => ({ ...h, id: Number(h.id), change_id: Number(h.change_id), article_id: Number(h.article_id) })),
      changesOf: async (ids) =>
        (
          await this.query<ChangeRow>('SELECT id, article_id, version, seen_at FROM version_changes WHERE article_id = ANY($1::bigint[]) ORDER BY article_id, version DESC', [ids])
        ).map((c) => ({ ...c, id: Number(c.id), article_id: Number(c.article_id), version: Number(c.version) })),
    });
    this.meta = {
      version: () => this.version(),
      load: (after, onRows) => this.loadMeta(after, onRows),
      sources: async () => (await this.query<{ id: number; slug: string; name: string }>('SELECT id, slug, name FROM sources')).map((s) => ({ ...s, id: Number(s.id) })),
    };
  }

  private async query<R>(text: string, values: unknown[] = [], arrays = false): Promise<R[]> {
    const r = arrays ? await this.pool.query({ text, values, rowMode: 'array' }) : await this.pool.query(text, values);
    return r.rows as R[];
  }

  /**
   * A fixed statement every search makes, prepared once per connection (planning the page's rows took
   * about a third of a repeated search's round trip).
   */
  private async prepared<R>(name: string, text: string, values: unknown[] = []): Promise<R[]> {
    return (await this.pool.query({ name: `ww-search-${name}`, text, values })).rows as R[];
  }

  /**
   * The change stamp: the search_changes sequence, which every index write bumps. A write bumps it before
   * it commits, so for a moment after a change each call answers anew (the reader looks again).
   */
  private version(): Promise<string> {
    // One read serves the calls of one request (a few ms); a write by this process is seen at once.
    const now = Date.now();
    if (this.versionRead && this.versionRead.writes === this.indexer.writes && now - this.versionRead.at < VERSION_REUSE_MS) return this.versionRead.value;
    const value = this.readVersion();
    this.versionRead = { value, at: now, writes: this.indexer.writes };
    return value;
  }

  private async readVersion(): Promise<string> {
    const r = await this.prepared<{ last_value: number; is_called: boolean }>('stamp', 'SELECT last_value, is_called FROM search_changes');
    const value = `${r[0].last_value}:${r[0].is_called}`;
    const now = Date.now();
    if (value !== this.stamp.value) this.stamp = { value, changedAt: now };
    return now - this.stamp.changedAt < SETTLE_MS ? `${value}:${now}:${Math.random()}` : value;
  }

  async changeStamp(): Promise<{ own: number; foreign: number }> {
    const v = await this.version();
    // Any change counts as one of ours: kept results are dropped at once.
    let h = 0;
    for (let i = 0; i < v.length; i++) h = (h * 31 + v.charCodeAt(i)) | 0;
    return { own: h, foreign: h };
  }

  /** Count and rows in one snapshot (REPEATABLE READ), rows as arrays in chunks. */
  private async loadMeta(after: number, onRows: (rows: MetaRow[]) => void): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const n = Number((await client.query('SELECT count(*) AS n FROM articles')).rows[0].n);
      for (let last = after; ; ) {
        const r = await client.query({ text: 'SELECT id, source_id, lang, published FROM articles WHERE id > $1 ORDER BY id LIMIT $2', values: [last, META_CHUNK], rowMode: 'array' });
        const rows = r.rows.map((x: unknown[]) => [Number(x[0]), Number(x[1]), x[2], x[3]] as MetaRow);
        onRows(rows);
        if (rows.length < META_CHUNK) break;
        last = rows[rows.length - 1][0];
      }
      await client.query('COMMIT');
      return n;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /**
   * Ready for the first searches: the change stamp settled (read once, it counts as just changed for
   * SETTLE_MS, during which nothing is kept), the counts every ranking and match needs taken under it,
   * the postings' blocks read into memory meanwhile (prewarmSearchIndex), their decoding compiled
   * (warmPostingsCode), and the memory decoding and kept blocks use touched.
   */
  async warm(): Promise<void> {
    await this.version();
    await Promise.all([prewarmSearchIndex(this.pool), warmPostingsCode(), sleep(this.stamp.changedAt + SETTLE_MS - Date.now())]);
    this.versionRead = null;
    reservePostingsMemory((await this.rankStats()).rows);
    this.blocks.reserve();
  }

  /** The last few evaluations, for ranking and counting right after matching (same stamp only). */
  private readonly recent = new Map<string, Promise<Evaluated>>();
  private readonly blocks = new BlockCache(BLOCK_CACHE_BYTES);

  /** A text expression evaluated on the positional postings (see postings/), with `within` only in that id range. */
  private async evaluate(expr: PlanNode, within?: IdRange): Promise<Evaluated> {
    const key = `${await this.version()}|${within ?? ''}|${expressionKey(expr)}`;
    let hit = this.recent.get(key);
    if (!hit) {
      hit = evaluatePostings(expr, (terms) => readPostings(this.pool, terms, this.blocks, within));
      this.recent.set(key, hit);
      hit.catch(() => this.recent.delete(key));
      if (this.recent.size > 16) this.recent.delete(this.recent.keys().next().value!);
    }
    return hit;
  }

  async match(expr: PlanNode, within?: [number, number]): Promise<Int32Array> {
    // Only the range's entries are read and matched (a date filter's articles lie in a narrow range).
    return (await this.evaluate(expr, within)).ids;
  }

  async countUpTo(expr: PlanNode, limit: number): Promise<number> {
    return Math.min(limit, (await this.evaluate(expr)).ids.length);
  }

  async ranked(expr: PlanNode, limit?: number, offset = 0): Promise<number[]> {
    const stats = await this.rankStats();
    const ranked = rankEvaluated(expr, await this.evaluate(expr), stats.rows, stats.tokens / stats.rows);
    return limit === undefined ? ranked : ranked.slice(offset, offset + limit);
  }

  /** BM25's article count and token total, read once per change stamp. */
  private async rankStats(): Promise<{ rows: number; tokens: number }> {
    const stamp = await this.version();
    if (this.stats?.stamp !== stamp) {
      // Kept current by search_index's triggers (migration 016): no count of the whole index.
      const r = await this.query<{ n: number; t: number }>('SELECT articles AS n, tokens AS t FROM search_totals');
      this.stats = { stamp, rows: Number(r[0].n), tokens: Number(r[0].t) };
    }
    return this.stats;
  }

  async changedIds(seqs: SeqNode[]): Promise<Int32Array> {
    return this.changes.articleIds(seqs);
  }

  async changeSnippets(ids: Int32Array, seqs: SeqNode[]): Promise<Map<number, ChangeSnippet>> {
    return this.changes.snippets(ids, seqs);
  }

  /** Rows of result pages read lately, under one change stamp (see rows). */
  private kept: { stamp: string; rows: Map<number, { row: HitRow; at: number }> } = { stamp: '', rows: new Map() };

  /**
   * The articles' rows for a page of results. A page's rows are kept a few seconds under the same change
   * stamp (the one the article metadata is kept under), so reloading or re-sorting a page needs no round
   * trip; a streamed export's chunks are read and not kept.
   */
  async rows(ids: Int32Array): Promise<HitRow[]> {
    const keep = ids.length <= KEEP_ROWS_PER_CALL;
    const stamp = keep ? await this.version() : '';
    if (keep && this.kept.stamp !== stamp) this.kept = { stamp, rows: new Map() };
    const now = Date.now();
    const out: HitRow[] = [];
    const missing: number[] = [];
    for (const id of ids) {
      const hit = keep ? this.kept.rows.get(id) : undefined;
      if (hit && now - hit.at < ROWS_KEPT_MS) out.push(hit.row);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const read = await this.prepared<HitRow>(
      'rows',
      `SELECT a.id, a.url, a.title, a.published, a.lang, a.body, s.slug AS source
       FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ANY($1::bigint[])`,
      [missing],
    );
    for (const r of read) {
      const row = { ...r, id: Number(r.id) };
      out.push(row);
      if (!keep) continue;
      this.kept.rows.delete(row.id);
      this.kept.rows.set(row.id, { row, at: now });
      if (this.kept.rows.size > KEPT_ROWS) this.kept.rows.delete(this.kept.rows.keys().next().value!);
    }
    return out;
  }

  async storyMembership(): Promise<Map<number, number>> {
    const stamp = await this.version();
    const now = Date.now();
    if (!this.stories || this.stories.stamp !== stamp || now - this.stories.at > STORIES_MS) {
      const storyOf = new Map<number, number>();
      const r = await this.pool.query({ text: 'SELECT article_id, story_id FROM story_members', rowMode: 'array' });
      for (const row of r.rows as unknown[][]) storyOf.set(Number(row[0]), Number(row[1]));
      this.stories = { stamp, at: now, storyOf };
    }
    return this.stories.storyOf;
  }

  async entityArticles(entityId: string): Promise<number[]> {
    return (await this.query<{ article_id: number }>('SELECT article_id FROM entity_mentions WHERE entity_id = $1', [entityId])).map((r) => Number(r.article_id));
  }

  async urlRange(lo: string, hi: string): Promise<number[]> {
    return (await this.query<{ article_id: number }>('SELECT article_id FROM article_urls WHERE url > $1 AND url < $2 ORDER BY url', [lo, hi])).map((r) =>
      Number(r.article_id),
    );
  }

  reindex(onProgress?: (done: number, total: number) => void) {
    return this.indexer.reindex(onProgress);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
