import { difference, intersect, union } from '../../engine/set-ops.js';
import { MAX_SEQ_TOKENS, type PlanNode, type SeqNode } from '../../query/plan.js';
import { seqIndexTokens } from '../../sqlite/fts-query.js';
import { BODY_WEIGHT, bm25Order, inverseFrequency, phrases, TITLE_WEIGHT } from './bm25.js';
import { expressionKey } from '../ts-text.js';
import { postingsArena, type Postings } from './decode.js';

/** A term of a sequence: a lexeme, or (the last of a prefix sequence) every lexeme starting with it. */
export interface Term {
  lexeme: string;
  prefix: boolean;
  /** Part of a phrase: its positions are read too. */
  positions?: boolean;
}

/** Terms' blocks as read: what decodes their postings, and what lets go of their memory once the postings are done with. */
export interface PostingsRead {
  decode(): Postings[];
  release(): void;
}

/** Reads the terms' postings (see evaluatePostings). */
export type FetchPostings = (terms: Term[]) => Promise<PostingsRead>;

/** Where a sequence occurs: ids ascending, each with its instances weighted by column and its document length. */
export interface SeqHits {
  ids: Int32Array;
  freq: Float64Array;
  doclen: Int32Array;
}

/**
 * A text expression (see TextIndex) evaluated on the postings: its ids, and each sequence's hits by its
 * text (an evaluation is kept for equal expressions, whichever objects they are made of).
 */
export interface Evaluated {
  ids: Int32Array;
  hits: Map<string, SeqHits>;
}

const seqKey = (seq: SeqNode) => expressionKey(seq);

const termKey = (lexeme: string, prefix: boolean) => `${prefix ? '*' : '='}${lexeme}`;

export async function evaluatePostings(expr: PlanNode, fetch: FetchPostings): Promise<Evaluated> {
  const seqs = allSeqs(expr);
  const terms = new Map<string, Term>();
  const seqTerms = seqs.map((seq) => {
    const { tokens, prefix } = seqIndexTokens(seq);
    return tokens.map((lexeme, i) => {
      const isPrefix = prefix && i === tokens.length - 1;
      const key = termKey(lexeme, isPrefix);
      const term = terms.get(key) ?? { lexeme, prefix: isPrefix, positions: false };
      if (tokens.length > 1) term.positions = true;
      terms.set(key, term);
      return key;
    });
  });
  const list = [...terms.entries()];
  const read = await fetch(list.map(([, t]) => t));
  try {
    // From here on nothing waits: the decoded postings (in postingsArena) are this evaluation's alone,
    // and so are the blocks they point into until the read is released.
    postingsArena.reset();
    const fetched = read.decode();
    const postingsOf = new Map(list.map(([key], i) => [key, fetched[i]]));
    const hits = new Map<string, SeqHits>();
    seqs.forEach((seq, i) => {
      const key = seqKey(seq);
      if (!hits.has(key)) hits.set(key, seqHits(seq, seqTerms[i].map((k) => postingsOf.get(k)!)));
    });
    return { ids: evalNode(expr, hits), hits };
  } finally {
    read.release();
  }
}

/** Every sequence of an expression, those under NOT too. */
function allSeqs(node: PlanNode, out: SeqNode[] = []): SeqNode[] {
  if (node.type === 'seq') out.push(node);
  else if (node.type === 'not') allSeqs(node.child, out);
  else if (node.type === 'and' || node.type === 'or') for (const c of node.children) allSeqs(c, out);
  return out;
}

function evalNode(node: PlanNode, hits: Map<string, SeqHits>): Int32Array {
  switch (node.type) {
    case 'seq':
      return hits.get(seqKey(node))!.ids;
    case 'or': {
      // A name's many spellings mostly match nothing: only the others are merged.
      const sets = node.children.map((c) => evalNode(c, hits)).filter((ids) => ids.length > 0);
      return sets.length === 0 ? new Int32Array(0) : sets.reduce(union);
    }
    case 'and': {
      const pos = node.children.filter((c) => c.type !== 'not').map((c) => evalNode(c, hits));
      let out = pos.reduce(intersect);
      for (const c of node.children) if (c.type === 'not') out = difference(out, evalNode(c.child, hits));
      return out;
    }
    default:
      throw new Error(`not a text expression: ${node.type}`);
  }
}

