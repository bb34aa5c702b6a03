import { ByteWriter, compareLexemes } from './codec.js';

/**
 * One article's entries for the positional postings (docs/search.md): for each of its lexemes, the bytes
 * its doclist entry carries after the article's id (`payload`): document length, the lexeme's count in
 * the title and in the body, and the size of its positions in bytes; and apart (`positions`), its title
 * positions and body positions, each run delta-coded (positions count from 0 in each column, as FTS5's
 * do). Positions are stored apart from the doclists, so a word alone is read without them.
 */
export interface ArticlePostings {
  /** The lexemes (empty when `lexicon` names them). */
  lexemes: string[];
  payload: Uint8Array;
  /** Where each lexeme's bytes end in `payload`. */
  ends: Uint32Array;
  positions: Uint8Array;
  /** Where each lexeme's positions end in `positions`. */
  posEnds: Uint32Array;
  /** A batch's lexemes in order, shared by its articles (see shareLexicon), and each lexeme's place in it. */
  lexicon?: string[];
  lexiconIds?: Uint32Array;
}

/**
 * Names an import batch's lexemes by their place in one sorted list of all of them: the list crosses from
 * the import's worker thread once per batch, not each lexeme once per article, and the segment's doclists
 * are then gathered by number (see SegmentBuilder).
 */
export function shareLexicon(articles: ArticlePostings[]): void {
  // Numbered in order of appearance first, then renumbered in sorted order.
  const seen = new Map<string, number>();
  const names: string[] = [];
  let surrogates = false;
  const numbered = articles.map((a) => {
    const ids = new Uint32Array(a.lexemes.length);
    for (let j = 0; j < ids.length; j++) {
      const l = a.lexemes[j];
      let i = seen.get(l);
      if (i === undefined) {
        i = names.push(l) - 1;
        seen.set(l, i);
        if (!surrogates && /[\uD800-\uDFFF]/.test(l)) surrogates = true;
      }
      ids[j] = i;
    }
    return ids;
  });
  const order = Array.from(names.keys());
  // Without characters past U+FFFF, JavaScript's own order of code units is code point order.
  if (surrogates) order.sort((x, y) => compareLexemes(names[x], names[y]));
  else order.sort((x, y) => (names[x] < names[y] ? -1 : names[x] > names[y] ? 1 : 0));
  const rank = new Uint32Array(names.length);
  order.forEach((i, r) => (rank[i] = r));
  const lexicon = order.map((i) => names[i]);
  articles.forEach((a, k) => {
    const ids = numbered[k];
    for (let j = 0; j < ids.length; j++) ids[j] = rank[ids[j]];
    a.lexiconIds = ids;
    a.lexicon = lexicon;
    a.lexemes = [];
  });
}

/** The article's lexemes by name. */
export function lexemesOf(a: ArticlePostings): string[] {
  return a.lexicon ? Array.from(a.lexiconIds!, (i) => a.lexicon![i]) : a.lexemes;
}

/**
 * Each lexeme's positions in the title and in the body, lexemes in order of first occurrence: lexeme i's
 * title positions at positions[start[i]…], then its body positions (typed arrays: an import builds one
 * per article, and small objects per lexeme cost the collector more than the work).
 */
export interface LexemePositions {
  lexemes: string[];
  titleCount: Int32Array;
  bodyCount: Int32Array;
  start: Int32Array;
  positions: Int32Array;
}

/** The postings of an article from its title's and body's index tokens (see indexTokens). */
export function articlePostings(title: string[], body: string[]): ArticlePostings {
  return encodePostings(lexemePositions(title, body), title.length + body.length);
}

export function lexemePositions(title: string[], body: string[]): LexemePositions {
  const n = title.length + body.length;
  const slotOf = new Map<string, number>();
  const lexemes: string[] = [];
  const slot = new Int32Array(n);
  const titleCount = new Int32Array(n);
  const bodyCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const tok = i < title.length ? title[i] : body[i - title.length];
    let s = slotOf.get(tok);
    if (s === undefined) {
      s = lexemes.length;
      slotOf.set(tok, s);
      lexemes.push(tok);
    }
    slot[i] = s;
    if (i < title.length) titleCount[s]++;
    else bodyCount[s]++;
  }
  const m = lexemes.length;
  const start = new Int32Array(m + 1);
  for (let s = 0; s < m; s++) start[s + 1] = start[s] + titleCount[s] + bodyCount[s];
  const fill = start.slice(0, m);
  const positions = new Int32Array(n);
  // Title tokens come first, so each lexeme's title positions precede its body positions.
  for (let i = 0; i < n; i++) positions[fill[slot[i]]++] = i < title.length ? i : i - title.length;
  return { lexemes, titleCount: titleCount.subarray(0, m), bodyCount: bodyCount.subarray(0, m), start, positions};
}

export function encodePostings(at: LexemePositions, doclen: number): ArticlePostings {
  const m = at.lexemes.length;
  const w = new ByteWriter(16 + m * 6);
  const ends = new Uint32Array(m);
  const positions = new ByteWriter(16 + at.positions.length * 2);
  const posEnds = new Uint32Array(m);
  for (let s = 0; s < m; s++) {
    const t = at.titleCount[s];
    const b = at.bodyCount[s];
    const before = positions.length;
    let prev = 0;
    for (let k = at.start[s], end = k + t + b; k < end; k++) {
      if (k === at.start[s] + t) prev = 0;
      positions.varint(at.positions[k] - prev);
      prev = at.positions[k];
    }
    posEnds[s] = positions.length;
    w.varint(doclen);
    w.varint(t);
    w.varint(b);
    w.varint(positions.length - before);
    ends[s] = w.length;
  }
  return { lexemes: at.lexemes, payload: w.bytes.slice(0, w.length), ends, positions: positions.bytes.slice(0, positions.length), posEnds };
}
