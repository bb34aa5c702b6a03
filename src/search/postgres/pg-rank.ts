import type pg from 'pg';
import { findSeq } from '../match.js';
import type { PlanNode, SeqNode } from '../query/plan.js';
import { tokenize } from '../text/tokens.js';
import { seqIndexTokens } from '../sqlite/fts-query.js';
import { toTsquery } from './ts-text.js';

const K1 = 1.2;
const B = 0.75;
const TITLE_WEIGHT = 3;
const BODY_WEIGHT = 1;
const EARLY_COUNTS = 4;

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
 * phrase's document count, floored at 1e-6; ties by id), computed from the positions of the query's
 * lexemes (the texts where positions cannot tell): the same order as SQLite's `bm25(search_fts, 3.0, 1.0)`
 * for the same articles.
 */
export async function bm25Ranked(pool: pg.Pool, stats: RankStats, expr: PlanNode, ids: Int32Array, limit?: number, offset = 0): Promise<number[]> {
  if (ids.length === 0) return [];
  const list = phrases(expr);
  const avgdl = stats.tokens / stats.rows;
  const occurs = new Uint8Array(list.length);
  const docs: { id: number; d: number; f: Float64Array }[] = [];
  const add = (id: number, d: number, f: Float64Array) => {
    for (let i = 0; i < f.length; i++) if (f[i] > 0) occurs[i] = 1;
    docs.push({ id, d, f });
  };
  const seqs = list.map((p) => seqIndexTokens(p));
  // A few phrases: their document counts are asked for beside the positions (more, as a name's spellings
  // make, only for the phrases that occur).
  const early = list.length <= EARLY_COUNTS ? list.map((p) => phraseHits(pool, stats, p)) : null;
  // Those of phrases found in no candidate are never awaited: a failure there must not go unhandled.
  for (const p of early ?? []) p.catch(() => {});
  const fromText: number[] = [];
  if (seqs.some((s) => s.prefix)) fromText.push(...ids);
  else {
    // Only the query's lexemes of each vector (doc minus every other lexeme): positions, not texts, cross the wire.
    const wanted = [...new Set(seqs.flatMap((s) => s.tokens))];
    const r = await pool.query({
      text: `SELECT article_id, tokens, exact, ts_delete(doc, tsvector_to_array(ts_delete(doc, $2::text[])))::text
             FROM search_index WHERE article_id = ANY($1::bigint[])`,
      values: [Array.from(ids), wanted],
      rowMode: 'array',
    });
    for (const [id, tokens, exact, vector] of r.rows as [number, number, boolean, string][]) {
      if (!exact) fromText.push(Number(id));
      else add(Number(id), Number(tokens), phraseFreqs(parseVector(vector), list, seqs));
    }
  }
  if (fromText.length) {
    // Texts where positions cannot tell (prefixes, incomplete positions): the phrases found on the tokens.
    const r = await pool.query({
      text: 'SELECT a.id, a.title, a.body, s.tokens FROM articles a JOIN search_index s ON s.article_id = a.id WHERE a.id = ANY($1::bigint[])',
      values: [fromText],
      rowMode: 'array',
    });
    for (const [id, title, body, tokens] of r.rows as [number, string, string, number][]) {
      const t = tokenize(title);
      const b = tokenize(body);
      add(Number(id), Number(tokens), Float64Array.from(list, (p) => findSeq(t, p).length * TITLE_WEIGHT + (p.field === 'title' ? 0 : findSeq(b, p).length * BODY_WEIGHT)));
    }
  }
  const idf = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    if (!occurs[i]) continue;
    const nHit = await (early ? early[i] : phraseHits(pool, stats, list[i]));
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

/** A tsvector's text form: lexeme → positions (negative: in the title, weight A). */
function parseVector(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  // 'lexeme':12A,40 … (lexemes are letters and digits; quotes doubled all the same)
  for (const m of text.matchAll(/'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g)) {
    const positions = (m[2] ?? '').split(',').filter(Boolean).map((p) => (p.endsWith('A') ? -parseInt(p, 10) : parseInt(p, 10)));
    out.set(m[1].replace(/''/g, "'"), positions);
  }
  return out;
}

/** Each phrase's instances in one document, weighted by column (title 3, body 1), from its positions. */
function phraseFreqs(vector: Map<string, number[]>, list: SeqNode[], seqs: { tokens: string[] }[]): Float64Array {
  const f = new Float64Array(list.length);
  seqs.forEach(({ tokens }, i) => {
    const first = vector.get(tokens[0]);
    if (!first) return;
    const rest = tokens.slice(1).map((t) => new Set(vector.get(t) ?? []));
    for (const p of first) {
      const title = p < 0;
      if (list[i].field === 'title' && !title) continue;
      // Title positions are stored negated: the next token of a title phrase is at p - 1.
      const step = title ? -1 : 1;
      if (rest.every((set, k) => set.has(p + step * (k + 1)))) f[i] += title ? TITLE_WEIGHT : BODY_WEIGHT;
    }
  });
  return f;
}
