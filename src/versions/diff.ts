import { diffArrays } from 'diff';

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffPiece {
  op: DiffOp;
  text: string;
}

const segmenters = new Map<string, Intl.Segmenter>();

/**
 * Words and the spaces and punctuation between them, by Unicode word segmentation (`Intl.Segmenter`):
 * Hangul words (어절) split at spaces and punctuation like Latin ones, never inside a syllable block.
 */
export function segmentWords(text: string, lang = 'en'): string[] {
  let seg = segmenters.get(lang);
  if (!seg) {
    seg = new Intl.Segmenter(lang, { granularity: 'word' });
    segmenters.set(lang, seg);
  }
  const out: string[] = [];
  for (const chunk of chunks(text)) segmentInto(seg, chunk, out);
  return out;
}

/** Segmenting one long string costs more than linear time, so long texts are cut after a space (or at a code point) first. */
const CHUNK = 1000;
function chunks(text: string): string[] {
  if (text.length <= CHUNK) return [text];
  const out: string[] = [];
  let start = 0;
  while (text.length - start > CHUNK) {
    let end = start + CHUNK;
    let cut = text.lastIndexOf(' ', end - 1);
    if (cut > start) end = cut + 1;
    else if (/[\uDC00-\uDFFF]/.test(text[end])) end--;
    // A run of spaces stays in one chunk.
    while (end < text.length && text[end] === ' ') end++;
    out.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

function segmentInto(seg: Intl.Segmenter, text: string, out: string[]): void {
  for (const s of seg.segment(text)) {
    // Line breaks stand alone so paragraphs can be rebuilt from the pieces.
    if (!s.isWordLike && s.segment.includes('\n') && s.segment !== '\n') {
      for (const part of s.segment.split(/(\n)/)) if (part) out.push(part);
    } else out.push(s.segment);
  }
}

/** Word-level differences between two texts (paragraphs separated by `\n`). */
export function diffWords(before: string, after: string, lang = 'en'): DiffPiece[] {
  const changes = diffArrays(segmentWords(before, lang), segmentWords(after, lang));
  const out: DiffPiece[] = [];
  for (const c of changes) {
    const op: DiffOp = c.added ? 'added' : c.removed ? 'removed' : 'same';
    const text = c.value.join('');
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  }
  return out;
}

/** Splits diff pieces into paragraphs at line breaks, keeping each piece's operation. */
export function diffParagraphs(pieces: DiffPiece[]): DiffPiece[][] {
  const paras: DiffPiece[][] = [[]];
  for (const p of pieces) {
    const parts = p.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) paras.push([]);
      if (part) paras[paras.length - 1].push({ op: p.op, text: part });
    });
  }
  return paras.filter((p) => p.length > 0);
}

export function diffStats(pieces: DiffPiece[]): { added: number; removed: number } {
  const words = (t: string) => segmentWords(t).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  let added = 0;
  let removed = 0;
  for (const p of pieces) {
    if (p.op === 'added') added += words(p.text);
    if (p.op === 'removed') removed += words(p.text);
  }
  return { added, removed };
}

/** How finely two texts were compared: word by word, or paragraph by paragraph when they differ too much. */
export type Granularity = 'word' | 'paragraph';

/**
 * Limits that keep one comparison cheap whatever the texts (Myers' diff costs O((N+M)·D); word segmentation
 * costs grow faster than the text on long strings, so long texts are never segmented whole).
 */
export interface DiffBudget {
  /** Characters (both sides, after the common leading and trailing paragraphs) compared word by word. */
  wordChars: number;
  /** Most word-level edits before the comparison falls back to paragraphs. */
  wordEdits: number;
  /** Most paragraphs (both sides) compared as units; more are shown as replaced. */
  paragraphUnits: number;
  /** Most paragraph-level edits before the differing middle is shown as replaced. */
  paragraphEdits: number;
  /** In the paragraph fallback: the longest pair of paragraphs (characters, both) still compared word by word… */
  pairChars: number;
  /** …and the total characters of such pairs in one comparison… */
  pairTotalChars: number;
  /** …and their number. */
  pairs: number;
  /** Wall-clock budget for the whole comparison, in milliseconds. */
  timeMs: number;
}

export const DIFF_BUDGET: DiffBudget = {
  wordChars: 20_000,
  wordEdits: 1_500,
  paragraphUnits: 20_000,
  paragraphEdits: 200,
  pairChars: 2_000,
  pairTotalChars: 10_000,
  pairs: 200,
  timeMs: 40,
};

export interface TextComparison {
  granularity: Granularity;
  /** Pieces with paragraphs separated by `\n`, as `diffWords` gives them. */
  pieces: DiffPiece[];
  added: number;
  removed: number;
}

export interface ArticleComparison {
  granularity: Granularity;
  title: DiffPiece[];
  body: DiffPiece[];
  added: number;
  removed: number;
}

