// Shingles: overlapping runs of words (Latin and other spaced scripts) or of syllables (Hangul), hashed
// to 32 bits. Pure functions on char codes, cheap enough to run for every imported article.

import { bodyText } from '../normalize/body-text.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The murmur3 finalizer: spreads a 32-bit value over all bits. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function isHangul(c: number): boolean {
  return c >= 0xac00 && c <= 0xd7a3;
}

function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c < 0xc0) return false;
  if (c === 0xd7 || c === 0xf7) return false;
  if (c < 0x2000) return true; // Latin-1 letters, Latin Extended, Greek, Cyrillic…
  if (c >= 0x2000 && c < 0x2c00) return false; // punctuation, symbols, arrows
  if (c >= 0x3000 && c < 0x3040) return false; // CJK punctuation
  if (c >= 0xff00 && c < 0xff10) return false;
  return true;
}

function lower(c: number): number {
  if ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7)) return c + 32;
  return c;
}

export interface Tokens {
  /** One 32-bit hash per token, in text order: the first `count` values of a buffer reused by the next call. */
  hashes: Uint32Array;
  count: number;
  /** Tokens that are Hangul syllables. */
  hangul: number;
}

/**
 * Per UTF-16 code unit: −1 for a Hangul syllable, 0 for a separator, else the unit lower-cased plus one (a
 * word character). One load tells the tokenizer all three.
 */
const TOKEN_CLASS = new Int32Array(0x10000);
for (let c = 0; c < 0x10000; c++) TOKEN_CLASS[c] = isHangul(c) ? -1 : isWordChar(c) ? lower(c) + 1 : 0;

// Reused buffers, sized for texts of up to 128k characters (the longest kcna.co.jp body has 78k) so they
// are rarely replaced: replacing one discards the optimized code that assumed it constant.
let tokenBuffer = new Uint32Array(1 << 17);

/**
 * Splits text into tokens: each Latin/Cyrillic/digit word is one token (lower-cased), each Hangul
 * syllable is one token of its own (so Hangul shingles are character shingles, blind to spacing).
 */
export function tokenize(text: string): Tokens {
  const n = text.length;
  // A text has at most one token per code unit (and one more at its end).
  if (tokenBuffer.length < n + 1) tokenBuffer = new Uint32Array(Math.max(n + 1, tokenBuffer.length * 2));
  const hashes = tokenBuffer;
  let count = 0;
  let hangul = 0;
  let h = FNV_OFFSET;
  let inWord = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const k = TOKEN_CLASS[c];
    if (k > 0) {
      h = Math.imul(h ^ (k - 1), FNV_PRIME);
      inWord = true;
      continue;
    }
    if (inWord) {
      hashes[count++] = h >>> 0;
      inWord = false;
      h = FNV_OFFSET;
    }
    if (k < 0) {
      hashes[count++] = fmix32(c ^ 0x5bd1e995);
      hangul++;
    }
  }
  if (inWord) hashes[count++] = h >>> 0;
  return { hashes, count, hangul };
}

/**
 * The set of shingle hashes of a text, sorted ascending without repeats. A text whose tokens are mostly
 * Hangul syllables takes `hangulK`-syllable shingles, any other `wordK`-word shingles; a text shorter
 * than one shingle gives one shingle of all its tokens.
 */
export function shingleSet(text: string, wordK = 3, hangulK = 4): Uint32Array {
  return uniqueShingles(text, wordK, hangulK).sort();
}

let slots = new Uint32Array(1 << 17);
let filled = new Uint8Array(1 << 17);

/**
 * The same set as `shingleSet`, in no particular order: repeats are dropped through a hash table, and
 * sorting is left to the comparisons that need it (`similarity` sorts in place), which most articles never
 * reach. MinHash takes the set in any order.
 */
export function uniqueShingles(text: string, wordK = 3, hangulK = 4): Uint32Array {
  const t = tokenize(text);
  const k = t.hangul * 2 > t.count ? hangulK : wordK;
  const n = t.count;
  if (n === 0) return new Uint32Array(0);
  const width = Math.min(k, n);
  const m = n - width + 1;
  let size = 1024;
  while (size < m * 2) size *= 2;
  if (slots.length < size) {
    slots = new Uint32Array(size);
    filled = new Uint8Array(size);
  } else filled.fill(0, 0, size);
  const mask = size - 1;
  const out = new Uint32Array(m);
  let w = 0;
  for (let i = 0; i < m; i++) {
    let h = 0x9e3779b9 ^ width;
    for (let j = 0; j < width; j++) h = Math.imul((h ^ t.hashes[i + j]) >>> 0, 0x01000193) ^ (h >>> 15);
    const v = fmix32(h >>> 0);
    let slot = v & mask;
    while (filled[slot] === 1 && slots[slot] !== v) slot = (slot + 1) & mask;
    if (filled[slot] === 1) continue;
    filled[slot] = 1;
    slots[slot] = v;
    out[w++] = v;
  }
  return w === m ? out : out.slice(0, w);
}

/** Drops an agency dateline (`Pyongyang, May 4 (KCNA) --`, `(평양 8월 21일발 조선중앙통신)`) from the first paragraph: every story has one. */
export function withoutDateline(first: string): string {
  const latin = /^[^\n]{0,90}?\((?:KCNA|ACNC|ATCC|KNS|Xinhua)\)\s*-+\s*/.exec(first);
  if (latin) return first.slice(latin[0].length);
  const ko = /^\s*\([^)]{0,40}발\s*[^)]{0,20}\)\s*/.exec(first);
  if (ko) return first.slice(ko[0].length);
  return first;
}

/**
 * The text a story is compared on: the body without its dateline (titles of reprints often change). The
 * dateline only ever leaves the start of the first paragraph, so this is the end of the joined body.
 */
export function storyText(paragraphs: readonly string[]): string {
  if (paragraphs.length === 0) return '';
  const first = paragraphs[0];
  return bodyText({ paragraphs }).slice(first.length - withoutDateline(first).length);
}
