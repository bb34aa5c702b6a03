import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/seeded-random.js';
import { hammingDistance } from './phash.js';
import { LinearPhashScan, PhashIndex } from './phash-index.js';

function randomHash(rand: () => number): string {
  let hex = '';
  for (let i = 0; i < 16; i++) hex += Math.floor(rand() * 16).toString(16);
  return hex;
}

function flipBits(hash: string, bits: number, rand: () => number): string {
  let hi = parseInt(hash.slice(0, 8), 16) >>> 0, lo = parseInt(hash.slice(8), 16) >>> 0;
  const chosen = new Set<number>();
  while (chosen.size < bits) chosen.add(Math.floor(rand() * 64));
  for (const b of chosen) if (b < 32) hi = (hi ^ (1 << b)) >>> 0; else lo = (lo ^ (1 << (b - 32))) >>> 0;
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

describe('PhashIndex', () => {
  it('finds exactly what a linear scan finds, at every radius', () => {
    const rand = seededRandom(7);
    const index = new PhashIndex(), scan = new LinearPhashScan();
    const hashes: string[] = [];
    for (let id = 0; id < 20_000; id++) {
      // Every tenth hash is a near copy of an earlier one, so there are neighbours to find.
      const h = id % 10 === 9 ? flipBits(hashes[id - 5], 1 + Math.floor(rand() * 14), rand) : randomHash(rand);
      hashes.push(h);
      index.add(id, h);
      scan.add(id, h);
    }
    expect(index.size).toBe(20_000);
    for (let q = 0; q < 60; q++) {
      const query = flipBits(hashes[Math.floor(rand() * hashes.length)], Math.floor(rand() * 6), rand);
      for (const r of [0, 3, 7, 10, 13, 18, 24]) expect(index.search(query, r)).toEqual(scan.search(query, r));
    }
  });

  it('stays exact through removals and re-adds that rebuild its tables', () => {
    const rand = seededRandom(11);
    const index = new PhashIndex();
    const live = new Map<number, string>();
    for (let id = 0; id < 12_000; id++) { const h = randomHash(rand); index.add(id, h); live.set(id, h); }
    for (let id = 0; id < 12_000; id += 2) { index.remove(id); live.delete(id); }
    for (let id = 1; id < 3_000; id += 2) { const h = randomHash(rand); index.add(id, h); live.set(id, h); }
    expect(index.size).toBe(live.size);
    const scan = new LinearPhashScan();
    for (const [id, h] of [...live].sort((x, y) => x[0] - y[0])) scan.add(id, h);
    for (const [, h] of [...live].slice(0, 40)) {
      const query = flipBits(h, Math.floor(rand() * 5), rand);
      expect(index.search(query, 9)).toEqual(scan.search(query, 9));
    }
  });

  it('reports distances, nearest first, and forgets removed hashes', () => {
    const index = new PhashIndex();
    index.add(1, '0000000000000000');
    index.add(2, '0000000000000003');
    index.add(3, 'ffffffffffffffff');
    expect(index.search('0000000000000001', 5)).toEqual([{ id: 1, distance: 1 }, { id: 2, distance: 1 }]);
    index.remove(1);
    expect(index.search('0000000000000000', 5)).toEqual([{ id: 2, distance: 2 }]);
    index.add(2, 'fffffffffffffffe'); // re-adding an id replaces its hash
    expect(index.search('ffffffffffffffff', 1)).toEqual([{ id: 3, distance: 0 }, { id: 2, distance: 1 }]);
    expect(index.size).toBe(2);
  });

  it('refuses malformed hashes', () => {
    expect(() => new PhashIndex().add(1, 'xyz')).toThrow(/16 lowercase hex/);
    expect(hammingDistance('00000000000000ff', '0000000000000000')).toBe(8);
  });
});
