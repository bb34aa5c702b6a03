import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heapTop } from './top.js';

describe('heapTop', () => {
  it('equals sorting and slicing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), fc.integer({ min: 0, max: 60 }), fc.boolean(), (days, k, desc) => {
        const ids = Int32Array.from(days, (_, i) => i + 1);
        const keys = Float64Array.from(days, (d, i) => d * 4294967296 + i + 1);
        const want = [...ids].sort((a, b) => (desc ? keys[b - 1] - keys[a - 1] : keys[a - 1] - keys[b - 1])).slice(0, k);
        expect(Array.from(heapTop(ids, keys, k, desc))).toEqual(want);
      }),
    );
  });
});
