import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandKeys, bandingThreshold, candidateProbability } from './lsh.js';
import { estimateJaccard, minhash, minhashJs, permutations, similarity } from './minhash.js';
import { MINHASH_WASM } from './minhash-wasm.js';
import { compileMinhashWat } from '../../tools/compile-wat.js';
import { fmix32, shingleSet, storyText, tokenize, uniqueShingles, withoutDateline } from './shingles.js';

function randomSet(n: number, seed: number): Uint32Array {
  let s = seed;
  const out = new Set<number>();
  while (out.size < n) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.add(s);
  }
  return Uint32Array.from([...out].sort((a, b) => a - b));
}

/** Two sets of `n` elements each sharing `shared` of them: Jaccard shared / (2n − shared). */
function overlapping(n: number, shared: number, seed: number): [Uint32Array, Uint32Array] {
  const pool = randomSet(2 * n - shared, seed);
  const a = pool.slice(0, n);
  const b = Uint32Array.from([...pool.slice(0, shared), ...pool.slice(n)]).sort();
  return [a, b];
}

/** The former tokenizer (one branchy test per character): what the table-driven one must give. */
function referenceTokens(text: string): number[] {
  const isWord = (c: number) => {
    if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (c < 0xc0 || c === 0xd7 || c === 0xf7) return false;
    if (c < 0x2000) return true;
    if (c < 0x2c00) return false;
    if (c >= 0x3000 && c < 0x3040) return false;
    return !(c >= 0xff00 && c < 0xff10);
  };
  const lower = (c: number) => ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : c);
  const out: number[] = [];
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xac00 && c <= 0xd7a3) {
      if (inWord) out.push(h >>> 0);
      inWord = false;
      h = 0x811c9dc5;
      out.push(fmix32(c ^ 0x5bd1e995));
    } else if (isWord(c)) {
      h = Math.imul(h ^ lower(c), 0x01000193);
      inWord = true;
    } else if (inWord) {
      out.push(h >>> 0);
      inWord = false;
      h = 0x811c9dc5;
    }
  }
  if (inWord) out.push(h >>> 0);
  return out;
}

