// Near-duplicate lookup over perceptual hashes by multi-index hashing (Norouzi, Punjani & Fleet, 2012).
// The 64-bit hash is cut into four 16-bit substrings, each with an exact-match table of 65,536 buckets.
// Pigeonhole: if two hashes are within r bits, some substring is within ⌊r/4⌋ bits of the query's, so a
// search probes only the buckets whose key is that close to the query's substrings and checks the full
// distance of what it finds there. With four 16-bit tables and a million hashes a bucket holds about 15,
// so a search at distance 10 looks at a few thousand candidates instead of a million. Each table keeps
// its entries sorted by key with the full hash beside them, so checking a bucket reads memory in order.
// Chosen over a BK-tree because its cost does not depend on insertion order or tree balance, it needs no
// pointer chasing (typed arrays and small buckets), supports removal simply, and at 64 bits with
// radius ≤ ~12 it examines far fewer hashes than a BK-tree, which visits a large share of the tree once
// the radius passes about a sixth of the bit length.
import { popcount32 } from './phash.js';

const TABLES = 4;
const KEY_BITS = 16;

/** All 16-bit values with exactly w bits set, for w = 0..16. */
const MASKS_BY_WEIGHT: number[][] = (() => {
  const out: number[][] = Array.from({ length: KEY_BITS + 1 }, () => []);
  for (let v = 0; v < 1 << KEY_BITS; v++) out[popcount32(v)].push(v);
  return out;
})();

export interface PhashMatch { id: number; distance: number }

export class PhashIndex {
  // Every entry by slot; slots below `frozen` are in the tables, the rest wait in a short list that
  // searches scan, until it grows past a share of the tables and the next search rebuilds them.
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private ids = new Float64Array(1024);
  private alive = new Uint8Array(1024);
  private slots = 0;
  private frozen = 0;
  private dead = 0;
  private readonly slotOf = new Map<number, number>();
  private tables: Table[] = [];

  get size(): number {
    return this.slotOf.size;
  }

  add(id: number, phash: string): void {
    const [hi, lo] = parsePhash(phash);
    if (this.slotOf.has(id)) this.remove(id);
    if (this.slots === this.hi.length) this.grow();
    const slot = this.slots++;
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.ids[slot] = id;
    this.alive[slot] = 1;
    this.slotOf.set(id, slot);
  }

  remove(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.alive[slot] = 0;
    this.dead++;
  }

  /** Every hash within `maxDistance` bits of `phash`, nearest first (ties by id). */
  search(phash: string, maxDistance: number): PhashMatch[] {
    const [hi, lo] = parsePhash(phash);
    const r = Math.max(0, Math.min(64, Math.floor(maxDistance)));
    const found: PhashMatch[] = [];
    // Tables are rebuilt when a search finds many entries added since (or removed): a bulk load costs
    // one rebuild, and one-by-one adds between searches a rebuild per 1/64 growth.
    const limit = Math.max(PENDING_MIN, this.frozen / 64);
    if (this.slots - this.frozen > limit || this.dead > limit) this.rebuild();
    // Generalised pigeonhole: with r = 4a + b, one of the first b+1 substrings is within a bits, or one
    // of the others within a-1 bits.
    const a = Math.floor(r / TABLES), b = r % TABLES;
    const radii = Array.from({ length: TABLES }, (_, t) => (t <= b ? a : a - 1));
    const probes = radii.reduce((sum, k) => sum + keysWithin(k), 0);
    if (probes * (this.frozen / (1 << KEY_BITS)) >= this.frozen) {
      this.scanSlots(0, this.slots, hi, lo, r, found);
      return found.sort(byDistance);
    }
    // A hash found through two tables is reported once: remembered only when within the radius.
    const reported = new Set<number>();
    for (let t = 0; t < TABLES; t++) {
      const key = substring(hi, lo, t);
      const { offsets, hi: his, lo: los, slot: slotsOf } = this.tables[t];
      for (let w = 0; w <= radii[t]; w++)
        for (const mask of MASKS_BY_WEIGHT[w]) {
          const k = key ^ mask;
          for (let e = offsets[k], end = offsets[k + 1]; e < end; e++) {
            const d = popcount32(his[e] ^ hi) + popcount32(los[e] ^ lo);
            if (d > r) continue;
            const slot = slotsOf[e];
            if (!this.alive[slot] || reported.has(slot)) continue;
            reported.add(slot);
            found.push({ id: this.ids[slot], distance: d });
          }
        }
    }
    this.scanSlots(this.frozen, this.slots, hi, lo, r, found);
    return found.sort(byDistance);
  }

