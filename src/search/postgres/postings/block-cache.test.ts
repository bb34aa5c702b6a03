import { describe, expect, it } from 'vitest';
import { BlockCache, Lease } from './block-cache.js';

/** A block read into memory the cache gives, filled with one byte value. */
function readInto(cache: BlockCache, key: string, n: number, value: number, lease = new Lease()) {
  const { bytes, span } = cache.take(n, lease);
  bytes.fill(value);
  const block = { data: bytes, pos: null };
  cache.keep(key, block, span);
  return { block, lease, kept: span !== null };
}

describe('kept blocks', () => {
  it('writes over the oldest reads first, and drops their blocks', () => {
    const cache = new BlockCache(100);
    for (const [key, value] of [['a', 1], ['b', 2], ['c', 3]] as const) readInto(cache, key, 30, value).lease.release();
    const lease = new Lease();
    expect(cache.get('a', lease)?.data[0]).toBe(1);
    lease.release();
    // 30 more bytes do not fit after c: the ring starts again, over a.
    readInto(cache, 'd', 30, 4).lease.release();
    expect(cache.get('a', lease)).toBeUndefined();
    expect(cache.get('b', lease)?.data[0]).toBe(2);
    expect(cache.get('d', lease)?.data[0]).toBe(4);
  });

  it('never writes over blocks a read in progress holds: the new read gets memory of its own, not kept', () => {
    const cache = new BlockCache(100);
    const first = readInto(cache, 'a', 40, 1);
    readInto(cache, 'b', 40, 2).lease.release();
    const again = readInto(cache, 'c', 40, 3);
    expect(again.kept).toBe(false);
    expect(first.block.data.every((b) => b === 1)).toBe(true);
    expect(cache.get('c', new Lease())).toBeUndefined();
    // Let go of, a's memory is taken by the next read.
    first.lease.release();
    expect(readInto(cache, 'd', 40, 4).kept).toBe(true);
    expect(cache.get('a', new Lease())).toBeUndefined();
    expect(cache.get('b', new Lease())?.data[0]).toBe(2);
  });

  it('a block read again under the same key stays when the older copy is written over', () => {
    const cache = new BlockCache(100);
    readInto(cache, 'a', 40, 1).lease.release();
    readInto(cache, 'x', 40, 2).lease.release();
    readInto(cache, 'a', 10, 3).lease.release();
    // Over the first a (and x's start): the newer a stays.
    readInto(cache, 'y', 45, 4).lease.release();
    expect(cache.get('a', new Lease())?.data[0]).toBe(3);
    expect(cache.get('x', new Lease())).toBeUndefined();
  });

  it('keeps nothing larger than half of it, nor anything when it has no room', () => {
    expect(readInto(new BlockCache(100), 'a', 51, 1).kept).toBe(false);
    expect(readInto(new BlockCache(0), 'a', 1, 1).kept).toBe(false);
  });
});