describe('shingles', () => {
  it('in no order are the same set as sorted, and compare the same', () => {
    const word = fc.constantFrom('kim', 'jong', 'un', 'the', 'farm', 'visited', '조', '선', '2026', 'a');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 300 }), fc.array(word, { maxLength: 300 }), (xs, ys) => {
        const [x, y] = [xs.join(' '), ys.join(' ')];
        const ux = uniqueShingles(x);
        expect(new Set(ux).size).toBe(ux.length);
        expect([...ux].sort((a, b) => a - b)).toEqual([...shingleSet(x)]);
        expect(similarity(uniqueShingles(x), uniqueShingles(y))).toEqual(similarity(shingleSet(x), shingleSet(y)));
      }),
      { numRuns: 300 },
    );
  });

  it('come from the same tokens as the former tokenizer gave, on any text', () => {
    const unit = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('Kim', ' ', '조선', '×', '÷', 'É', 'ß', '—', '２０２６', '\u3000', 'Ж', '!', '9'));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const t = tokenize(text);
        expect(Array.from(t.hashes.subarray(0, t.count))).toEqual(referenceTokens(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('are deterministic, sorted and free of repeats', () => {
    const text = 'The delegation left Pyongyang by air. The delegation left Pyongyang by air.';
    const a = shingleSet(text);
    expect([...a]).toEqual([...shingleSet(text)]);
    expect([...a]).toEqual([...a].sort((x, y) => x - y));
    expect(new Set(a).size).toBe(a.length);
    // Two identical sentences: the repeated shingles count once.
    expect(a.length).toBeLessThan(tokenize(text).count - 2);
  });

  it('ignore case and punctuation', () => {
    expect([...shingleSet('Kim Jong Un inspected the farm.')]).toEqual([...shingleSet('kim jong un — inspected THE farm')]);
  });

  it('cut Hangul into syllable shingles, blind to spacing', () => {
    const spaced = shingleSet('조선로동당 중앙위원회 전원회의가 열렸다');
    const joined = shingleSet('조선로동당중앙위원회 전원회의가열렸다');
    expect(similarity(spaced, joined).jaccard).toBe(1);
    // 18 syllables → 15 four-syllable shingles.
    expect(spaced.length).toBe(15);
    expect(tokenize('평양 8월').hangul).toBe(3);
  });

  it('leave the dateline out', () => {
    expect(withoutDateline('Pyongyang, May 4 (KCNA) -- The text.')).toBe('The text.');
    expect(withoutDateline('Pyongyang, 25 de julio (ACNC) -- El texto.')).toBe('El texto.');
    expect(withoutDateline('(평양 8월 21일발 조선중앙통신) 본문')).toBe('본문');
    expect(storyText(['Pyongyang, May 4 (KCNA) -- A.', 'B.'])).toBe('A.\nB.');
  });
});

describe('MinHash', () => {
  it('takes, for each hash function, the least value over the set (any signature length)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 0xffffffff }), { maxLength: 300 }), fc.integer({ min: 1, max: 70 }), (xs, n) => {
        const set = Uint32Array.from(xs).sort();
        const p = permutations(n, 7);
        const expected = Array.from({ length: n }, (_, i) => xs.reduce((m, x) => Math.min(m, (Math.imul(x, p.a[i]) + p.b[i]) >>> 0), 0xffffffff));
        expect([...minhash(set, p)]).toEqual(expected);
      }),
    );
  });

  it('gives the same values as WebAssembly SIMD as in JavaScript, whatever the set and the functions', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat({ max: 0xffffffff }), { maxLength: 400 }),
        fc.constantFrom(16, 32, 64, 128),
        fc.nat({ max: 5 }),
        (xs, k, seed) => {
          const set = Uint32Array.from(xs);
          const p = permutations(k, seed);
          expect([...minhash(set, p)]).toEqual([...minhashJs(set, p)]);
        },
      ),
    );
    // A set larger than the module's first memory page makes it grow; functions switched back and forth.
    const big = Uint32Array.from({ length: 40_000 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);
    for (const seed of [1, 2, 1]) expect([...minhash(big, permutations(64, seed))]).toEqual([...minhashJs(big, permutations(64, seed))]);
    expect([...minhash(new Uint32Array(0), permutations(64))]).toEqual(Array(64).fill(0xffffffff));
  });

  it('runs the bytes compiled from minhash.wat (npm run build:wasm)', async () => {
    expect(Buffer.from(await compileMinhashWat()).toString('base64')).toBe(MINHASH_WASM);
  });

  it('derives the same hash functions and signatures every time', () => {
    const p = permutations(64);
    expect(p.a.every((a) => a % 2 === 1)).toBe(true);
    const set = randomSet(300, 7);
    expect([...minhash(set, p)]).toEqual([...minhash(set, permutations(64, 0x57a9e5))]);
    expect([...minhash(set, permutations(64, 1))]).not.toEqual([...minhash(set, p)]);
  });

  it('estimates Jaccard within a few standard errors', () => {
    const p = permutations(128);
    for (const [shared, seed] of [
      [100, 1],
      [200, 2],
      [280, 3],
    ]) {
      const [a, b] = overlapping(300, shared, seed);
      const exact = similarity(a, b).jaccard;
      const se = Math.sqrt((exact * (1 - exact)) / 128);
      expect(Math.abs(estimateJaccard(minhash(a, p), minhash(b, p)) - exact)).toBeLessThan(4 * se + 0.01);
    }
  });

  it('gives exact Jaccard and containment', () => {
    const [a, b] = overlapping(100, 60, 9);
    expect(similarity(a, b).jaccard).toBeCloseTo(60 / 140);
    const cut = a.slice(0, 50);
    expect(similarity(a, cut)).toMatchObject({ jaccard: 0.5, containment: 1, smaller: 50 });
  });
});

describe('LSH banding', () => {
  it('computes the candidate probability 1 − (1 − s^r)^b', () => {
    expect(candidateProbability(0.5, 16, 4)).toBeCloseTo(1 - Math.pow(1 - 0.0625, 16), 10);
    expect(candidateProbability(1, 16, 4)).toBe(1);
    expect(candidateProbability(0, 16, 4)).toBe(0);
    expect(candidateProbability(0.8, 16, 4)).toBeGreaterThan(0.999);
    expect(candidateProbability(0.2, 16, 4)).toBeLessThan(0.03);
    expect(bandingThreshold(16, 4)).toBeCloseTo(0.5, 5);
  });

  it('puts identical signatures in the same buckets, and its hit rate follows the formula', () => {
    const p = permutations(64);
    const set = randomSet(200, 11);
    expect(bandKeys(minhash(set, p), 16, 4)).toEqual(bandKeys(minhash(set, p), 16, 4));
    // Keys carry the band number in the high bits.
    expect(bandKeys(minhash(set, p), 16, 4).map((k) => Math.floor(k / 2 ** 32))).toEqual([...Array(16).keys()]);
    // 400 pairs at Jaccard 0.5: about 64 % become candidates with 16 bands of 4 rows.
    let hits = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const [a, b] = overlapping(120, 80, 1000 + t);
      const ka = new Set(bandKeys(minhash(a, p), 16, 4));
      if (bandKeys(minhash(b, p), 16, 4).some((k) => ka.has(k))) hits++;
    }
    const expected = candidateProbability(0.5, 16, 4);
    expect(Math.abs(hits / trials - expected)).toBeLessThan(0.1);
  });
});
