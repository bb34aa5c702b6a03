import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAND_FILTER_BITS, BandFilter } from './band-filter.js';

const key = fc.tuple(fc.integer({ min: 0, max: 31 }), fc.integer({ min: 0, max: 0xffffffff })).map(([band, hash]) => band * 0x100000000 + hash);

describe('band filter', () => {
  it('never misses a key it was given, also after a round trip through storage', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), (keys) => {
        const f = BandFilter.empty();
        for (const k of keys) f.add(k);
        const back = BandFilter.fromBytes(Buffer.from(f.bytes()))!;
        return keys.every((k) => f.mayHave(k) && back.mayHave(k));
      }),
    );
  });

  it('answers no for most keys it was not given', () => {
    const f = BandFilter.empty();
    const given = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const k = (i % 12) * 0x100000000 + ((Math.imul(i, 0x9e3779b1) ^ 0x5bd1e995) >>> 0);
      f.add(k);
      given.add(k);
    }
    let falsePositives = 0;
    let asked = 0;
    for (let i = 0; i < 100_000; i++) {
      const k = (i % 12) * 0x100000000 + ((Math.imul(i + 7_000_000, 0x85ebca6b) ^ 0x27d4eb2f) >>> 0);
      if (given.has(k)) continue;
      asked++;
      if (f.mayHave(k)) falsePositives++;
    }
    // With n keys in m bits the expected rate is about n / m (here 0.3 %).
    expect(falsePositives / asked).toBeLessThan((3 * 100_000) / BAND_FILTER_BITS);
  });

  it('refuses stored bytes of another size', () => {
    expect(BandFilter.fromBytes(new Uint8Array(10))).toBeNull();
  });
});
