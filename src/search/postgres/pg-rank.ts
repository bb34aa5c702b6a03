import type pg from 'pg';
import { findSeq } from '../match.js';
import type { PlanNode, SeqNode } from '../query/plan.js';
import { tokenize } from '../text/tokens.js';
import { toTsquery } from './ts-text.js';

const K1 = 1.2;
const B = 0.75;
const TITLE_WEIGHT = 3;
const BODY_WEIGHT = 1;

/** Rows, tokens and phrase document counts, kept per change stamp. */
export interface RankStats {
  stamp: string;
  rows: number;
  tokens: number;
  hits: Map<string, number>;
}

/** The phrases of an expression in order, as FTS5 numbers them (those under NOT never occur in a match). */
function phrases(node: PlanNode, out: SeqNode[] = []): SeqNode[] {
  if (node.type === 'seq') out.push(node);
  else if (node.type === 'and' || node.type === 'or') for (const c of node.children) if (c.type !== 'not') phrases(c, out);
  return out;
}

/**
 * Matching ids best first by FTS5's own BM25 (k1 1.2, b 0.75, title weight 3, body 1; IDF from each
 * phrase's document count, floored at 1e-6; ties by id), computed from the texts: the same order as
 * SQLite's `bm25(search_fts, 3.0, 1.0)` for the same articles.
 */
export async function bm25Ranked(pool: pg.Pool, stats: RankStats, expr: PlanNode, ids: Int32Array, limit?: number, offset = 0): Promise<number[]> {
  if (ids.length === 0) return [];
  const list = phrases(expr);
  const r = await pool.query({
    text: 'SELECT a.id, a.title, a.body, s.tokens FROM articles a JOIN search_index s ON s.article_id = a.id WHERE a.id = ANY($1::bigint[])',
    values: [Array.from(ids)],
    rowMode: 'array',
  });
  const avgdl = stats.tokens / stats.rows;
  const occurs = new Uint8Array(list.length);
  const docs: { id: number; d: number; f: Float64Array }[] = [];
  for (const [id, title, body, tokens] of r.rows as [number, string, string, number][]) {
    const t = tokenize(title);
    const b = tokenize(body);
    const f = new Float64Array(list.length);
    list.forEach((p, i) => {
      f[i] = findSeq(t, p).length * TITLE_WEIGHT + (p.field === 'title' ? 0 : findSeq(b, p).length * BODY_WEIGHT);
      if (f[i] > 0) occurs[i] = 1;
    });
    docs.push({ id: Number(id), d: Number(tokens), f });
  }
  const idf = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    if (!occurs[i]) continue;
    const nHit = await phraseHits(pool, stats, list[i]);
    const x = Math.log((stats.rows - nHit + 0.5) / (nHit + 0.5));
    idf[i] = x <= 0 ? 1e-6 : x;
  }
  const scored = docs.map(({ id, d, f }) => {
    let score = 0;
    for (let i = 0; i < list.length; i++) score += idf[i] * ((f[i] * (K1 + 1.0)) / (f[i] + K1 * (1 - B + (B * d) / avgdl)));
    return { id, score };
  });
  scored.sort((x, y) => y.score - x.score || x.id - y.id);
  const ranked = scored.map((s) => s.id);
  return limit === undefined ? ranked : ranked.slice(offset, offset + limit);
}

/** How many indexed articles hold the phrase (BM25's document frequency). */
async function phraseHits(pool: pg.Pool, stats: RankStats, seq: SeqNode): Promise<number> {
  const q = toTsquery(seq);
  let n = stats.hits.get(q);
  if (n === undefined) {
    n = Number((await pool.query('SELECT count(*) AS n FROM search_index WHERE doc @@ $1::tsquery', [q])).rows[0].n);
    stats.hits.set(q, n);
  }
  return n;
}