  private scanSlots(from: number, to: number, hi: number, lo: number, r: number, found: PhashMatch[]): void {
    for (let s = from; s < to; s++) {
      if (!this.alive[s]) continue;
      const d = popcount32(this.hi[s] ^ hi) + popcount32(this.lo[s] ^ lo);
      if (d <= r) found.push({ id: this.ids[s], distance: d });
    }
  }

  /** Drops removed entries, then lays each table out by key (counting sort), hashes beside their slots. */
  private rebuild(): void {
    if (this.dead) {
      let to = 0;
      for (let s = 0; s < this.slots; s++) {
        if (!this.alive[s]) continue;
        this.hi[to] = this.hi[s]; this.lo[to] = this.lo[s]; this.ids[to] = this.ids[s]; this.alive[to] = 1;
        this.slotOf.set(this.ids[s], to);
        to++;
      }
      this.alive.fill(0, to, this.slots);
      this.slots = to;
      this.dead = 0;
    }
    const n = this.slots;
    this.tables = Array.from({ length: TABLES }, (_, t) => {
      const offsets = new Uint32Array((1 << KEY_BITS) + 1);
      for (let s = 0; s < n; s++) offsets[substring(this.hi[s], this.lo[s], t) + 1]++;
      for (let k = 0; k < 1 << KEY_BITS; k++) offsets[k + 1] += offsets[k];
      const next = offsets.slice(0, 1 << KEY_BITS);
      const table: Table = { offsets, hi: new Uint32Array(n), lo: new Uint32Array(n), slot: new Uint32Array(n) };
      for (let s = 0; s < n; s++) {
        const e = next[substring(this.hi[s], this.lo[s], t)]++;
        table.hi[e] = this.hi[s]; table.lo[e] = this.lo[s]; table.slot[e] = s;
      }
      return table;
    });
    this.frozen = n;
  }

  private grow(): void {
    const n = this.hi.length * 2;
    const copy = <T extends Uint32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T) => { const next = make(n); next.set(old as never); return next; };
    this.hi = copy(this.hi, (k) => new Uint32Array(k));
    this.lo = copy(this.lo, (k) => new Uint32Array(k));
    this.ids = copy(this.ids, (k) => new Float64Array(k));
    this.alive = copy(this.alive, (k) => new Uint8Array(k));
  }
}

/** One substring's exact-match table: entries sorted by key, `offsets[k]..offsets[k+1]` holding key k. */
interface Table { offsets: Uint32Array; hi: Uint32Array; lo: Uint32Array; slot: Uint32Array }

/** Entries kept out of the tables (scanned linearly) before the tables are rebuilt. */
const PENDING_MIN = 4096;

/** The same search by comparing the query with every hash: the baseline the index is measured against. */
export class LinearPhashScan {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private ids = new Float64Array(1024);
  private count = 0;
  get size(): number { return this.count; }
  add(id: number, phash: string): void {
    const [hi, lo] = parsePhash(phash);
    if (this.count === this.hi.length) {
      const grow = <T extends Uint32Array | Float64Array>(old: T, next: T) => { next.set(old as never); return next; };
      this.hi = grow(this.hi, new Uint32Array(this.count * 2));
      this.lo = grow(this.lo, new Uint32Array(this.count * 2));
      this.ids = grow(this.ids, new Float64Array(this.count * 2));
    }
    this.hi[this.count] = hi; this.lo[this.count] = lo; this.ids[this.count] = id;
    this.count++;
  }
  search(phash: string, maxDistance: number): PhashMatch[] {
    const [hi, lo] = parsePhash(phash);
    const found: PhashMatch[] = [];
    for (let s = 0; s < this.count; s++) {
      const d = popcount32(this.hi[s] ^ hi) + popcount32(this.lo[s] ^ lo);
      if (d <= maxDistance) found.push({ id: this.ids[s], distance: d });
    }
    return found.sort(byDistance);
  }
}

function keysWithin(k: number): number {
  let n = 0;
  for (let w = 0; w <= k; w++) n += MASKS_BY_WEIGHT[w]?.length ?? 0;
  return n;
}

const substring = (hi: number, lo: number, t: number): number =>
  t === 0 ? hi >>> 16 : t === 1 ? hi & 0xffff : t === 2 ? lo >>> 16 : lo & 0xffff;

const byDistance = (x: PhashMatch, y: PhashMatch) => x.distance - y.distance || x.id - y.id;

export function parsePhash(phash: string): [number, number] {
  if (!/^[0-9a-f]{16}$/.test(phash)) throw new Error(`a perceptual hash is 16 lowercase hex characters, not '${phash}'`);
  return [parseInt(phash.slice(0, 8), 16) >>> 0, parseInt(phash.slice(8), 16) >>> 0];
}