/** The note pages and JSON give when texts were compared paragraph by paragraph. */
export const PARAGRAPH_NOTE = 'The texts differ too much for a word-by-word comparison; paragraphs compared.';

/** Words in a text without Unicode segmentation (linear time): letters and digits, joined by apostrophes, dots or commas. */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’.,][\p{L}\p{N}\p{M}]+)*/gu;
export function countWords(text: string): number {
  WORD.lastIndex = 0;
  let n = 0;
  while (WORD.exec(text)) n++;
  return n;
}

interface Clock {
  deadline: number;
  left(): number;
}

function clock(ms: number): Clock {
  const deadline = performance.now() + ms;
  return { deadline, left: () => deadline - performance.now() };
}

/** Tokens of several paragraphs, each segmented on its own (segmenting one long string costs more than linear time). */
function paragraphTokens(paras: string[], lang: string): string[] {
  const out: string[] = [];
  paras.forEach((p, i) => {
    if (i > 0) out.push('\n');
    for (const w of segmentWords(p, lang)) out.push(w);
  });
  return out;
}

/** Myers' diff of two lists within an edit and time limit; undefined when either is exceeded. */
function boundedChanges(a: string[], b: string[], maxEdits: number, c: Clock): { count: number; added: boolean; removed: boolean; value: string[] }[] | undefined {
  const left = c.left();
  if (left <= 0 || minEdits(a, b) > maxEdits) return undefined;
  return diffArrays(a, b, { maxEditLength: maxEdits, timeout: Math.max(1, Math.floor(left)) }) ?? undefined;
}

/**
 * A lower bound on the edits between two lists, in linear time: whatever is not in both (as multisets)
 * must be removed or added. Lets clearly unrelated texts skip the diff entirely.
 */
function minEdits(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  let common = 0;
  for (const x of b) {
    const n = counts.get(x);
    if (n) {
      common++;
      counts.set(x, n - 1);
    }
  }
  return a.length + b.length - 2 * common;
}

/** Word pieces of two token lists within an edit and time limit; undefined when either is exceeded. */
function boundedArrays(a: string[], b: string[], maxEdits: number, c: Clock): DiffPiece[] | undefined {
  const changes = boundedChanges(a, b, maxEdits, c);
  if (!changes) return undefined;
  const out: DiffPiece[] = [];
  for (const ch of changes) {
    const op: DiffOp = ch.added ? 'added' : ch.removed ? 'removed' : 'same';
    const text = ch.value.join('');
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else if (text) out.push({ op, text });
  }
  return out;
}

function sum(paras: string[]): number {
  let n = 0;
  for (const p of paras) n += p.length;
  return n;
}

/** Paragraphs of pieces, and which texts they belong to (a removed paragraph only to the old one). */
interface Row {
  pieces: DiffPiece[];
  before: boolean;
  after: boolean;
}

/**
 * Rows joined back into pieces: the line break after a row belongs to the texts that go on after it, so
 * the pieces other than added ones still spell the old text and those other than removed ones the new.
 */
