import pg from 'pg';
import { findSeq } from '../match.js';
import type { PlanNode, SeqNode } from '../query/plan.js';
import { tokenize } from '../text/tokens.js';
import { seqIndexTokens } from '../sqlite/fts-query.js';
import { parseVector, phraseWeight, positionsSql, type IndexSeq } from './pg-positions.js';
import { toTsquery } from './ts-text.js';

const K1 = 1.2;
const B = 0.75;
const TITLE_WEIGHT = 3;
const BODY_WEIGHT = 1;
const EARLY_COUNTS = 4;

/** Runs statements on search_index in one round trip as PgTextIndex plans them (see viaIndex there): each one's rows. */
export type ViaIndex = (...statements: string[]) => Promise<unknown[][]>;

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
export async function bm25Ranked(viaIndex: ViaIndex, pool: pg.Pool, stats: RankStats, expr: PlanNode, ids: Int32Array, limit?: number, offset = 0): Promise<number[]> {
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
  // A lone phrase's document count is the number of its matches.
  if (expr.type === 'seq') stats.hits.set(toTsquery(expr), ids.length);
  // A few phrases: their document counts are asked for in the same round trip as the positions (more, as
  // a name's spellings make, only for the phrases that occur).
  const counted = list.length <= EARLY_COUNTS ? [...new Set(list.map((p) => toTsquery(p)))].filter((q) => !stats.hits.has(q)) : [];
  const fromText: number[] = [];
  // Only the query's lexemes of each vector cross the wire (positionsSql); a prefix stands for every
  // lexeme it begins in that vector.
  const textArray = (xs: string[]) => `ARRAY[${xs.map((x) => pg.escapeLiteral(x)).join(', ')}]::text[]`;
  const exactTokens = textArray([...new Set(seqs.flatMap((s) => (s.prefix ? s.tokens.slice(0, -1) : s.tokens)))]);
  const prefixes = [...new Set(seqs.filter((s) => s.prefix).map((s) => s.tokens[s.tokens.length - 1]))];
  const idList = `'{${Array.from(ids).join(',')}}'::bigint[]`;
  // A prefix's lexemes among all the candidates, gathered once by ts_stat (in C; unpacking each vector
  // in SQL cost about three times more): a vector without some of them simply keeps none of those.
  const words = prefixes.length
    ? `(SELECT ${exactTokens} || coalesce(array_agg(word), '{}') FROM ts_stat(${pg.escapeLiteral(`SELECT doc FROM search_index WHERE article_id = ANY(${idList})`)}) WHERE word ^@ ANY(${textArray(prefixes)}))`
    : exactTokens;
  const results = await viaIndex(
    ...counted.map((q) => `SELECT count(*) AS n FROM search_index WHERE doc @@ ${pg.escapeLiteral(q)}::tsquery`),
    `SELECT article_id, tokens, exact, ${positionsSql('words')}
     FROM (SELECT article_id, tokens, exact, doc, ${words} AS words FROM search_index WHERE article_id = ANY(${idList}) OFFSET 0) s`,
  );
  counted.forEach((q, i) => stats.hits.set(q, Number((results[i][0] as { n: number }).n)));
  const rows = (results[counted.length] as { article_id: number; tokens: number; exact: boolean; positions: string; title_positions: string }[]).map(
    (x) => [x.article_id, x.tokens, x.exact, x.positions, x.title_positions] as const,
  );
  for (const [id, tokens, exact, vector, title] of rows) {
    if (!exact) fromText.push(Number(id));
    else add(Number(id), Number(tokens), phraseFreqs(parseVector(vector, title), list, seqs));
  }
  if (fromText.length) {
    // Texts where positions cannot tell (incomplete positions): the phrases found on the tokens.
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
    const nHit = await phraseHits(viaIndex, stats, list[i]);
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
async function phraseHits(viaIndex: ViaIndex, stats: RankStats, seq: SeqNode): Promise<number> {
  const q = toTsquery(seq);
  let n = stats.hits.get(q);
  if (n === undefined) {
    n = Number(((await viaIndex(`SELECT count(*) AS n FROM search_index WHERE doc @@ ${pg.escapeLiteral(q)}::tsquery`))[0][0] as { n: number }).n);
    stats.hits.set(q, n);
  }
  return n;
}

/** Each phrase's instances in one document, weighted by column (title 3, body 1), from its positions. */
function phraseFreqs(vector: Map<string, number[]>, list: SeqNode[], seqs: IndexSeq[]): Float64Array {
  return Float64Array.from(list, (p, i) => phraseWeight(vector, p, seqs[i], TITLE_WEIGHT, BODY_WEIGHT));
}
