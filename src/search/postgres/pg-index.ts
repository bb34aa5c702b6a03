import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { ChangeSnippet } from '../backend.js';
import { ChangeSearch, type ChangeRow, type HunkRow } from '../engine/change-search.js';
import type { HitRow, MetaRow, MetaSource, TextIndex } from '../engine/text-index.js';
import { matchesDoc } from '../match.js';
import type { PlanNode, SeqNode } from '../query/plan.js';
import { seqIndexTokens } from '../sqlite/fts-query.js';
import { tokenize } from '../text/tokens.js';
import { PgIndexer } from './pg-indexer.js';
import { allSeqs, decideOnPositions, MAX_POS, positionsSql, wordsOnly, type InexactRow } from './pg-positions.js';
import { prewarmSearchIndex } from './pg-prewarm.js';
import { bm25Ranked, type RankStats } from './pg-rank.js';
import { toTsquery } from './ts-text.js';

const META_CHUNK = 50000;
/** After the change stamp moves, readers look again on every query this long: the write that moved it may not have committed yet. */
const SETTLE_MS = 2000;
/** Story membership may change by clustering outside an ingest: read again at least this often. */
const STORIES_MS = 5000;
/** A page's rows (see rows): kept this long under one change stamp, so many of them, from calls this small. */
const ROWS_KEPT_MS = 5000;
const KEPT_ROWS = 2000;
const KEEP_ROWS_PER_CALL = 100;
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

/** The search engine's index on PostgreSQL: search_index (tsvector + GIN) and the archive's tables. */
export class PgTextIndex implements TextIndex {
  readonly indexer: PgIndexer;
  readonly meta: MetaSource;
  private readonly changes: ChangeSearch;
  private stamp = { value: '', changedAt: 0 };
  private versionRead: { value: Promise<string>; at: number; writes: number } | null = null;
  private stories: { stamp: string; at: number; storyOf: Map<number, number> } | null = null;
  private inexact: { stamp: string; count: number } | null = null;
  private stats: RankStats | null = null;

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
   * A statement on search_index planned for it: the planner prices a tsvector match without its cost of
   * reading the vector (most are TOASTed), so for a frequent word it picks a sequential scan that reads
   * every vector (1.2 s for "the" over 137,269 articles) where the GIN bitmap reads none (0.1 s). And
   * just-in-time compilation, which PostgreSQL starts on any plan that looks expensive, takes longer than
   * these statements. Both settings hold for this statement alone (SET LOCAL in one round trip, values
   * written inline: a parameterized statement cannot travel with others).
   */
  private async viaIndex(...statements: string[]): Promise<unknown[][]> {
    const results = (await this.pool.query(`SET LOCAL enable_seqscan = off; SET LOCAL jit = off; ${statements.join('; ')}`)) as unknown as pg.QueryResult[];
    return results.slice(2).map((r) => r.rows);
  }

