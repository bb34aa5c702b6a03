import type { PlanNode } from '../query/plan.js';
import { seqIndexTokens } from '../sqlite/fts-query.js';
import { foldHangul, foldLatin, isHangulSyllable } from '../text/fold.js';
import { runTokens } from '../text/tokens.js';
import { encodePostings, lexemePositions, type ArticlePostings } from './postings/article.js';

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
  /** The same tokens as positional postings (see postings/). */
  postings: ArticlePostings;
}

const WORDS = /[\p{L}\p{N}\p{Co}]+/gu;

/**
 * The index tokens of a text, in order, appended to `out`: folded words, each Hangul run as its bigrams
 * and last syllable (as FTS5 is fed). The same tokens as tokenize() gives, without its offsets (an
 * import builds a vector for every article on the thread that writes).
 */
export function indexTokens(text: string, out: string[] = []): string[] {
  WORDS.lastIndex = 0;
  for (let m = WORDS.exec(text); m; m = WORDS.exec(text)) {
    const word = m[0];
    let k = 0;
    while (k < word.length && !isHangulSyllable(word.charCodeAt(k))) k++;
    if (k === word.length) {
      out.push(foldLatin(word));
      continue;
    }
    for (let i = 0; i < word.length; ) {
      const hangul = isHangulSyllable(word.charCodeAt(i));
      let j = i + 1;
      while (j < word.length && isHangulSyllable(word.charCodeAt(j)) === hangul) j++;
      const piece = word.slice(i, j);
      if (hangul) for (const t of runTokens(foldHangul(piece))) out.push(t);
      else out.push(foldLatin(piece));
      i = j;
    }
  }
  return out;
}

/**
 * The article's text as a tsvector, tokenized here exactly as the SQLite index tokenizes it (the 'simple'
 * configuration would split and fold differently). Body positions start one past a gap after the title,
 * so no phrase runs from the title into the body, as FTS5's columns keep them apart.
 */
export function indexedText(title: string, body: string): IndexedText {
  const t = indexTokens(title);
  const b = indexTokens(body);
  // One pass over the tokens serves the vector and the postings.
  const at = lexemePositions(t, b);
  let exact = t.length + 1 + b.length <= MAX_POS;
  // Title positions (1 … t.length) are weighted A, the body's start at t.length + 2. Joined at the end: a
  // flat string (a rope of small pieces, held until the transaction's end, costs the collector far more).
  const parts: string[] = [];
  const bodyFirst = t.length + 2;
  for (let s = 0; s < at.lexemes.length; s++) {
    const tok = at.lexemes[s];
    if (tok.length * 3 > MAX_LEXEME_BYTES && Buffer.byteLength(tok) > MAX_LEXEME_BYTES) {
      exact = false;
      continue;
    }
    const titles = at.titleCount[s];
    const all = titles + at.bodyCount[s];
    let entry = '';
    let kept = 0;
    for (let k = at.start[s]; kept < all && kept < MAX_POSITIONS; k++, kept++) {
      const pos = kept < titles ? at.positions[k] + 1 : bodyFirst + at.positions[k];
      if (pos > MAX_POS) break;
      entry += `${entry ? ',' : ''}${pos}${kept < titles ? 'A' : ''}`;
    }
    if (all > MAX_POSITIONS) exact = false;
    // A lexeme whose every position is past PostgreSQL's last is kept without positions.
    parts.push(entry ? `${quoteLexeme(tok)}:${entry}` : quoteLexeme(tok));
  }
  const vector = parts.join(' ');
  return { vector, tokens: t.length + b.length, exact, postings: encodePostings(at, t.length + b.length) };
}

const NEEDS_ESCAPE = /['\\]/;

/** Tokens are letters and digits only; quoting keeps any other character literal all the same. */
function quoteLexeme(tok: string): string {
  if (!NEEDS_ESCAPE.test(tok)) return `'${tok}'`;
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
