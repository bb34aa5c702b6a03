import type { ChangeSnippet } from '../backend.js';
import type { PlanNode, SeqNode } from '../query/plan.js';

/** A stored article as a result shows it (body for the snippet). */
export interface HitRow {
  id: number;
  url: string;
  title: string;
  published: string;
  lang: string;
  body: string;
  source: string;
}

/** One article's metadata row: id, source id, language, publication day (YYYY-MM-DD). */
export type MetaRow = [number, number, string, string];

/** Where the per-article metadata comes from (see ArticleMeta). */
export interface MetaSource {
  /** Changes whenever the articles may have changed; cheap enough to read on every query. */
  version(): Promise<string>;
  /**
   * In one consistent read: the number of stored articles, and every article with an id above `after`
   * in ascending id order, handed over chunk by chunk.
   */
  load(after: number, onRows: (rows: MetaRow[]) => void): Promise<number>;
  sources(): Promise<{ id: number; slug: string; name: string }[]>;
}

/**
 * What a storage backend supplies to the shared search engine (src/search/engine/search-engine.ts): the
 * text index and a few reads. A text expression is a plan node made only of text sequences, AND, OR and
 * NOT under an AND with a positive term (see `isTextExpr`); each backend writes it in its own syntax.
 */
export interface TextIndex {
  readonly meta: MetaSource;
  /** Ids of the rows matching the expression, ascending (rows of deleted articles may be among them); `within`: an id range holding every wanted row. */
  match(expr: PlanNode, within?: [number, number]): Promise<Int32Array>;
  /** How many rows match, counting no further than `limit`. */
  countUpTo(expr: PlanNode, limit: number): Promise<number>;
  /** Matching ids best first (BM25, title weighted 3, body 1; ties by id); a page when limit is given. */
  ranked(expr: PlanNode, limit?: number, offset?: number): Promise<number[]>;
  /** The plan without alternatives that can match nothing (an optimization: the result set is unchanged). */
  prune?(plan: PlanNode, generation: number): Promise<PlanNode>;
  /** Ascending ids of articles a version of which removed (added) the text of these `removed:` (`added:`) sequences. */
  changedIds(seqs: SeqNode[]): Promise<Int32Array>;
  changeSnippets(ids: Int32Array, seqs: SeqNode[]): Promise<Map<number, ChangeSnippet>>;
  /** Rows for the hits (any order). */
  rows(ids: Int32Array): Promise<HitRow[]>;
  /** Article → story for every article in a story of two or more. */
  storyMembership(): Promise<Map<number, number>>;
  /** Articles mentioning an entity (`entity:`). */
  entityArticles(entityId: string): Promise<number[]>;
  /** Articles stored under a URL in [lo, hi) (URLs that start with `page#`). */
  urlRange(lo: string, hi: string): Promise<number[]>;
  reindex(onProgress?: (done: number, total: number) => void): Promise<{ articles: number; seconds: number }>;
  /** `own`: changes made through this connection; `foreign`: by anyone (kept results follow both, see SetMemo). */
  changeStamp(): Promise<{ own: number; foreign: number }>;
}
