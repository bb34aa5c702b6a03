// What survives translation: numbers, names spelled alike, and names the gazetteer maps across
// languages. An article's anchors are a small weighted set; two versions of one story share many.

import { GAZETTEER_FORMS, gazetteerAnchor } from './gazetteer.js';
import { fmix32, storyText } from './shingles.js';

/** Capitalized words that start sentences or are too common in the outlets to tell stories apart. */
export const COMMON = new Set(
  (
    'the a an in on at of for to and but he she it they we this that these those his her its their there ' +
    'el la los las un una unos unas en de del al por para con y pero el ella ellos este esta estos estas su sus ' +
    'se lo le les que como ese esa mr ms dr kcna acnc atcc korea korean koreans corea coreano coreana coreanos ' +
    'dprk rpdc democratic peoples republic people popular democratica republica party partido president presidente ' +
    'chairman supreme leader comrade camarada central committee comite central general secretary secretario ' +
    'marshal mariscal premier primer ministro minister government gobierno army ejercito state estado national nacional ' +
    'day dia january february march april may june july august september october november december ' +
    'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ' +
    'monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles jueves viernes sabado domingo ' +
    'also according meanwhile speakers speaker participants present at he said segun tambien asimismo presentes ' +
    'pyongyang kim jong il un sung'
  ).split(/\s+/),
);

export interface Anchors {
  /** Sorted anchor hashes. */
  hashes: Uint32Array;
  /** Weight of each anchor, in the same order. */
  weights: Float32Array;
  /** Kind of each anchor: 0 number, 1 gazetteer name, 2 name spelled alike (Latin script only). */
  kinds: Uint8Array;
  /** Letters and digits in the text (for the length ratio). */
  length: number;
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h >>> 0);
}

const LETTER = /[\p{L}\p{N}]/u;

/** Whether `form` occurs in `lower` as a whole word (Hangul forms may be followed by particles). */
function hasForm(lower: string, form: string, hangul: boolean): boolean {
  let at = lower.indexOf(form);
  while (at >= 0) {
    const before = at === 0 ? '' : lower[at - 1];
    const after = lower[at + form.length] ?? '';
    if (!LETTER.test(before) && (hangul || !LETTER.test(after))) return true;
    at = lower.indexOf(form, at + 1);
  }
  return false;
}

