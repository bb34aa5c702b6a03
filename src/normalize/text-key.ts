import { END_MARK } from './end-marks.js';

/**
 * A key that two copies of one text share even when their boilerplate differs: the letters and digits
 * of every paragraph of eight words or more, lower-cased, hashed with their count to 53 bits. Short lines (end marks, a
 * site address, a `(Juche113.8.3.)` stamp, "Photo: KCNA", a category header) and all spacing and
 * punctuation leave it unchanged. It only finds candidates: the store folds a copy into an article
 * when the bodies are identical, or when the key, the date and the title all agree.
 */
export function textKey(paragraphs: readonly string[]): number {
  const acc = { a: FNV_OFFSET, b: 0 };
  let kept = 0;
  for (const p of paragraphs) if (wordsIn(p) >= MIN_WORDS) {
    // An end mark left inside the text (boilerplate followed it) is not text either.
    hashLetters(endsLikeMark(p) ? p.replace(END_MARK, '') : p, acc);
    kept++;
  }
  // A text made only of short lines is keyed on all of them.
  if (kept === 0) for (const p of paragraphs) hashLetters(p, acc);
  // 32 bits of FNV-1a and the number of letters hashed (mod 2^21): 53 bits, an exact JavaScript integer.
  return (acc.a >>> 0) + (acc.b % 0x200000) * 4294967296;
}

function endsLikeMark(p: string): boolean {
  const c = p.charCodeAt(p.length - 1);
  return c === 45 || c === 41 || c === 0xff09;
}

/** Paragraphs shorter than this many words are boilerplate to the key. */
export const MIN_WORDS = 8;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A code unit that counts as part of a word: ASCII letters and digits, and any non-ASCII letter-ish unit. */
function isWordUnit(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  // General punctuation and spaces, CJK symbols and punctuation, full-width ASCII punctuation, specials.
  if (c <= 0xbf) return false;
  if (c >= 0x2000 && c <= 0x206f) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xff00 && c <= 0xff0f) return false;
  if (c >= 0xfff0 && c <= 0xfffc) return false;
  return true;
}

function wordsIn(p: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    const w = c < 0x80 ? ASCII_FOLD[c] !== 0 : isWordUnit(c);
    if (w && !inWord) {
      words++;
      if (words >= MIN_WORDS) return words;
    }
    inWord = w;
  }
  return words;
}

// ASCII letters and digits to their folded code (letters lower-cased); 0 for everything else.
const ASCII_FOLD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_FOLD[c] = c;
for (let c = 97; c <= 122; c++) ASCII_FOLD[c] = c;
for (let c = 65; c <= 90; c++) ASCII_FOLD[c] = c + 32;

function hashLetters(p: string, acc: { a: number; b: number }): void {
  let a = acc.a;
  let b = acc.b;
  for (let i = 0; i < p.length; i++) {
    let c = p.charCodeAt(i);
    if (c < 0x80) {
      c = ASCII_FOLD[c];
      if (c === 0) continue;
    } else if (!isWordUnit(c)) continue;
    else c = foldCase(p, i, c);
    a = Math.imul(a ^ c, FNV_PRIME);
    b++;
  }
  acc.a = a;
  acc.b = b;
}

/** Lower-cases a non-ASCII unit that has a one-unit lower-case form (Latin, Greek, Cyrillic). */
function foldCase(p: string, i: number, c: number): number {
  if (c >= 0x3130) return c; // Hangul and CJK have no case.
  const lower = p[i].toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}
