import type { ReadBlock } from './block-copy.js';

/** A read's memory in the ring: the blocks kept in it, and how many reads in progress use them. */
export interface Span {
  start: number;
  end: number;
  keys: string[];
  uses: number;
}

/** The spans a read in progress uses: none of them is written over until it lets go. */
export class Lease {
  private readonly held: Span[] = [];

  hold(span: Span): void {
    span.uses++;
    this.held.push(span);
  }

  release(): void {
    for (const span of this.held.splice(0)) span.uses--;
  }
}

/**
 * Blocks read lately, in one region of memory taken in turn, the oldest reads' blocks written over
 * first. A segment's blocks never change (a merge writes a new segment), so a kept block needs no
 * checking, and the frequent words most queries share are read from the database once. The region is
 * touched once (reserve): fresh pages for a frequent phrase's 30 MB of blocks cost a first search about
 * as much as reading them.
 */
export class BlockCache {
  private region: Buffer | null = null;
  private head = 0;
  /** In the order they were taken. */
  private spans: Span[] = [];
  private readonly blocks = new Map<string, { block: ReadBlock; span: Span }>();

  constructor(private readonly bytes: number) {}

  /** The region taken and touched now rather than by the first searches. */
  reserve(): void {
    if (this.bytes > 0 && !this.region) this.region = Buffer.allocUnsafeSlow(this.bytes).fill(0);
  }

  /** A kept block that serves (`serves`, when given), held for `lease`. */
  get(key: string, lease: Lease, serves?: (block: ReadBlock) => boolean): ReadBlock | undefined {
    const kept = this.blocks.get(key);
    if (!kept || (serves && !serves(kept.block))) return undefined;
    lease.hold(kept.span);
    return kept.block;
  }

  /**
   * Memory for a read of n bytes, held for `lease`: in the region when it takes at most half of it and
   * no read in progress uses what it would write over; otherwise fresh memory, whose blocks are not kept.
   */
  take(n: number, lease: Lease): { bytes: Buffer; span: Span | null } {
    if (n === 0 || n > this.bytes / 2) return { bytes: Buffer.allocUnsafe(n), span: null };
    this.reserve();
    if (this.head + n > this.bytes) this.head = 0;
    const start = this.head;
    const end = start + n;
    const over = this.spans.filter((s) => s.start < end && s.end > start);
    if (over.some((s) => s.uses > 0)) return { bytes: Buffer.allocUnsafe(n), span: null };
    for (const s of over) {
      for (const key of s.keys) if (this.blocks.get(key)?.span === s) this.blocks.delete(key);
    }
    if (over.length) this.spans = this.spans.filter((s) => !over.includes(s));
    const span: Span = { start, end, keys: [], uses: 0 };
    this.spans.push(span);
    lease.hold(span);
    this.head = end;
    return { bytes: this.region!.subarray(start, end), span };
  }

  /** Keeps a block read into a span of the region. */
  keep(key: string, block: ReadBlock, span: Span | null): void {
    if (!span) return;
    span.keys.push(key);
    this.blocks.set(key, { block, span });
  }
}
