import { ByteWriter } from './codec.js';

/**
 * One article's entries for the positional postings (see docs/search.md, "Postings on PostgreSQL"): for
 * each of its lexemes, the bytes its doclist entry carries after the article's id: document length,
 * the lexeme's count in the title and in the body, the size of its positions in bytes (a reader that
 * needs none skips them at once), then its title positions and body positions, each run delta-coded
 * (positions count from 0 in each column, as FTS5's do).
 */
export interface ArticlePostings {
  lexemes: string[];
  payload: Uint8Array;
  /** Where each lexeme's bytes end in `payload`. */
  ends: Uint32Array;
}

/** Each lexeme's positions in the title and in the body, lexemes in order of first occurrence. */
export type LexemePositions = Map<string, { title: number[]; body: number[] }>;

/** The postings of an article from its title's and body's index tokens (see indexTokens). */
export function articlePostings(title: string[], body: string[]): ArticlePostings {
  return encodePostings(lexemePositions(title, body), title.length + body.length);
}

export function lexemePositions(title: string[], body: string[]): LexemePositions {
  const at: LexemePositions = new Map();
  const note = (tokens: string[], column: 'title' | 'body') => {
    for (let i = 0; i < tokens.length; i++) {
      let e = at.get(tokens[i]);
      if (!e) at.set(tokens[i], (e = { title: [], body: [] }));
      e[column].push(i);
    }
  };
  note(title, 'title');
  note(body, 'body');
  return at;
}

export function encodePostings(at: LexemePositions, doclen: number): ArticlePostings {
  const w = new ByteWriter(64 + at.size * 8);
  const lexemes: string[] = [];
  const ends = new Uint32Array(at.size);
  const positions = new ByteWriter(64);
  const deltas = (list: number[]) => {
    let prev = 0;
    for (const p of list) {
      positions.varint(p - prev);
      prev = p;
    }
  };
  for (const [lexeme, e] of at) {
    w.varint(doclen);
    w.varint(e.title.length);
    w.varint(e.body.length);
    positions.length = 0;
    deltas(e.title);
    deltas(e.body);
    w.varint(positions.length);
    w.raw(positions.bytes, 0, positions.length);
    ends[lexemes.length] = w.length;
    lexemes.push(lexeme);
  }
  return { lexemes, payload: w.bytes.slice(0, w.length), ends };
}