/** Where a sequence occurs, from its terms' postings: a word by its counts, a phrase by its positions, column by column. */
export function seqHits(seq: SeqNode, lists: Postings[]): SeqHits {
  const titleOnly = seq.field === 'title';
  const first = lists[0];
  // A phrase occurs at most where its rarest word does: room for that many (fresh memory costs).
  let n = first.ids.length;
  for (const l of lists) n = Math.min(n, l.ids.length);
  const ids = new Int32Array(n);
  const freq = new Float64Array(n);
  const doclen = new Int32Array(n);
  let m = 0;
  if (lists.length === 1) {
    for (let i = 0; i < n; i++) {
      const t = first.titleCount[i];
      const f = t * TITLE_WEIGHT + (titleOnly ? 0 : first.bodyCount[i] * BODY_WEIGHT);
      if (f === 0) continue;
      ids[m] = first.ids[i];
      freq[m] = f;
      doclen[m++] = first.doclen[i];
    }
    return { ids: ids.subarray(0, m), freq: freq.subarray(0, m), doclen: doclen.subarray(0, m) };
  }
  // Candidates: the articles holding every term, walked from the shortest list.
  let d = 0;
  for (let k = 1; k < lists.length; k++) if (lists[k].ids.length < lists[d].ids.length) d = k;
  const driver = lists[d];
  const at = new Int32Array(lists.length);
  const positions: Int32Array[] = lists.map(() => new Int32Array(64) as Int32Array);
  for (let i = 0; i < driver.ids.length; i++) {
    const id = driver.ids[i];
    let all = true;
    for (let k = 0; k < lists.length; k++) {
      if (k === d) continue;
      const ids_k = lists[k].ids;
      let j = at[k];
      while (j < ids_k.length && ids_k[j] < id) j++;
      at[k] = j;
      if (j >= ids_k.length || ids_k[j] !== id) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    at[d] = i;
    for (let k = 0; k < lists.length; k++) positions[k] = lists[k].positionsInto(at[k], positions[k]);
    const titles = instances(lists, at, positions, true);
    const bodies = titleOnly ? 0 : instances(lists, at, positions, false);
    const f = titles * TITLE_WEIGHT + bodies * BODY_WEIGHT;
    if (f === 0) continue;
    ids[m] = id;
    freq[m] = f;
    doclen[m++] = driver.doclen[i];
  }
  return { ids: ids.subarray(0, m), freq: freq.subarray(0, m), doclen: doclen.subarray(0, m) };
}

// Each term's run of positions in one column, and how far the walk has gone in it (a phrase has at most
// MAX_SEQ_TOKENS terms).
const runFrom = new Int32Array(MAX_SEQ_TOKENS);
const runTo = new Int32Array(MAX_SEQ_TOKENS);
const walked = new Int32Array(MAX_SEQ_TOKENS);

/**
 * Instances of the phrase in one column of one document: term k at the first term's position + k. One
 * walk over each term's sorted positions (the first term's rise, so no other term's walk turns back).
 */
function instances(lists: Postings[], at: Int32Array, positions: Int32Array[], title: boolean): number {
  const n = lists.length;
  for (let k = 0; k < n; k++) {
    const t = lists[k].titleCount[at[k]];
    runFrom[k] = title ? 0 : t;
    runTo[k] = title ? t : t + lists[k].bodyCount[at[k]];
    walked[k] = runFrom[k];
  }
  const first = positions[0];
  let count = 0;
  for (let x = runFrom[0], end0 = runTo[0]; x < end0; x++) {
    const p0 = first[x];
    let all = true;
    for (let k = 1; k < n; k++) {
      const run = positions[k];
      const want = p0 + k;
      const end = runTo[k];
      let j = walked[k];
      while (j < end && run[j] < want) j++;
      walked[k] = j;
      if (j >= end || run[j] !== want) {
        all = false;
        break;
      }
    }
    if (all) count++;
  }
  return count;
}

/**
 * The ids of an evaluated expression best first, by FTS5's BM25 as SQLite ranks them (see bm25Ranked):
 * each phrase's weighted instances and document count from its hits.
 */
export function rankEvaluated(expr: PlanNode, evaluated: Evaluated, rows: number, avgdl: number): number[] {
  const list = phrases(expr);
  const ids = evaluated.ids;
  const docs = Array.from(ids, (id) => ({ id, d: 0, f: new Float64Array(list.length) }));
  const idf = new Float64Array(list.length);
  list.forEach((seq, i) => {
    const h = evaluated.hits.get(seqKey(seq))!;
    let occurs = false;
    for (let j = 0, k = 0; j < ids.length && k < h.ids.length; ) {
      if (ids[j] < h.ids[k]) j++;
      else if (ids[j] > h.ids[k]) k++;
      else {
        docs[j].f[i] = h.freq[k];
        docs[j].d = h.doclen[k];
        occurs = true;
        j++;
        k++;
      }
    }
    if (occurs) idf[i] = inverseFrequency(rows, h.ids.length);
  });
  return bm25Order(docs, idf, avgdl);
}
