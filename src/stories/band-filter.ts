import { bandKeyHash } from './lsh.js';

/**
 * Which LSH bucket keys `story_bands` may hold: one bit per slot of a hashed key (a Bloom filter with one
 * hash function). Almost every article's buckets are new, so asking the table only for keys whose bit is
 * set spares nearly all bucket look-ups; a set bit that belongs to another key only costs one look-up.
 * Bits are only ever set, so a stale filter can cost a look-up but never hide a bucket.
 */
export const BAND_FILTER_BITS = 1 << 25;

export class BandFilter {
  private constructor(private readonly bits: Uint8Array) {}

  static empty(): BandFilter {
    return new BandFilter(new Uint8Array(BAND_FILTER_BITS / 8));
  }

  /** A filter read back from storage; null when the stored bytes are not a filter of this size. */
  static fromBytes(bytes: Uint8Array): BandFilter | null {
    if (bytes.byteLength !== BAND_FILTER_BITS / 8) return null;
    const bits = new Uint8Array(bytes.byteLength);
    bits.set(bytes);
    return new BandFilter(bits);
  }

  add(key: number): void {
    const slot = slotOf(key);
    this.bits[slot >>> 3] |= 1 << (slot & 7);
  }

  mayHave(key: number): boolean {
    const slot = slotOf(key);
    return (this.bits[slot >>> 3] & (1 << (slot & 7))) !== 0;
  }

  bytes(): Uint8Array {
    return this.bits;
  }
}

function slotOf(key: number): number {
  return bandKeyHash(key) >>> (32 - 25);
}
