import { bandKeyHash } from './lsh.js';

/**
 * LSH bucket rows waiting to move into `story_bands`: bucket key → article ids, held in typed arrays.
 * A Map of arrays costs about a hundred bytes a row (keys above 2³¹ are boxed doubles); this costs
 * sixteen, which matters at the 480,000 rows an import keeps pending.
 */
/** Article ids within one move must span less than this for the fast sort (2²¹). */
const ID_SPAN = 2097152;

export class PendingBuckets {
  private keys = new Float64Array(1024);
  private ids = new Int32Array(1024);
  /** Next row in the same hash chain, or −1. */
  private next = new Int32Array(1024);
  /** First row of each hash chain, or −1. */
  private heads = new Int32Array(1024).fill(-1);
  private shift = 32 - 10;
  size = 0;

  /** Adds one row; a row already held is not added twice. */
  add(key: number, id: number): void {
    const h = this.slot(key);
    for (let r = this.heads[h]; r >= 0; r = this.next[r]) if (this.keys[r] === key && this.ids[r] === id) return;
    if (this.size === this.keys.length) {
      this.grow();
      return this.add(key, id);
    }
    const r = this.size++;
    this.keys[r] = key;
    this.ids[r] = id;
    this.next[r] = this.heads[h];
    this.heads[h] = r;
  }

  /** Appends the article ids in bucket `key` to `out`. */
  collect(key: number, out: number[]): void {
    for (let r = this.heads[this.slot(key)]; r >= 0; r = this.next[r]) if (this.keys[r] === key) out.push(this.ids[r]);
  }

  /** The rows held, sorted by key, then article id. */
  sortedRows(): { keys: Float64Array; ids: Int32Array } {
    const n = this.size;
    const keys = new Float64Array(n);
    const ids = new Int32Array(n);
    let minId = Infinity;
    let maxId = -Infinity;
    for (let r = 0; r < n; r++) {
      minId = Math.min(minId, this.ids[r]);
      maxId = Math.max(maxId, this.ids[r]);
    }
    if (n === 0 || maxId - minId >= ID_SPAN) {
      const order = Array.from({ length: n }, (_, r) => r);
      order.sort((a, b) => this.keys[a] - this.keys[b] || this.ids[a] - this.ids[b]);
      order.forEach((r, i) => {
        keys[i] = this.keys[r];
        ids[i] = this.ids[r];
      });
      return { keys, ids };
    }
    // A key is band · 2³² + hash. Rows go to their band first; within a band, hash · 2²¹ + (id − lowest id)
    // is exact in a double and sorts as a plain number, so each band sorts natively, without a comparator.
    const bandOf = (key: number) => Math.floor(key / 4294967296);
    let bands = 0;
    for (let r = 0; r < n; r++) bands = Math.max(bands, bandOf(this.keys[r]) + 1);
    const start = new Int32Array(bands + 1);
    for (let r = 0; r < n; r++) start[bandOf(this.keys[r]) + 1]++;
    for (let b = 0; b < bands; b++) start[b + 1] += start[b];
    const fill = start.slice(0, bands);
    const packed = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const key = this.keys[r];
      const band = bandOf(key);
      packed[fill[band]++] = (key - band * 4294967296) * ID_SPAN + (this.ids[r] - minId);
    }
    for (let b = 0; b < bands; b++) {
      const part = packed.subarray(start[b], start[b + 1]);
      part.sort();
      for (let i = 0; i < part.length; i++) {
        const hash = Math.floor(part[i] / ID_SPAN);
        keys[start[b] + i] = b * 4294967296 + hash;
        ids[start[b] + i] = part[i] - hash * ID_SPAN + minId;
      }
    }
    return { keys, ids };
  }

  clear(): void {
    this.heads.fill(-1);
    this.size = 0;
  }

  private slot(key: number): number {
    return bandKeyHash(key) >>> this.shift;
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
    this.next = new Int32Array(capacity);
    this.heads = new Int32Array(capacity).fill(-1);
    this.shift = 32 - Math.log2(capacity);
    for (let r = 0; r < this.size; r++) {
      const h = this.slot(this.keys[r]);
      this.next[r] = this.heads[h];
      this.heads[h] = r;
    }
  }
}
