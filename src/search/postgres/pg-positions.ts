import type { PlanNode, SeqNode } from '../query/plan.js';
import { seqIndexTokens } from '../sqlite/fts-query.js';

/** PostgreSQL's highest lexeme position and longest lexeme (see ts-text.ts). */
export const MAX_POS = 16383;
const MAX_LEXEME_BYTES = 2046;
/** PostgreSQL keeps at most this many positions of a lexeme (ts-text.ts marks the article inexact past it). */
const MAX_POSITIONS = 256;

/** A sequence as the index holds it: its index tokens, the last one a prefix or not (see seqIndexTokens). */
export interface IndexSeq {
  tokens: string[];
  prefix: boolean;
}

/**
 * The SQL (one expression per row of search_index, reading its `doc`) for the positions of some lexemes
 * only, as two tsvector texts: all their positions, and those in the title. setweight marks the lexemes B
 * and ts_filter keeps them (one copy and one pass over the vector; unpacking it into an array costs
 * several times more); marking overwrites the title's weight A, so the title's own vector tells its
 * positions apart. `words`: an SQL text[] expression. Columns: positions, title_positions.
 */
export function positionsSql(words: string): string {
  return `ts_filter(setweight(doc, 'B', ${words}), '{b}')::text AS positions, ts_filter(setweight(ts_filter(doc, '{a}'), 'B', ${words}), '{b}')::text AS title_positions`;
}

/** Lexeme → positions from the two texts of positionsSql; title positions negated. */
export function parseVector(text: string, title: string): Map<string, number[]> {
  const inTitle = new Set<number>();
  for (const positions of lexemePositions(title).values()) for (const p of positions) inTitle.add(p);
  const out = lexemePositions(text);
  for (const positions of out.values()) positions.forEach((p, i) => inTitle.has(p) && (positions[i] = -p));
  return out;
}

function lexemePositions(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  // 'lexeme':12B,40B … (lexemes are letters and digits; quotes doubled all the same)
  for (const m of text.matchAll(/'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g)) {
    out.set(m[1].replace(/''/g, "'"), (m[2] ?? '').split(',').filter(Boolean).map((p) => parseInt(p, 10)));
  }
  return out;
}

/** Where a token occurs: a prefix at every position of each lexeme it begins. */
function positionsOf(vector: Map<string, number[]>, token: string, prefix: boolean): number[] {
  if (!prefix) return vector.get(token) ?? [];
  const out: number[] = [];
  for (const [lexeme, positions] of vector) if (lexeme.startsWith(token)) out.push(...positions);
  return out;
}

/** A phrase's instances in one document from its positions, each weighted by its column. */
export function phraseWeight(vector: Map<string, number[]>, seq: SeqNode, { tokens, prefix }: IndexSeq, titleWeight: number, bodyWeight: number): number {
  const at = (k: number) => positionsOf(vector, tokens[k], prefix && k === tokens.length - 1);
  const first = at(0);
  if (first.length === 0) return 0;
  const rest = tokens.slice(1).map((_, k) => new Set(at(k + 1)));
  let f = 0;
  for (const p of first) {
    const title = p < 0;
    if (seq.field === 'title' && !title) continue;
    // Title positions are negated: the next token of a title phrase is at p - 1.
    const step = title ? -1 : 1;
    if (rest.every((set, k) => set.has(p + step * (k + 1)))) f += title ? titleWeight : bodyWeight;
  }
  return f;
}

/** Every sequence of an expression, those under NOT too. */
export function allSeqs(node: PlanNode, out: SeqNode[] = []): SeqNode[] {
  if (node.type === 'seq') out.push(node);
  else if (node.type === 'not') allSeqs(node.child, out);
  else if (node.type === 'and' || node.type === 'or') for (const c of node.children) allSeqs(c, out);
  return out;
}

/** Whether a text expression matches a document, decided on its positions (which must be complete for the expression's lexemes). */
export function matchesPositions(node: PlanNode, vector: Map<string, number[]>): boolean {
  switch (node.type) {
    case 'seq':
      return phraseWeight(vector, node, seqIndexTokens(node), 1, 1) > 0;
    case 'and':
      return node.children.every((c) => matchesPositions(c, vector));
    case 'or':
      return node.children.some((c) => matchesPositions(c, vector));
    case 'not':
      return !matchesPositions(node.child, vector);
    default:
      throw new Error(`not a text expression: ${node.type}`);
  }
}

/** An article with incomplete positions that a looser query found, with its positions of the query's lexemes (see positionsSql). */
export interface InexactRow {
  article_id: number;
  tokens: number;
  positions: string;
  title_positions: string;
}

/**
 * The expression's sequences are single whole words (no phrase, no prefix, no Hangul run split in
 * bigrams), none longer than a lexeme may be: an article's vector answers them whenever every position
 * it holds is within PostgreSQL's range (only a word's positions past the 256th can be missing).
 */
export function wordsOnly(node: PlanNode): boolean {
  if (node.type === 'seq') {
    const { tokens, prefix } = seqIndexTokens(node);
    return !prefix && tokens.length === 1 && Buffer.byteLength(tokens[0]) <= MAX_LEXEME_BYTES;
  }
  if (node.type === 'not') return wordsOnly(node.child);
  if (node.type === 'and' || node.type === 'or') return node.children.every(wordsOnly);
  return false;
}

/**
 * Articles with incomplete positions, among the candidates of a looser query: where the expression's
 * lexemes all kept every position (fewer than 256 of each, none past PostgreSQL's last, no prefix that
 * might stand for a lexeme too long to keep) their positions decide; the others go to their texts.
 */
export function decideOnPositions(expr: PlanNode, candidates: InexactRow[]): { out: number[]; fromText: number[] } {
  const prefix = allSeqs(expr).some((s) => seqIndexTokens(s).prefix);
  const out: number[] = [];
  const fromText: number[] = [];
  for (const c of candidates) {
    const vector = parseVector(c.positions, c.title_positions);
    const complete = !prefix && Number(c.tokens) <= MAX_POS && [...vector.values()].every((p) => p.length < MAX_POSITIONS);
    if (!complete) fromText.push(Number(c.article_id));
    else if (matchesPositions(expr, vector)) out.push(Number(c.article_id));
  }
  return { out, fromText };
}
