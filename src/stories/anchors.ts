// What survives translation: numbers, names spelled alike, and names the gazetteer maps across
// languages. An article's anchors are a small weighted set; two versions of one story share many.

import { GAZETTEER_FORMS, gazetteerAnchor } from './gazetteer.js';
import { fmix32, storyText } from './shingles.js';

/** Capitalized words that start sentences or are too common in the outlets to tell stories apart. */
const COMMON = new Set(
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

const NUMBER = /\d[\d,.]*\d|\d/g;
/** A capitalized Latin word of three letters or more (names; sentence starts are filtered by COMMON). */
const CAPITALIZED = /(?:^|[^A-Za-z\u00c0-\u024f])([A-Z\u00c0-\u00de][a-z\u00df-\u00ff\u0100-\u024f]{2,})/g;
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
  return anchorsOfText(title, 0);
}

/** Anchors of a title and body together (what language links compare). */
export function anchorsOf(title: string, paragraphs: readonly string[]): Anchors {
  return mergeAnchors(titleAnchors(title), bodyAnchors(paragraphs));
}

/** Anchors of the body alone, without its dateline (what tells two copies of a template apart). */
export function bodyAnchors(paragraphs: readonly string[]): Anchors {
  return storyTextAnchors(storyText(paragraphs));
}

/** `bodyAnchors` of a body already turned into its story text. */
export function storyTextAnchors(body: string): Anchors {
  return anchorsOfText(body, letters(body));
}

/** The union of two anchor sets (the larger weight where both have an anchor); the length is `x`'s plus `y`'s. */
export function mergeAnchors(x: Anchors, y: Anchors): Anchors {
  const n = x.hashes.length + y.hashes.length;
  const hashes = new Uint32Array(n);
  const weights = new Float32Array(n);
  const kinds = new Uint8Array(n);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < x.hashes.length || j < y.hashes.length) {
    const takeX = j >= y.hashes.length || (i < x.hashes.length && x.hashes[i] <= y.hashes[j]);
    const same = takeX && j < y.hashes.length && x.hashes[i] === y.hashes[j];
    if (takeX) {
      hashes[k] = x.hashes[i];
      weights[k] = same ? Math.max(x.weights[i], y.weights[j]) : x.weights[i];
      kinds[k] = x.kinds[i];
      i++;
      if (same) j++;
    } else {
      hashes[k] = y.hashes[j];
      weights[k] = y.weights[j];
      kinds[k] = y.kinds[j];
      j++;
    }
    k++;
  }
  return { hashes: hashes.slice(0, k), weights: weights.slice(0, k), kinds: kinds.slice(0, k), length: x.length + y.length };
}

/** Weight 2 for numbers of three digits or more, 1 for two digits and names, ½ for single digits. */
function anchorsOfText(text: string, length: number): Anchors {
  const found = new Map<string, number>();
  for (const m of text.matchAll(NUMBER)) {
    const digits = m[0].length > 1 && /[,.]/.test(m[0]) ? m[0].replace(/[,.]/g, '') : m[0];
    // Decimal commas and points differ between languages; only the digits are compared.
    addAnchor(found, `#${digits}`, digits.length >= 3 ? 2 : digits.length === 2 ? 1 : 0.5);
  }
  if (/[\uac00-\ud7a3]/.test(text)) {
    const lower = text.toLowerCase();
    for (const form of HANGUL_FORMS) if (hasForm(lower, form, true)) addAnchor(found, `@${gazetteerAnchor(form)}`, 1);
  }
  let lower: string | null = null;
  let skipUntil = 0;
  for (const m of text.matchAll(CAPITALIZED)) {
    const at = m.index + m[0].length - m[1].length;
    if (at < skipUntil) continue;
    let w = m[1].toLowerCase();
    if (/[^\x00-\x7f]/.test(w)) w = fold(w);
    const forms = BY_FIRST_WORD.get(w);
    if (forms) {
      lower ??= text.toLowerCase();
      const hit = forms.find((f) => (f === w || lower!.startsWith(f, at) || fold(lower!.slice(at, at + f.length + 2)).startsWith(f)) && !LETTER.test(lower!.slice(at + f.length, at + f.length + 1)));
      if (hit) {
        addAnchor(found, `@${gazetteerAnchor(hit)}`, 1);
        skipUntil = at + hit.length;
        continue;
      }
    }
    if (COMMON.has(w)) continue;
    addAnchor(found, `$${w}`, 1);
  }
  const entries = [...found].map(([k, w]) => [hashString(k), w, KIND[k[0]]] as const).sort((x, y) => x[0] - y[0]);
  const hashes = new Uint32Array(entries.length);
  const weights = new Float32Array(entries.length);
  const kinds = new Uint8Array(entries.length);
  let n = 0;
  for (const [h, w, k] of entries) {
    if (n > 0 && hashes[n - 1] === h) continue;
    hashes[n] = h;
    weights[n] = w;
    kinds[n] = k;
    n++;
  }
  return { hashes: hashes.slice(0, n), weights: weights.slice(0, n), kinds: kinds.slice(0, n), length };
}

const KIND: Record<string, number> = { '#': 0, '@': 1, $: 2 };

function addAnchor(found: Map<string, number>, key: string, w: number): void {
  const had = found.get(key);
  if (had === undefined || had < w) found.set(key, w);
}

function letters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x2f && (c < 0x3a || c > 0x40) && c !== 0x20 && !(c >= 0x5b && c <= 0x60) && !(c >= 0x7b && c <= 0xbf) && !(c >= 0x2000 && c < 0x3040)) n++;
  }
  return n;
}

/**
 * Weighted Dice coefficient of two anchor sets: 2·Σw(shared) / (Σw(x) + Σw(y)). With `namesAlike` false
 * (Hangul against Latin script) names spelled alike cannot match and are left out of both sums.
 */
export function anchorDice(x: Anchors, y: Anchors, namesAlike = true): { dice: number; shared: number } {
  let i = 0;
  let j = 0;
  let shared = 0;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < x.weights.length; k++) if (namesAlike || x.kinds[k] !== 2) sx += x.weights[k];
  for (let k = 0; k < y.weights.length; k++) if (namesAlike || y.kinds[k] !== 2) sy += y.weights[k];
  while (i < x.hashes.length && j < y.hashes.length) {
    if (x.hashes[i] === y.hashes[j]) {
      if (namesAlike || x.kinds[i] !== 2) shared += Math.min(x.weights[i], y.weights[j]);
      i++;
      j++;
    } else if (x.hashes[i] < y.hashes[j]) i++;
    else j++;
  }
  return { dice: sx + sy === 0 ? 0 : (2 * shared) / (sx + sy), shared };
}