  /** One statement as viaIndex runs it: its rows. */
  private async viaIndexRows<R>(text: string): Promise<R[]> {
    return (await this.viaIndex(text))[0] as R[];
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

  /** How many articles have incomplete positions (their phrases are checked on the text). */
  private async inexactCount(): Promise<number> {
    const stamp = await this.version();
    if (this.inexact?.stamp !== stamp) {
      const r = await this.query<{ n: number }>('SELECT count(*) AS n FROM search_index WHERE NOT exact');
      this.inexact = { stamp, count: Number(r[0].n) };
    }
    return this.inexact.count;
  }

  /**
   * Ready for the first searches: the change stamp settled (read once, it counts as just changed for
   * SETTLE_MS, during which nothing is kept), the counts every ranking and match needs taken under it,
   * and search_index with its GIN index and TOAST read into memory meanwhile (prewarmSearchIndex).
   */
  async warm(): Promise<void> {
    await this.version();
    await Promise.all([prewarmSearchIndex(this.pool), sleep(this.stamp.changedAt + SETTLE_MS - Date.now())]);
    this.versionRead = null;
    await Promise.all([this.inexactCount(), this.rankStats()]);
  }

  /** The last few matches, for ranking right after evaluation (same stamp only). */
  private readonly recent = new Map<string, Int32Array>();

  async match(expr: PlanNode, within?: [number, number]): Promise<Int32Array> {
    const key = `${await this.version()}|${within ?? ''}|${toTsquery(expr)}`;
    const hit = this.recent.get(key);
    if (hit) return hit;
    const ids = await this.matchNow(expr, within);
    this.recent.set(key, ids);
    if (this.recent.size > 16) this.recent.delete(this.recent.keys().next().value!);
    return ids;
  }

  private async matchNow(expr: PlanNode, within?: [number, number]): Promise<Int32Array> {
    const range = within ? ` AND article_id BETWEEN ${Math.trunc(within[0])} AND ${Math.trunc(within[1])}` : '';
    const inexact = await this.inexactCount();
    // Single words need no positions: an article whose only gap is a word past 256 positions answers them
    // on its vector (its lexemes are all there); its text is read only for phrases and prefixes.
    const words = wordsOnly(expr);
    const trusted = !inexact ? '' : words ? ` AND (exact OR tokens <= ${MAX_POS})` : ' AND exact';
    const statements = [`SELECT string_agg(article_id::text, ',') AS ids FROM search_index WHERE doc @@ ${literal(toTsquery(expr))}::tsquery${trusted}${range}`];
    // The others, in the same round trip: candidates by a looser query, with their positions of the expression's lexemes.
    const lexemes = [...new Set(allSeqs(expr).flatMap((s) => seqIndexTokens(s).tokens))];
    if (inexact) {
      statements.push(
        `SELECT article_id, tokens, ${positionsSql(`ARRAY[${lexemes.map(literal).join(', ')}]::text[]`)} FROM search_index
         WHERE NOT exact${words ? ` AND tokens > ${MAX_POS}` : ''} AND doc @@ ${literal(toTsquery(expr, true))}::tsquery${range}`,
      );
    }
    const [agg, candidates] = await this.viaIndex(...statements);
    // In the heap's order: sorted here, far cheaper than in the aggregate.
    const ids = parseIds((agg[0] as { ids: string | null }).ids).sort();
    if (!inexact) return ids;
    return mergeSorted(ids, await this.matchInexact(expr, candidates as InexactRow[]));
  }

  /** Articles with incomplete positions, among the candidates of a looser query: their positions decide where they can (decideOnPositions), their texts elsewhere. */
  private async matchInexact(expr: PlanNode, candidates: InexactRow[]): Promise<number[]> {
    const { out, fromText } = decideOnPositions(expr, candidates);
    if (fromText.length) {
      const texts = await this.query<{ id: number; title: string; body: string }>('SELECT id, title, body FROM articles WHERE id = ANY($1::bigint[])', [fromText]);
      for (const r of texts) {
        const doc = { id: Number(r.id), title: tokenize(r.title), body: tokenize(r.body), source: '', lang: '', published: '' };
        if (matchesDoc(expr, doc)) out.push(doc.id);
      }
    }
    return out.sort((a, b) => a - b);
  }

  async countUpTo(expr: PlanNode, limit: number): Promise<number> {
    const r = await this.viaIndexRows<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM search_index WHERE doc @@ ${literal(toTsquery(expr))}::tsquery LIMIT ${Math.trunc(limit)}) t`,
    );
    return Number(r[0].n);
  }

  async ranked(expr: PlanNode, limit?: number, offset = 0): Promise<number[]> {
    return bm25Ranked((...statements) => this.viaIndex(...statements), this.pool, await this.rankStats(), expr, await this.match(expr), limit, offset);
  }

  private async rankStats(): Promise<RankStats> {
    const stamp = await this.version();
    if (this.stats?.stamp !== stamp) {
      const r = await this.viaIndexRows<{ n: number; t: number }>('SELECT count(*) AS n, coalesce(sum(tokens), 0) AS t FROM search_index');
      this.stats = { stamp, rows: Number(r[0].n), tokens: Number(r[0].t), hits: new Map() };
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

/** A string as an SQL literal. */
export function literal(value: string): string {
  return pg.escapeLiteral(value);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function mergeSorted(a: Int32Array, b: number[]): Int32Array {
  if (b.length === 0) return a;
  return Int32Array.from(new Set([...a, ...b])).sort();
}
