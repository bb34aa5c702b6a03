import type { PlanNode } from '../query/plan.js';
import { seqIndexTokens } from '../sqlite/fts-query.js';
import { foldHangul, foldLatin, isHangulSyllable } from '../text/fold.js';
import { runTokens } from '../text/tokens.js';
import { encodePostings, lexemePositions, type ArticlePostings } from './postings/article.js';

export interface IndexedText {
  /** Index tokens in title and body (BM25's document length). */
  tokens: number;
  /** The tokens as positional postings (see postings/). */
  postings: ArticlePostings;
}

const WORDS = /[\p{L}\p{N}\p{Co}]+/gu;

/**
 * The index tokens of a text, in order, appended to `out`: folded words, each Hangul run as its bigrams
 * and last syllable (as FTS5 is fed). The same tokens as tokenize() gives, without its offsets (an
 * import builds the postings of every article on its worker thread).
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

/** The article's index tokens as positional postings, tokenized exactly as the SQLite index tokenizes them. */
export function indexedText(title: string, body: string): IndexedText {
  const t = indexTokens(title);
  const b = indexTokens(body);
  return { tokens: t.length + b.length, postings: encodePostings(lexemePositions(t, b), t.length + b.length) };
}

const NEEDS_ESCAPE = /['\\]/;

/** Tokens are letters and digits only; quoting keeps any other character literal all the same. */
function quoteLexeme(tok: string): string {
  if (!NEEDS_ESCAPE.test(tok)) return `'${tok}'`;
  return `'${tok.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * A text expression (see isTextExpr) as one text, in PostgreSQL's `tsquery` syntax: equal expressions
 * give equal keys, whatever objects they are made of (evaluations are kept by it). A sequence is a phrase
 * of its index tokens (`<->`), weight A for `title:`, `:*` on a prefix; NOT only under an AND.
 */
export function expressionKey(node: PlanNode): string {
  switch (node.type) {
    case 'seq': {
      const { tokens, prefix } = seqIndexTokens(node);
      const weight = node.field === 'title' ? 'A' : '';
      const terms = tokens.map((t, i) => {
        const star = prefix && i === tokens.length - 1 ? '*' : '';
        return `${quoteLexeme(t)}${star || weight ? ':' : ''}${star}${weight}`;
      });
      return `(${terms.join(' <-> ')})`;
    }
    case 'or':
      return `(${node.children.map((c) => expressionKey(c)).join(' | ')})`;
    case 'and':
      return `(${node.children.map((c) => (c.type === 'not' ? `!${expressionKey(c.child)}` : expressionKey(c))).join(' & ')})`;
    default:
      throw new Error(`not a text expression: ${node.type}`);
  }
}