function flatten(rows: Row[]): DiffPiece[] {
  const out: DiffPiece[] = [];
  const push = (op: DiffOp, text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  const laterBefore: boolean[] = [];
  const laterAfter: boolean[] = [];
  let b = false;
  let a = false;
  for (let i = rows.length - 1; i >= 0; i--) {
    laterBefore[i] = b;
    laterAfter[i] = a;
    b ||= rows[i].before;
    a ||= rows[i].after;
  }
  rows.forEach((row, i) => {
    for (const p of row.pieces) push(p.op, p.text);
    const inBefore = row.before && laterBefore[i];
    const inAfter = row.after && laterAfter[i];
    if (inBefore || inAfter) push(inBefore && inAfter ? 'same' : inBefore ? 'removed' : 'added', '\n');
  });
  return out;
}

/**
 * Compares two texts given as paragraphs, bounded in time and work: word by word while the differing part
 * is small and close enough; otherwise paragraph by paragraph, with word differences only inside small
 * pairs of changed paragraphs, and the rest shown as removed and added whole.
 */
export function compareParagraphs(before: string[], after: string[], lang = 'en', budget: DiffBudget = DIFF_BUDGET, c: Clock = clock(budget.timeMs)): TextComparison {
  let pre = 0;
  while (pre < before.length && pre < after.length && before[pre] === after[pre]) pre++;
  let post = 0;
  while (post < before.length - pre && post < after.length - pre && before[before.length - 1 - post] === after[after.length - 1 - post]) post++;
  const midA = before.slice(pre, before.length - post);
  const midB = after.slice(pre, after.length - post);
  const same = (ps: string[]): Row[] => ps.map((p) => ({ pieces: [{ op: 'same', text: p }], before: true, after: true }));
  const head = same(before.slice(0, pre));
  const tail = same(before.slice(before.length - post));

  if (!midA.length && !midB.length) return { granularity: 'word', pieces: flatten([...head, ...tail]), added: 0, removed: 0 };

  if (sum(midA) + sum(midB) <= budget.wordChars) {
    const words = boundedArrays(paragraphTokens(midA, lang), paragraphTokens(midB, lang), budget.wordEdits, c);
    if (words) {
      const pieces = flatten([...head, { pieces: words, before: midA.length > 0, after: midB.length > 0 }, ...tail]);
      return { granularity: 'word', pieces, ...diffStats(words) };
    }
  }

  const rows: Row[] = [];
  let added = 0;
  let removed = 0;
  let pairChars = 0;
  let pairCount = 0;
  // Paragraphs removed and added whole, kept together as one block each until the next compared pair.
  let gone: string[] = [];
  let come: string[] = [];
  const flush = () => {
    if (gone.length) {
      const t = gone.join('\n');
      rows.push({ pieces: [{ op: 'removed', text: t }], before: true, after: false });
      removed += countWords(t);
    }
    if (come.length) {
      const t = come.join('\n');
      rows.push({ pieces: [{ op: 'added', text: t }], before: false, after: true });
      added += countWords(t);
    }
    gone = [];
    come = [];
  };
  const units = midA.length + midB.length <= budget.paragraphUnits ? boundedChanges(midA, midB, budget.paragraphEdits, c) : undefined;
  // Hunks of removed and added paragraphs, in order; unchanged paragraphs between them.
  const hunks: { same?: string[]; removed: string[]; added: string[] }[] = [];
  if (units) {
    let ia = 0;
    let ib = 0;
    for (const u of units) {
      const n = u.count;
      if (!u.added && !u.removed) {
        hunks.push({ same: midA.slice(ia, ia + n), removed: [], added: [] });
        ia += n;
        ib += n;
      } else {
        let h = hunks[hunks.length - 1];
        if (!h || h.same) hunks.push((h = { removed: [], added: [] }));
        if (u.removed) {
          h.removed.push(...midA.slice(ia, ia + n));
          ia += n;
        } else {
          h.added.push(...midB.slice(ib, ib + n));
          ib += n;
        }
      }
    }
  } else hunks.push({ removed: midA, added: midB });

  for (const h of hunks) {
    if (h.same) {
      flush();
      rows.push(...same(h.same));
      continue;
    }
    const pairs = Math.min(h.removed.length, h.added.length);
    for (let i = 0; i < pairs; i++) {
      const a = h.removed[i];
      const b = h.added[i];
      const chars = a.length + b.length;
      if (chars <= budget.pairChars && pairChars + chars <= budget.pairTotalChars && pairCount < budget.pairs && c.left() > 0) {
        pairChars += chars;
        pairCount++;
        // Only paragraphs that are still recognisably the same are shown word by word (a first look at
        // space-separated words spares segmenting clearly unrelated ones).
        const close = sharedWords(a.split(/\s+/), b.split(/\s+/)) >= 0.4;
        const ta = close ? segmentWords(a, lang) : [];
        const tb = close ? segmentWords(b, lang) : [];
        const words = close && sharedWords(ta, tb) >= 0.5 ? boundedArrays(ta, tb, Math.floor((ta.length + tb.length) / 2), c) : undefined;
        if (words) {
          flush();
          rows.push({ pieces: words, before: true, after: true });
          const st = diffStats(words);
          added += st.added;
          removed += st.removed;
          continue;
        }
      }
      gone.push(a);
      come.push(b);
    }
    for (let i = pairs; i < h.removed.length; i++) gone.push(h.removed[i]);
    for (let i = pairs; i < h.added.length; i++) come.push(h.added[i]);
  }
  flush();
  return { granularity: 'paragraph', pieces: flatten([...head, ...rows, ...tail]), added, removed };
}

const WORDLIKE = /[\p{L}\p{N}]/u;

/** The share of words two token lists have in common (Dice coefficient over word multisets), in linear time. */
export function sharedWords(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  let na = 0;
  for (const w of a) {
    if (!WORDLIKE.test(w)) continue;
    na++;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  let nb = 0;
  let common = 0;
  for (const w of b) {
    if (!WORDLIKE.test(w)) continue;
    nb++;
    const n = counts.get(w);
    if (n) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return na + nb === 0 ? 1 : (2 * common) / (na + nb);
}

/** Compares two versions (title and paragraphs) within one budget. */
export function compareArticles(before: { title: string; body: string[] }, after: { title: string; body: string[] }, lang = 'en', budget: DiffBudget = DIFF_BUDGET): ArticleComparison {
  const c = clock(budget.timeMs);
  const title = compareParagraphs([before.title], [after.title], lang, budget, c);
  const body = compareParagraphs(before.body, after.body, lang, budget, c);
  return {
    granularity: title.granularity === 'paragraph' || body.granularity === 'paragraph' ? 'paragraph' : 'word',
    title: title.pieces,
    body: body.pieces,
    added: title.added + body.added,
    removed: title.removed + body.removed,
  };
}