const HANGUL_FORMS = GAZETTEER_FORMS.filter((f) => /[\uac00-\ud7a3]/.test(f));
/** Latin forms by their first word, longest first. */
const BY_FIRST_WORD = new Map<string, string[]>();
for (const f of GAZETTEER_FORMS.filter((f) => !/[\uac00-\ud7a3]/.test(f)).sort((a, b) => b.length - a.length)) {
  const first = f.split(/[ '’]/)[0];
  BY_FIRST_WORD.set(first, [...(BY_FIRST_WORD.get(first) ?? []), f]);
}

/** Anchors of a title alone. */
export function titleAnchors(title: string): Anchors {
  scanAnchors(title);
  return scratch.read(0);
}

/** Anchors of a title and body together (what language links compare). */
export function anchorsOf(title: string, paragraphs: readonly string[]): Anchors {
  return bodyAndMergedAnchors(storyText(paragraphs), title).merged;
}

/** Anchors of the body alone, without its dateline (what tells two copies of a template apart). */
export function bodyAnchors(paragraphs: readonly string[]): Anchors {
  return storyTextAnchors(storyText(paragraphs));
}

/** `bodyAnchors` of a body already turned into its story text. */
export function storyTextAnchors(body: string): Anchors {
  return scratch.read(scanAnchors(body));
}

/**
 * `storyTextAnchors(body)`, and the union of it with `titleAnchors(title)` (the larger weight where both
 * have an anchor; the body's length). The body's sorted set is merged with the title's few anchors, not
 * sorted again with them.
 */
export function bodyAndMergedAnchors(body: string, title: string): { body: Anchors; merged: Anchors } {
  const bodyOnly = scratch.read(scanAnchors(body));
  scanAnchors(title);
  return { body: bodyOnly, merged: union(bodyOnly, scratch.read(bodyOnly.length)) };
}

/** Two sorted anchor sets as one, sorted (the larger weight where both have an anchor; the same hash is always the same kind); `x`'s length. */
function union(x: Anchors, y: Anchors): Anchors {
  const nx = x.hashes.length;
  const ny = y.hashes.length;
  const hashes = new Uint32Array(nx + ny);
  const weights = new Float32Array(nx + ny);
  const kinds = new Uint8Array(nx + ny);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < nx || j < ny) {
    if (j >= ny || (i < nx && x.hashes[i] < y.hashes[j])) {
      hashes[k] = x.hashes[i];
      weights[k] = x.weights[i];
      kinds[k++] = x.kinds[i++];
    } else if (i >= nx || y.hashes[j] < x.hashes[i]) {
      hashes[k] = y.hashes[j];
      weights[k] = y.weights[j];
      kinds[k++] = y.kinds[j++];
    } else {
      hashes[k] = x.hashes[i];
      weights[k] = Math.max(x.weights[i], y.weights[j]);
      kinds[k++] = x.kinds[i++];
      j++;
    }
  }
  return k === nx + ny ? { hashes, weights, kinds, length: x.length } : { hashes: hashes.slice(0, k), weights: weights.slice(0, k), kinds: kinds.slice(0, k), length: x.length };
}

/** FNV-1a over char codes, from `h` (the state after a key's prefix character). */
function fnvStep(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_NUMBER = fnvStep(FNV_OFFSET, 0x23); // '#'
const FNV_NAME = fnvStep(FNV_OFFSET, 0x24); // '$'

/** Unprefixed FNV of a lower-case ASCII word, cut to 30 bits (a small integer to V8): the look-up key of the word tables below. */
function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = fnvStep(h, word.charCodeAt(i));
  return h >>> 2;
}

/** Lower-case ASCII words of COMMON and BY_FIRST_WORD by their hash (a hit is confirmed against the word). */
const COMMON_BY_HASH = new Map<number, string[]>();
for (const w of COMMON) if (/^[a-z]+$/.test(w)) COMMON_BY_HASH.set(wordHash(w), [...(COMMON_BY_HASH.get(wordHash(w)) ?? []), w]);
const FIRST_WORD_BY_HASH = new Map<number, string[]>();
for (const w of BY_FIRST_WORD.keys()) if (/^[a-z]+$/.test(w)) FIRST_WORD_BY_HASH.set(wordHash(w), [...(FIRST_WORD_BY_HASH.get(wordHash(w)) ?? []), w]);

/** Whether text[at, end) lower-cased (ASCII) is one of `words`. */
function isWordAt(text: string, at: number, end: number, words: string[] | undefined): boolean {
  if (!words) return false;
  outer: for (const w of words) {
    if (w.length !== end - at) continue;
    for (let i = 0; i < w.length; i++) if ((text.charCodeAt(at + i) | 0x20) !== w.charCodeAt(i)) continue outer;
    return true;
  }
  return false;
}

// One class byte per UTF-16 code unit, so the scan below tests a char with one load.
const DIGIT = 1;
/** [A-Z\u00c0-\u00de]: a capital that can start a name. */
const CAPITAL = 2;
/** [a-z\u00df-\u00ff\u0100-\u024f]: a letter that can follow it. */
const SMALL = 4;
/** [A-Za-z\u00c0-\u024f]: a letter that, before a capital, makes it part of a word. */
const LATIN = 8;
/** Counted by the length ratio: letters and digits, roughly (no spaces, ASCII punctuation or general punctuation). */
const COUNTED = 16;
const HANGUL = 32;
const CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  let k = 0;
  if (c >= 0x30 && c <= 0x39) k |= DIGIT;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde)) k |= CAPITAL;
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c <= 0x24f)) k |= SMALL;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) k |= LATIN;
  if (c > 0x2f && (c < 0x3a || c > 0x40) && !(c >= 0x5b && c <= 0x60) && !(c >= 0x7b && c <= 0xbf) && !(c >= 0x2000 && c < 0x3040)) k |= COUNTED;
  if (c >= 0xac00 && c <= 0xd7a3) k |= HANGUL;
  CLASS[c] = k;
}

