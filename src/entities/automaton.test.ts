import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import AhoCorasick from 'modern-ahocorasick';
import { describe, expect, it } from 'vitest';
import { Automaton } from './automaton.js';
import { DROP, FOLD, SEP, foldPattern, foldText } from './fold.js';
import { loadGazetteer } from './gazetteer.js';

/** Every (pattern, start, end), sorted: the two implementations report the same occurrences in different orders. */
function occurrences(found: { pattern: number; start: number; end: number }[]): string[] {
  return found.map((m) => `${m.pattern}:${m.start}-${m.end}`).sort();
}

function library(patterns: string[], text: string, built?: AhoCorasick<number>): string[] {
  const ac = built ?? new AhoCorasick(patterns.map((pattern, index) => ({ pattern, data: index })));
  return occurrences(ac.search(text).map((m) => ({ pattern: m.data!, start: m.start, end: m.end })));
}

const gazetteerPatterns = [...new Set(loadGazetteer().flatMap((e) => [e.name, ...e.aliases, ...e.hangul]).map(foldPattern))].filter((p) => p.length >= 2);

function texts(file: string, fields: string[]): string[] {
  return readFileSync(new URL(`../../testdata/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const rec = JSON.parse(line) as Record<string, unknown>;
      return fields.map((f) => String(rec[f] ?? '')).join('\n');
    });
}

describe('Automaton', () => {
  it('finds overlapping occurrences, suffixes of longer patterns included', () => {
    const a = new Automaton(['he', 'she', 'his', 'hers']);
    expect(occurrences(a.search('ushers'))).toEqual(['0:2-4', '1:1-4', '3:2-6']);
    expect(a.search('')).toEqual([]);
    expect(() => new Automaton([''])).toThrow(RangeError);
  });

  it('finds exactly what modern-ahocorasick finds in real English, Spanish and Korean articles', () => {
    const automaton = new Automaton(gazetteerPatterns);
    const reference = new AhoCorasick(gazetteerPatterns.map((pattern, index) => ({ pattern, data: index })));
    const samples = [
      ...texts('corpus/kcna-co-jp-sample.jsonl', ['title', 'body']),
      ...texts('corpus/kcna-kp-en-sample.jsonl', ['title', 'body']),
      ...texts('corpus/nkarchive-ko-sample.jsonl', ['title', 'body', 'text']),
      ...texts('tracker/kcna-co-jp-reports.jsonl', ['title', 'body']),
    ];
    let total = 0;
    for (const sample of samples) {
      const folded = foldText(sample).text;
      const mine = occurrences(automaton.search(folded));
      expect(mine).toEqual(library(gazetteerPatterns, folded, reference));
      total += mine.length;
    }
    expect(total).toBeGreaterThan(1000);
  });

  it('agrees with modern-ahocorasick on random patterns and texts', () => {
    const unit = fc.constantFrom('a', 'b', 'c', '\u0001', '김', '정');
    const word = fc.array(unit, { minLength: 1, maxLength: 5 }).map((u) => u.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.array(unit, { maxLength: 60 }), (patterns, text) => {
        const unique = [...new Set(patterns)];
        expect(occurrences(new Automaton(unique).search(text.join('')))).toEqual(library(unique, text.join('')));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Automaton.searchThrough', () => {
  const automaton = new Automaton(gazetteerPatterns);
  const viaFoldedText = (text: string) => {
    const folded = foldText(text);
    return occurrences(automaton.search(folded.text).map((m) => ({ pattern: m.pattern, start: folded.at[m.start], end: folded.at[m.end - 1] + 1 })));
  };

  it('folds while scanning: the same occurrences, at the same original offsets, as scanning the folded text', () => {
    for (const sample of [
      'Kim Jong-un met Choe Son Hui; the C.C.,  WPK and the KPA.',
      '김정은동지께서 평양에서 — 조선로동당 (WPK)',
      ...texts('tracker/kcna-co-jp-reports.jsonl', ['title', 'body']),
    ]) {
      expect(occurrences(automaton.searchThrough(sample, FOLD, DROP, SEP))).toEqual(viaFoldedText(sample));
    }
  });

  it('agrees on random texts of letters, separators and dropped characters', () => {
    const piece = fc.constantFrom('Kim', ' ', 'Jong', '-', 'Un', ', ', '.', 'C', 'WPK', '김정은', '—(', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(occurrences(automaton.searchThrough(text, FOLD, DROP, SEP))).toEqual(viaFoldedText(text));
      }),
      { numRuns: 300 },
    );
  });

  it('starts a match that spans a run of collapsed units at the run\'s first unit, on random patterns through them', () => {
    // A mapping where ';' and ',' collapse to ',' and '-' is skipped: the gazetteer's patterns never hold a
    // separator, but the automaton's own patterns may.
    const unitOf = Uint16Array.from({ length: 0x10000 }, (_, c) => (c === 0x3b ? 0x2c : c === 0x2d ? 0xffff : c));
    const fold = (text: string) => {
      const units: string[] = [];
      const at: number[] = [];
      let last = false;
      for (let i = 0; i < text.length; i++) {
        const u = unitOf[text.charCodeAt(i)];
        if (u === 0xffff) continue;
        if (u === 0x2c && last) continue;
        last = u === 0x2c;
        units.push(String.fromCharCode(u));
        at.push(i);
      }
      return { text: units.join(''), at };
    };
    const sample = new Automaton([',b', 'a,b', 'x']);
    expect(sample.searchThrough('xa;,-,b', unitOf, 0xffff, 0x2c)).toEqual([
      { pattern: 2, start: 0, end: 1 },
      { pattern: 1, start: 1, end: 7 },
      { pattern: 0, start: 2, end: 7 },
    ]);
    const unit = fc.constantFrom('a', 'b', ',', ';', '-');
    fc.assert(
      fc.property(fc.array(fc.array(unit, { minLength: 1, maxLength: 4 }).map((u) => u.join('')), { minLength: 1, maxLength: 6 }), fc.array(unit, { maxLength: 40 }), (raw, parts) => {
        const patterns = [...new Set(raw.map((p) => fold(p).text).filter((p) => p.length > 0))];
        if (patterns.length === 0) return;
        const a = new Automaton(patterns);
        const text = parts.join('');
        const folded = fold(text);
        const expected = a.search(folded.text).map((m) => ({ pattern: m.pattern, start: folded.at[m.start], end: folded.at[m.end - 1] + 1 }));
        expect(a.searchThrough(text, unitOf, 0xffff, 0x2c)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
