import type { PlanNode, SeqNode } from '../../query/plan.js';

/** FTS5's BM25 parameters and the column weights SQLite ranks with (`bm25(search_fts, 3.0, 1.0)`). */
const K1 = 1.2;
const B = 0.75;
export const TITLE_WEIGHT = 3;
export const BODY_WEIGHT = 1;

/** The phrases of an expression in order, as FTS5 numbers them (those under NOT never occur in a match). */
export function phrases(node: PlanNode, out: SeqNode[] = []): SeqNode[] {
  if (node.type === 'seq') out.push(node);
  else if (node.type === 'and' || node.type === 'or') for (const c of node.children) if (c.type !== 'not') phrases(c, out);
  return out;
}

/** BM25's inverse document frequency of a phrase in `hits` of `rows` articles, floored as FTS5 floors it. */
export function inverseFrequency(rows: number, hits: number): number {
  const x = Math.log((rows - hits + 0.5) / (hits + 0.5));
  return x <= 0 ? 1e-6 : x;
}

/**
 * Ids best first by FTS5's BM25 over each document's length `d` and weighted phrase counts `f` (ties by
 * id): the same arithmetic, in the same order, as SQLite's, so equal scores stay equal.
 */
export function bm25Order(docs: { id: number; d: number; f: Float64Array }[], idf: Float64Array, avgdl: number): number[] {
  const scored = docs.map(({ id, d, f }) => {
    let score = 0;
    for (let i = 0; i < idf.length; i++) score += idf[i] * ((f[i] * (K1 + 1.0)) / (f[i] + K1 * (1 - B + (B * d) / avgdl)));
    return { id, score };
  });
  scored.sort((x, y) => y.score - x.score || x.id - y.id);
  return scored.map((s) => s.id);
}