/** Anchors found in one text: hash, weight and kind, deduplicated when they are read out. */
class AnchorList {
  // Sized for nearly every text, so the arrays are rarely replaced: replacing one discards the optimized
  // code that assumed it constant, and the scan is compiled again (each time in each thread).
  hashes = new Uint32Array(4096);
  weights = new Float32Array(4096);
  kinds = new Uint8Array(4096);
  size = 0;
  private readonly small = new Int32Array(64);
  private firsts = new Int32Array(4096);

  add(hash: number, weight: number, kind: number): void {
    if (this.size === this.hashes.length) {
      const grow = <T extends Uint32Array | Float32Array | Uint8Array>(a: T, b: T) => (b.set(a), b);
      this.hashes = grow(this.hashes, new Uint32Array(this.size * 2));
      this.weights = grow(this.weights, new Float32Array(this.size * 2));
      this.kinds = grow(this.kinds, new Uint8Array(this.size * 2));
    }
    this.hashes[this.size] = hash;
    this.weights[this.size] = weight;
    this.kinds[this.size] = kind;
    this.size++;
  }

  /** Sorted by hash, one entry per hash with its largest weight; the list is emptied. */
  read(length: number): Anchors {
    const n = this.size;
    const order = this.order();
    // Deduplicated in place first (positions of each hash's first entry, weights maxed there), then copied out once.
    const firsts = this.firsts.length >= n ? this.firsts : (this.firsts = new Int32Array(n * 2));
    let k = 0;
    for (let r = 0; r < n; r++) {
      const i = order[r];
      if (k > 0 && this.hashes[firsts[k - 1]] === this.hashes[i]) {
        if (this.weights[i] > this.weights[firsts[k - 1]]) this.weights[firsts[k - 1]] = this.weights[i];
        continue;
      }
      firsts[k++] = i;
    }
    const hashes = new Uint32Array(k);
    const weights = new Float32Array(k);
    const kinds = new Uint8Array(k);
    for (let r = 0; r < k; r++) {
      const i = firsts[r];
      hashes[r] = this.hashes[i];
      weights[r] = this.weights[i];
      kinds[r] = this.kinds[i];
    }
    this.size = 0;
    return { hashes, weights, kinds, length };
  }

  /** Positions in hash order (ties in the order added). */
  private order(): ArrayLike<number> {
    const n = this.size;
    if (n <= 64) {
      // Most texts have a few dozen anchors: an insertion sort into a reused array allocates nothing.
      const order = this.small;
      for (let r = 0; r < n; r++) {
        const h = this.hashes[r];
        let q = r;
        while (q > 0 && this.hashes[order[q - 1]] > h) {
          order[q] = order[q - 1];
          q--;
        }
        order[q] = r;
      }
      return order;
    }
    if (n >= POSITION_LIMIT) return Array.from({ length: n }, (_, i) => i).sort((x, y) => this.hashes[x] - this.hashes[y] || x - y);
    // Hash and position packed in one double sort as plain numbers, without a comparator.
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = this.hashes[i] * POSITION_LIMIT + i;
    packed.sort();
    const order = new Uint32Array(n);
    for (let r = 0; r < n; r++) order[r] = packed[r] % POSITION_LIMIT;
    return order;
  }
}

const POSITION_LIMIT = 1 << 20;
const scratch = new AnchorList();
const anchorHashes = new Map<string, number>();

function gazetteerHash(form: string): number {
  let h = anchorHashes.get(form);
  if (h === undefined) {
    h = hashString(`@${gazetteerAnchor(form)}`);
    anchorHashes.set(form, h);
  }
  return h;
}

