import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PendingBuckets } from './pending-buckets.js';

const key = fc.tuple(fc.integer({ min: 0, max: 15 }), fc.nat({ max: 0xffffffff })).map(([band, h]) => band * 4294967296 + h);

describe('PendingBuckets', () => {
  it('returns exactly the ids added under a key, each once, across growth and clearing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(key, fc.constantFrom(5 * 4294967296 + 7, 7)), fc.integer({ min: 1, max: 50 })), { maxLength: 3000 }), (rows) => {
        const p = new PendingBuckets();
        const expected = new Map<number, Set<number>>();
        for (const [k, id] of rows) {
          p.add(k, id);
          if (!expected.has(k)) expected.set(k, new Set());
          expected.get(k)!.add(id);
        }
        expect(p.size).toBe([...expected.values()].reduce((n, s) => n + s.size, 0));
        for (const [k, ids] of expected) {
          const out: number[] = [];
          p.collect(k, out);
          expect(out.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
        }
        p.clear();
        const out: number[] = [];
        for (const k of expected.keys()) p.collect(k, out);
        expect([out, p.size]).toEqual([[], 0]);
      }),
      { numRuns: 50 },
    );
  });

  it.each([
    ['a narrow span of ids (sorted band by band)', fc.integer({ min: 1, max: 3000 })],
    ['a wide span of ids (sorted with a comparator)', fc.integer({ min: 1, max: 2 ** 31 - 1 })],
  ])('sorts its rows by key, then id, over %s', (_, id) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, id), { maxLength: 2000 }), (rows) => {
        const p = new PendingBuckets();
        for (const [k, id] of rows) p.add(k, id);
        const expected = [...new Map(rows.map(([k, id]) => [`${k}:${id}`, [k, id] as const])).values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        const { keys, ids } = p.sortedRows();
        expect(Array.from(keys)).toEqual(expected.map((e) => e[0]));
        expect(Array.from(ids)).toEqual(expected.map((e) => e[1]));
      }),
      { numRuns: 200 },
    );
  });
});
