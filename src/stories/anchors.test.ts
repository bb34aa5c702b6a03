import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TESTDATA } from '../../test/helpers.js';
import { anchorsOf, bodyAnchors, bodyAndMergedAnchors, COMMON, storyTextAnchors, titleAnchors, type Anchors } from './anchors.js';
import { GAZETTEER_FORMS, gazetteerAnchor } from './gazetteer.js';
import { fmix32, storyText } from './shingles.js';

// The former regular-expression form of the anchor scan: the rules the one-pass scanner must keep.
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const hashString = (s: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h >>> 0);
};
const LETTER = /[\p{L}\p{N}]/u;
const hasForm = (lower: string, form: string) => {
  for (let at = lower.indexOf(form); at >= 0; at = lower.indexOf(form, at + 1)) if (!LETTER.test(at === 0 ? '' : lower[at - 1])) return true;
  return false;
};
const HANGUL = GAZETTEER_FORMS.filter((f) => /[\uac00-\ud7a3]/.test(f));
const FIRST = new Map<string, string[]>();
for (const f of GAZETTEER_FORMS.filter((f) => !/[\uac00-\ud7a3]/.test(f)).sort((a, b) => b.length - a.length)) {
  const w = f.split(/[ '’]/)[0];
  FIRST.set(w, [...(FIRST.get(w) ?? []), f]);
}
function letters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x2f && (c < 0x3a || c > 0x40) && c !== 0x20 && !(c >= 0x5b && c <= 0x60) && !(c >= 0x7b && c <= 0xbf) && !(c >= 0x2000 && c < 0x3040)) n++;
  }
  return n;
}
function reference(text: string, length: number): Anchors {
  const found = new Map<string, number>();
  const add = (k: string, w: number) => found.set(k, Math.max(w, found.get(k) ?? -1));
  for (const m of text.matchAll(/\d[\d,.]*\d|\d/g)) {
    const digits = m[0].replace(/[,.]/g, '');
    add(`#${digits}`, digits.length >= 3 ? 2 : digits.length === 2 ? 1 : 0.5);
  }
  if (/[\uac00-\ud7a3]/.test(text)) for (const form of HANGUL) if (hasForm(text.toLowerCase(), form)) add(`@${gazetteerAnchor(form)}`, 1);
  // Read where the name stands: lower-casing the whole text first moved every position after a letter that
  // lower-cases to two (İ), so a name after one was looked for in the wrong place.
  const lower = (from: number, to: number) => text.slice(from, to).toLowerCase();
  let skipUntil = 0;
  for (const m of text.matchAll(/(?:^|[^A-Za-z\u00c0-\u024f])([A-Z\u00c0-\u00de][a-z\u00df-\u00ff\u0100-\u024f]{2,})/g)) {
    const at = m.index + m[0].length - m[1].length;
    if (at < skipUntil) continue;
    let w = m[1].toLowerCase();
    if (/[^\x00-\x7f]/.test(w)) w = fold(w);
    const hit = FIRST.get(w)?.find((f) => (f === w || lower(at, at + f.length) === f || fold(lower(at, at + f.length + 2)).startsWith(f)) && !LETTER.test(text.slice(at + f.length, at + f.length + 1)));
    if (hit) {
      add(`@${gazetteerAnchor(hit)}`, 1);
      skipUntil = at + hit.length;
    } else if (!COMMON.has(w)) add(`$${w}`, 1);
  }
  const kinds: Record<string, number> = { '#': 0, '@': 1, $: 2 };
  const entries = [...found].map(([k, w]) => [hashString(k), w, kinds[k[0]]] as const).sort((x, y) => x[0] - y[0]);
  return {
    hashes: Uint32Array.from(entries.map((e) => e[0])),
    weights: Float32Array.from(entries.map((e) => e[1])),
    kinds: Uint8Array.from(entries.map((e) => e[2])),
    length,
  };
}

/** The former union of two anchor sets (merging two sorted sets) (the larger weight where both have an anchor); the length is `x`'s plus `y`'s. */
function mergeAnchors(x: Anchors, y: Anchors): Anchors {
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

function lines(file: string): { title: string; body: string[] }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .map((r) => ({ title: String(r.title ?? ''), body: Array.isArray(r.body) ? r.body : String(r.body ?? r.text ?? '').split('\n') }));
}

describe('the one-pass anchor scan', () => {
  it('finds what the regular-expression scan found, on real English, Spanish and Korean articles', () => {
    const articles = [
      ...lines(join(TESTDATA, 'stories', 'articles.jsonl')),
      ...['kcna-co-jp-sample.jsonl', 'kcna-kp-en-sample.jsonl', 'nkarchive-ko-sample.jsonl', 'rodong-en-sample.jsonl'].flatMap((f) => lines(join(TESTDATA, 'corpus', f))),
    ];
    expect(articles.length).toBeGreaterThan(900);
    for (const a of articles) {
      const text = storyText(a.body);
      expect(bodyAnchors(a.body)).toEqual(reference(text, letters(text)));
      expect(titleAnchors(a.title)).toEqual(reference(a.title, 0));
    }
  });

  it('finds what the regular-expression scan found, on any mix of names, numbers, accents, Hangul and punctuation', () => {
    const unit = fc.constantFrom(
      'Kim', ' Jong Un', 'Moscow', 'Moscú', 'MOSCOW', 'Estados Unidos', 'United States', 'The', ' the', 'Ítalo', 'Élysée', 'İst', '×yz', 'McDonald',
      'Lavrov', 'Workers’ Party of Korea', "Workers' Party", 'Juche', 'Jucheidea', ' ', '\n', ',', '.', '-', '1', '2,500', '3.14', '12.', ',7',
      '로씨야', '김정은', '동지', 'ab', 'Xy', 'Abc', 'über', 'Ñandú', '\u0301', '’', '(KCNA)',
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(bodyAnchors([text])).toEqual(reference(storyText([text]), letters(storyText([text]))));
        expect(titleAnchors(text)).toEqual(reference(text, 0));
      }),
      { numRuns: 3000 },
    );
  });

  it('unites generated bodies and titles as merging the two sets does', () => {
    const unit = fc.constantFrom('Kim', ' Jong Un', 'Moscow', 'Moscú', 'The', ' the', 'Lavrov', 'Juche', ' ', '\n', ',', '1', '25', '2,500', '3.14', '김정은', '로씨야', 'Abc', '(KCNA)');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), fc.array(unit, { maxLength: 10 }), (bodyParts, titleParts) => {
        const text = storyText([bodyParts.join('')]);
        const title = titleParts.join('');
        const both = bodyAndMergedAnchors(text, title);
        expect(both.body).toEqual(storyTextAnchors(text));
        expect(both.merged).toEqual(mergeAnchors(titleAnchors(title), storyTextAnchors(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the body\'s anchors and their union with the title\'s from one list as merging the two sets does', () => {
    for (const a of lines(join(TESTDATA, 'stories', 'articles.jsonl'))) {
      const text = storyText(a.body);
      const both = bodyAndMergedAnchors(text, a.title);
      expect(both.body).toEqual(storyTextAnchors(text));
      expect(both.merged).toEqual(mergeAnchors(titleAnchors(a.title), storyTextAnchors(text)));
      expect(anchorsOf(a.title, a.body)).toEqual(both.merged);
    }
  });
});
