import type Database from 'better-sqlite3';
import type { ChangeSnippet } from '../backend.js';
import type { HitRow, MetaRow, MetaSource, TextIndex } from '../engine/text-index.js';
import type { PlanNode, SeqNode } from '../query/plan.js';
import { ChangeSearch } from '../engine/change-search.js';
import { sqliteChangeReads } from './change-reads.js';
import { toFts } from './fts-query.js';
import { SqliteIndexer } from './indexer.js';
import { VariantPruner } from './prune.js';

const META_CHUNK = 50000;

/** The search engine's index on SQLite: FTS5 (search_fts) and the archive's tables, read synchronously. */
export class SqliteTextIndex implements TextIndex {
  readonly indexer: SqliteIndexer;
  readonly meta: MetaSource;
  private readonly stmts;
  private readonly pruner: VariantPruner;
  private readonly changes: ChangeSearch;
  private stories: { stamp: string; storyOf: Map<number, number> } | null = null;

  constructor(private readonly raw: Database.Database) {
    this.indexer = new SqliteIndexer(raw);
    this.pruner = new VariantPruner(raw);
    this.changes = new ChangeSearch(sqliteChangeReads(raw));
    this.stmts = {
      // Ids come back as one comma-separated string: far cheaper than a row per id across the driver.
      match: raw.prepare<[string], string | null>("SELECT group_concat(rowid, ',') FROM search_fts WHERE search_fts MATCH ?").pluck(),
      matchWithin: raw
        .prepare<[string, number, number], string | null>("SELECT group_concat(rowid, ',') FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ?")
        .pluck(),
      countUpTo: raw
        .prepare<[string, number], number>('SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?)')
        .pluck(),
      ranked: raw.prepare<[string], number>('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts, 3.0, 1.0), rowid').pluck(),
      // The first rows only: SQLite keeps a bounded heap instead of sorting every scored row.
      rankedTop: raw
        .prepare<[string, number, number], number>('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts, 3.0, 1.0), rowid LIMIT ? OFFSET ?')
        .pluck(),
      urlRange: raw.prepare<[string, string], number>('SELECT article_id FROM article_urls WHERE url > ? AND url < ? ORDER BY url').pluck(),
      rows: raw.prepare<[string], HitRow>(
        `SELECT a.id, a.url, a.title, a.published, a.lang, a.body, s.slug AS source
         FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id IN (SELECT value FROM json_each(?))`,
      ),
      entity: raw.prepare<[string], number>('SELECT article_id FROM entity_mentions WHERE entity_id = ?').pluck(),
      members: raw.prepare<[]>('SELECT article_id, story_id FROM story_members').raw(),
      metaRows: raw.prepare<[number, number]>('SELECT id, source_id, lang, published FROM articles WHERE id > ? ORDER BY id LIMIT ?').raw(),
      count: raw.prepare<[], number>('SELECT count(*) FROM articles').pluck(),
      sources: raw.prepare<[], { id: number; slug: string; name: string }>('SELECT id, slug, name FROM sources'),
      totalChanges: raw.prepare<[], number>('SELECT total_changes()').pluck(),
    };
    const stmts = this.stmts;
    this.meta = {
      version: async () => this.stamp(),
      load: async (after, onRows) =>
        // One read transaction: the count and the rows agree.
        raw.transaction(() => {
          const n = stmts.count.get()!;
          for (let last = after; ; ) {
            const rows = stmts.metaRows.all(last, META_CHUNK) as MetaRow[];
            onRows(rows);
            if (rows.length < META_CHUNK) break;
            last = rows[rows.length - 1][0];
          }
          return n;
        })(),
      sources: async () => stmts.sources.all(),
    };
  }

  private stamp(): string {
    return `${this.raw.pragma('data_version', { simple: true })}:${this.stmts.totalChanges.get()}`;
  }

  async changeStamp(): Promise<{ own: number; foreign: number }> {
    return { own: Number(this.stmts.totalChanges.get()), foreign: Number(this.raw.pragma('data_version', { simple: true })) };
  }

  async match(expr: PlanNode, within?: [number, number]): Promise<Int32Array> {
    const fts = toFts(expr)!;
    const list = within ? this.stmts.matchWithin.get(fts, within[0], within[1]) : this.stmts.match.get(fts);
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
    // FTS5 returns rowids in ascending order.
    return out.slice(0, k);
  }

  async countUpTo(expr: PlanNode, limit: number): Promise<number> {
    return this.stmts.countUpTo.get(toFts(expr)!, limit)!;
  }

  async ranked(expr: PlanNode, limit?: number, offset = 0): Promise<number[]> {
    const fts = toFts(expr)!;
    return limit === undefined ? this.stmts.ranked.all(fts) : this.stmts.rankedTop.all(fts, limit, offset);
  }

  async prune(plan: PlanNode, generation: number): Promise<PlanNode> {
    return this.pruner.prune(plan, generation);
  }

  async changedIds(seqs: SeqNode[]): Promise<Int32Array> {
    return this.changes.articleIds(seqs);
  }

  async changeSnippets(ids: Int32Array, seqs: SeqNode[]): Promise<Map<number, ChangeSnippet>> {
    return this.changes.snippets(ids, seqs);
  }

  async rows(ids: Int32Array): Promise<HitRow[]> {
    return this.stmts.rows.all(JSON.stringify(Array.from(ids)));
  }

  async storyMembership(): Promise<Map<number, number>> {
    const stamp = this.stamp();
    if (this.stories?.stamp !== stamp) {
      const storyOf = new Map<number, number>();
      for (const r of this.stmts.members.iterate() as Iterable<[number, number]>) storyOf.set(r[0], r[1]);
      this.stories = { stamp, storyOf };
    }
    return this.stories.storyOf;
  }

  async entityArticles(entityId: string): Promise<number[]> {
    return this.stmts.entity.all(entityId);
  }

  async urlRange(lo: string, hi: string): Promise<number[]> {
    return this.stmts.urlRange.all(lo, hi);
  }

  async reindex(onProgress?: (done: number, total: number) => void) {
    return this.indexer.reindex(onProgress);
  }
}
