import { nameTable, type NameTable, type QueryToken } from '../text/names.js';
import { tokenize } from '../text/tokens.js';
import type { FilterNode, QueryNode, TextField } from './ast.js';
import { QuerySyntaxError } from './errors.js';
import { parseQuery } from './parse.js';

export type { QueryToken };

/**
 * A query ready for evaluation: text turned into folded index tokens, name variants expanded.
 * Every backend (and the brute-force reference) evaluates this same tree.
 */
export type PlanNode = SeqNode | FilterNode | { type: 'and' | 'or'; children: PlanNode[] } | { type: 'not'; child: PlanNode };

/**
 * Consecutive tokens (a word is a sequence of one or more). Latin tokens match whole index tokens
 * (the last one as a prefix when `prefix`); a Hangul token matches inside a run of syllables: the
 * first of a sequence as the end of a run, the last as its start, a lone one anywhere in a run.
 */
export interface SeqNode {
  type: 'seq';
  field: TextField | null;
  tokens: QueryToken[];
  prefix: boolean;
  /** Written as a bare word (not quoted): neighbouring bare words may form a name. */
  bare: boolean;
}

const MAX_NAME_FORMS = 64;
/**
 * Tokens in one word or phrase. Each name in a sequence copies up to MAX_NAME_FORMS variants of it, so a
 * long one costs its length squared: a phrase of 1,000 "Kim Jong Un"s (12 KB) took 10 s, 30,000 ran out of
 * memory. A pasted paragraph stays well inside.
 */
export const MAX_SEQ_TOKENS = 256;

/** Parses and plans a query; throws QuerySyntaxError. */
export function planQuery(query: string, names: NameTable = nameTable()): PlanNode {
  const plan = planNode(parseQuery(query), names, query);
  if (!plan) throw new QuerySyntaxError('the query has no letters or digits to search for', 0, query);
  return plan;
}

function planNode(node: QueryNode, names: NameTable, query: string): PlanNode | null {
  switch (node.type) {
    case 'filter':
      return node;
    case 'text': {
      const tokens = tokenize(node.value).map(({ text, hangul }) => ({ text, hangul }));
      if (tokens.length === 0) return null;
      if (tokens.length > MAX_SEQ_TOKENS) throw new QuerySyntaxError(`too many words in one phrase (at most ${MAX_SEQ_TOKENS})`, node.pos, query);
      const prefix = node.prefix && !tokens[tokens.length - 1].hangul;
      return expandNames({ type: 'seq', field: node.field, tokens, prefix, bare: !node.phrase }, names);
    }
    case 'not': {
      const child = planNode(node.child, names, query);
      return child ? { type: 'not', child } : null;
    }
    case 'and': {
      const children = node.children.map((c) => planNode(c, names, query)).filter((c): c is PlanNode => c !== null);
      const merged = mergeBareNames(children, names);
      return merged.length === 0 ? null : merged.length === 1 ? merged[0] : { type: 'and', children: merged };
    }
    case 'or': {
      const children = node.children.map((c) => planNode(c, names, query)).filter((c): c is PlanNode => c !== null);
      return children.length === 0 ? null : children.length === 1 ? children[0] : { type: 'or', children };
    }
  }
}

/** A sequence holding a name form becomes OR of the sequence with each form of that name. */
function expandNames(seq: SeqNode, names: NameTable): PlanNode {
  const t = seq.tokens;
  let variants: QueryToken[][] = [[]];
  let found = false;
  for (let i = 0; i < t.length; ) {
    const m = names.matchAt(t, i);
    // A prefix on the last token keeps that token as typed.
    if (m && !(seq.prefix && i + m.length === t.length)) {
      found = true;
      const next: QueryToken[][] = [];
      for (const v of variants) for (const form of m.group.forms) next.push([...v, ...form]);
      variants = next.slice(0, MAX_NAME_FORMS);
      i += m.length;
    } else {
      // In place: copying every variant at every token made a long phrase quadratic (100,000 words: 55 s).
      for (const v of variants) v.push(t[i]);
      i++;
    }
  }
  if (!found) return seq;
  const children: PlanNode[] = variants.map((tokens) => ({ ...seq, tokens, bare: false }));
  return children.length === 1 ? children[0] : { type: 'or', children };
}

/** Neighbouring bare words that spell a name (Kim Jong Un) are searched as that name in all its forms. */
function mergeBareNames(children: PlanNode[], names: NameTable): PlanNode[] {
  const out: PlanNode[] = [];
  for (let i = 0; i < children.length; ) {
    const first = children[i];
    let taken = 0;
    if (first.type === 'seq' && first.bare && !first.prefix) {
      // Longest run of bare words, joined at word boundaries, that is exactly a name form.
      const tokens: QueryToken[] = [];
      for (let j = i; j < children.length; j++) {
        const c = children[j];
        if (c.type !== 'seq' || !c.bare || c.prefix || c.field !== first.field) break;
        tokens.push(...c.tokens);
        if (j > i) {
          const m = names.matchAt(tokens, 0);
          if (m && m.length === tokens.length) taken = j - i + 1;
        }
      }
      if (taken > 1) {
        const joined = tokens.slice(0, children.slice(i, i + taken).reduce((n, c) => n + (c as SeqNode).tokens.length, 0));
        out.push(expandNames({ type: 'seq', field: first.field, tokens: joined, prefix: false, bare: false }, names));
        i += taken;
        continue;
      }
    }
    out.push(first);
    i++;
  }
  return out;
}

/** Positive text sequences of a plan (for highlighting). */
export function positiveSeqs(node: PlanNode, negated = false, out: SeqNode[] = []): SeqNode[] {
  if (node.type === 'seq') {
    if (!negated) out.push(node);
  } else if (node.type === 'not') positiveSeqs(node.child, !negated, out);
  else if (node.type === 'and' || node.type === 'or') for (const c of node.children) positiveSeqs(c, negated, out);
  return out;
}
