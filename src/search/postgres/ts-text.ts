import type { PlanNode } from '../query/plan.js';
import { seqIndexTokens } from '../sqlite/fts-query.js';
import { runTokens, tokenize } from '../text/tokens.js';

/** PostgreSQL keeps positions 1…16383 and at most 256 per lexeme; past that a phrase check would be wrong. */
const MAX_POS = 16383;
const MAX_POSITIONS = 256;
/** Lexemes must stay under 2 KB. */
const MAX_LEXEME_BYTES = 2046;

export interface IndexedText {
  /** A `tsvector` literal: title positions weighted A, body positions D. */
  vector: string;
  /** Index tokens in title and body (BM25's document length). */
  tokens: number;
  /** The positions are complete: phrases can be checked on the vector alone. */
  exact: boolean;
}

/** The index tokens of a text, in order: folded words, each Hangul run as its bigrams and last syllable (as FTS5 is fed). */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (t.hangul) out.push(...runTokens(t.text));
    else out.push(t.text);
  }
  return out;
}

/**
 * The article's text as a tsvector, tokenized here exactly as the SQLite index tokenizes it (the 'simple'
 * configuration would split and fold differently). Body positions start one past a gap after the title,
 * so no phrase runs from the title into the body, as FTS5's columns keep them apart.
 */
export function indexedText(title: string, body: string): IndexedText {
  const positions = new Map<string, string[]>();
  let exact = true;
  const add = (tokens: string[], first: number, weight: string) => {
    tokens.forEach((tok, i) => {
      const pos = first + i;
      if (pos > MAX_POS) {
        exact = false;
        return;
      }
      let list = positions.get(tok);
      if (!list) positions.set(tok, (list = []));
      if (list.length >= MAX_POSITIONS) exact = false;
      else list.push(`${pos}${weight}`);
    });
  };
  const t = indexTokens(title);
  const b = indexTokens(body);
  add(t, 1, 'A');
  add(b, t.length + 2, '');
  const parts: string[] = [];
  for (const [tok, list] of positions) {
    if (Buffer.byteLength(tok) > MAX_LEXEME_BYTES) {
      exact = false;
      continue;
    }
    parts.push(`${quoteLexeme(tok)}:${list.join(',')}`);
  }
  return { vector: parts.join(' '), tokens: t.length + b.length, exact };
}

/** Tokens are letters and digits only; quoting keeps any other character literal all the same. */
function quoteLexeme(tok: string): string {
  return `'${tok.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A `tsquery` for a text expression (see isTextExpr): a sequence is a phrase of its index tokens
 * (`<->`), weight A for `title:`, `:*` on a prefix; NOT only under an AND, so it is a document-level
 * negation. `relaxed`: phrases become AND of their tokens and NOT terms are dropped, a superset for
 * articles whose positions are incomplete (they are then checked on the text).
 */
export function toTsquery(node: PlanNode, relaxed = false): string {
  switch (node.type) {
    case 'seq': {
      const { tokens, prefix } = seqIndexTokens(node);
      const weight = node.field === 'title' ? 'A' : '';
      const terms = tokens.map((t, i) => {
        const star = prefix && i === tokens.length - 1 ? '*' : '';
        return `${quoteLexeme(t)}${star || weight ? ':' : ''}${star}${weight}`;
      });
      return `(${terms.join(relaxed ? ' & ' : ' <-> ')})`;
    }
    case 'or':
      return `(${node.children.map((c) => toTsquery(c, relaxed)).join(' | ')})`;
    case 'and': {
      const parts: string[] = [];
      for (const c of node.children) {
        if (c.type === 'not') {
          if (!relaxed) parts.push(`!${toTsquery(c.child, relaxed)}`);
        } else parts.push(toTsquery(c, relaxed));
      }
      return `(${parts.join(' & ')})`;
    }
    default:
      throw new Error(`not a text expression: ${node.type}`);
  }
}