/**
 * Weight 2 for numbers of three digits or more, 1 for two digits and names, ½ for single digits. One pass
 * over the char codes finds numbers (`\d[\d,.]*\d|\d`, compared by their digits alone: decimal commas and
 * points differ between languages) and capitalized Latin words of three letters or more (names; sentence
 * starts are filtered by COMMON), hashing them as it reads into the shared list, and counts letters and
 * digits for the length ratio (returned).
 */
function scanAnchors(text: string): number {
  const list = scratch;
  const n = text.length;
  let counted = 0;
  let skipUntil = 0;
  let hangul = false;
  let prevLatin = false;
  let i = 0;
  while (i < n) {
    let k = CLASS[text.charCodeAt(i)];
    if ((k & (DIGIT | CAPITAL | HANGUL)) === 0) {
      // Most of a text: letters that start nothing, spaces and punctuation, read in a tight loop.
      let prev = k;
      do {
        counted += (k >> 4) & 1;
        prev = k;
        k = ++i < n ? CLASS[text.charCodeAt(i)] : CAPITAL;
      } while ((k & (DIGIT | CAPITAL | HANGUL)) === 0);
      prevLatin = (prev & LATIN) !== 0;
      continue;
    }
    if (k & CAPITAL && prevLatin) {
      counted++;
      i++;
      continue;
    }
    if (k & DIGIT) {
      // `\d[\d,.]*\d|\d`: the run of digits, commas and points, up to its last digit.
      let h = fnvStep(FNV_NUMBER, text.charCodeAt(i));
      let digits = 1;
      let hAtLast = h;
      let digitsAtLast = 1;
      let last = i;
      for (let j = i + 1; j < n; j++) {
        const d = text.charCodeAt(j);
        if (CLASS[d] & DIGIT) {
          h = fnvStep(h, d);
          digits++;
          hAtLast = h;
          digitsAtLast = digits;
          last = j;
        } else if (d !== 0x2c && d !== 0x2e) break;
      }
      list.add(fmix32(hAtLast >>> 0), digitsAtLast >= 3 ? 2 : digitsAtLast === 2 ? 1 : 0.5, 0);
      counted += digitsAtLast;
      prevLatin = false;
      i = last + 1;
      continue;
    }
    if (k & HANGUL) {
      hangul = true;
      counted++;
      prevLatin = false;
      i++;
      continue;
    }
    // A capital after no Latin letter: a name when two or more small letters follow.
    let j = i + 1;
    let ascii = text.charCodeAt(i) < 0x80;
    while (j < n) {
      const d = text.charCodeAt(j);
      if ((CLASS[d] & SMALL) === 0) break;
      if (d >= 0x80) ascii = false;
      j++;
    }
    counted += j - i;
    if (j - i >= 3 && i >= skipUntil) skipUntil = ascii ? asciiWord(text, i, j, skipUntil) : otherWord(text, i, j, skipUntil);
    prevLatin = true;
    i = j;
  }
  if (hangul) {
    const low = text.toLowerCase();
    for (const form of HANGUL_FORMS) if (hasForm(low, form, true)) list.add(gazetteerHash(form), 1, 1);
  }
  return counted;
}

/** A capitalized ASCII word at text[at, end): a gazetteer name starting there, or a name anchor unless common. Returns the new skip point. */
function asciiWord(text: string, at: number, end: number, skipUntil: number): number {
  let key = FNV_OFFSET;
  let named = FNV_NAME;
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i) | 0x20;
    key = fnvStep(key, c);
    named = fnvStep(named, c);
  }
  const firstWords = FIRST_WORD_BY_HASH.get(key >>> 2);
  if (firstWords && isWordAt(text, at, end, firstWords)) {
    const hit = gazetteerHit(text.slice(at, end).toLowerCase(), text, at);
    if (hit) {
      scratch.add(gazetteerHash(hit), 1, 1);
      return at + hit.length;
    }
  }
  if (!isWordAt(text, at, end, COMMON_BY_HASH.get(key >>> 2))) scratch.add(fmix32(named >>> 0), 1, 2);
  return skipUntil;
}

/** The same for a word with letters beyond ASCII, folded to compare (rarer: accented Spanish and the like). */
function otherWord(text: string, at: number, end: number, skipUntil: number): number {
  const w = fold(text.slice(at, end).toLowerCase());
  if (BY_FIRST_WORD.has(w)) {
    const hit = gazetteerHit(w, text, at);
    if (hit) {
      scratch.add(gazetteerHash(hit), 1, 1);
      return at + hit.length;
    }
  }
  if (!COMMON.has(w)) scratch.add(hashString(`$${w}`), 1, 2);
  return skipUntil;
}

/**
 * The longest gazetteer form that starts with word `w` at `at` and ends at a word boundary. The text is
 * lower-cased only as far as a form reaches, not as a whole (most texts hit a first word or two).
 */
function gazetteerHit(w: string, text: string, at: number): string | undefined {
  return BY_FIRST_WORD.get(w)!.find((f) => {
    if (f !== w && !startsWithLowered(text, at, f)) {
      if (isAsciiRange(text, at, at + f.length + 2) || !fold(text.slice(at, at + f.length + 2).toLowerCase()).startsWith(f)) return false;
    }
    return !LETTER.test(text.slice(at + f.length, at + f.length + 1));
  });
}

/** Whether text from `at`, lower-cased, starts with `form`: ASCII compared in place, anything else lower-cased as a slice. */
function startsWithLowered(text: string, at: number, form: string): boolean {
  if (at + form.length > text.length) return false;
  for (let i = 0; i < form.length; i++) {
    const c = text.charCodeAt(at + i);
    if (c >= 0x80) return text.slice(at, at + form.length).toLowerCase() === form;
    if ((c >= 0x41 && c <= 0x5a ? c + 32 : c) !== form.charCodeAt(i)) return false;
  }
  return true;
}

/** Whether text[from, to) is all ASCII: folding it would change nothing. */
function isAsciiRange(text: string, from: number, to: number): boolean {
  const end = Math.min(to, text.length);
  for (let i = from; i < end; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Σ weight of an anchor set: of all anchors, and of all but the names spelled alike (kind 2). */
export function anchorWeights(x: Anchors): { all: number; withoutNames: number } {
  let all = 0;
  let withoutNames = 0;
  for (let k = 0; k < x.weights.length; k++) {
    all += x.weights[k];
    if (x.kinds[k] !== 2) withoutNames += x.weights[k];
  }
  return { all, withoutNames };
}

/**
 * Weighted Dice coefficient of two anchor sets: 2·Σw(shared) / (Σw(x) + Σw(y)). With `namesAlike` false
 * (Hangul against Latin script) names spelled alike cannot match and are left out of both sums.
 */
export function anchorDice(x: Anchors, y: Anchors, namesAlike = true): { dice: number; shared: number } {
  const wx = anchorWeights(x);
  const wy = anchorWeights(y);
  const sx = namesAlike ? wx.all : wx.withoutNames;
  const sy = namesAlike ? wy.all : wy.withoutNames;
  const shared = sharedWeight(x, y, namesAlike);
  return { dice: sx + sy === 0 ? 0 : (2 * shared) / (sx + sy), shared };
}

/** Σ min(weight) over the anchors two sets share (names spelled alike only when `namesAlike`). */
export function sharedWeight(x: Anchors, y: Anchors, namesAlike: boolean): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < x.hashes.length && j < y.hashes.length) {
    if (x.hashes[i] === y.hashes[j]) {
      if (namesAlike || x.kinds[i] !== 2) shared += Math.min(x.weights[i], y.weights[j]);
      i++;
      j++;
    } else if (x.hashes[i] < y.hashes[j]) i++;
    else j++;
  }
  return shared;
}
