import { ByteReader, decodeVarints } from './codec.js';
import type { DeadMap } from './merge.js';
import type { DoclistRef } from './segment.js';

/**
 * Memory for decoded postings, used again from one evaluation to the next: a frequent word's entries at
 * 10× the corpus fill arrays of megabytes, and fresh memory for them (the kernel's zeroed pages) cost
 * several times their decoding. Postings live only within one synchronous stretch of an evaluation
 * (evaluatePostings resets the arena at its start), so nothing taken from it is used after a reset.
 */
class Arena {
  private buf = new Int32Array(1 << 16);
  private used = 0;

  /** An array of `n` values (not zeroed: callers write what they read). */
  take(n: number): Int32Array {
    if (this.used + n > this.buf.length) {
      // Arrays taken before stay valid: they keep the old buffer, which goes with them.
      this.buf = new Int32Array(Math.max(n, this.buf.length * 2));
      this.used = 0;
    }
    const out = this.buf.subarray(this.used, this.used + n);
    this.used += n;
    return out;
  }

  reset(): void {
    this.used = 0;
  }

  /** Room for `n` values, its pages touched now rather than by the first search that needs them. */
  reserve(n: number): void {
    if (this.buf.length >= n) return;
    this.buf = new Int32Array(n).fill(1);
    this.used = 0;
  }
}

export const postingsArena = new Arena();

/** Room for `n` entries' fields, from the arena. */
function entryFields(n: number) {
  const take = () => postingsArena.take(n);
  return { ids: take(), doclen: take(), titleCount: take(), bodyCount: take(), source: take(), at: take() };
}

/** A doclist found in a segment whose newest ingest is `hi` (see DeadMap), with its block's positions when they were read. */
export interface FoundDoclist extends DoclistRef {
  hi: number;
  pos: Uint8Array | null;
}

/**
 * One term's live entries over every segment, in id order: document length and count in the title and
 * in the body. Positions are decoded only when asked for (`positions`), for the entries a phrase needs,
 * and only where the blocks' positions were read.
 */
export class Postings {
  constructor(
    readonly ids: Int32Array,
    readonly doclen: Int32Array,
    readonly titleCount: Int32Array,
    readonly bodyCount: Int32Array,
    /** Where entry i's positions are: in sources[source[i]] at byte at[i]… */
    private readonly sources: Uint8Array[],
    private readonly source: Int32Array,
    private readonly at: Int32Array,
    /** …unless read already (a prefix's lexemes in one article, combined): title's then body's. */
    private readonly combined?: Map<number, number[]>,
  ) {}

  /** Entry i's positions, the title's then the body's, into `out` (emptied first). */
  positions(i: number, out: number[]): number[] {
    const n = this.titleCount[i] + this.bodyCount[i];
    out.length = 0;
    for (const p of this.positionsInto(i, new Int32Array(n)).subarray(0, n)) out.push(p);
    return out;
  }

  /** Entry i's positions (as `positions`) into `out`, grown when too small; the array written. */
  positionsInto(i: number, out: Int32Array): Int32Array {
    const n = this.titleCount[i] + this.bodyCount[i];
    if (out.length < n) out = new Int32Array(n * 2);
    const read = this.combined?.get(i);
    if (read) {
      for (let k = 0; k < n; k++) out[k] = read[k];
      return out;
    }
    const bytes = this.sources[this.source[i]];
    let pos = this.at[i];
    const t = this.titleCount[i];
    let p = 0;
    for (let k = 0; k < n; k++) {
      if (k === t) p = 0;
      let b = bytes[pos++];
      let v = b & 0x7f;
      for (let shift = 7; b >= 0x80; shift += 7) {
        b = bytes[pos++];
        v += (b & 0x7f) * 2 ** shift;
      }
      p += v;
      out[k] = p;
    }
    return out;
  }

  /** Puts the entries in another order (`order`: entry indexes, each once), in place. */
  permute(order: Int32Array): void {
    const n = order.length;
    gatherScratch = grown(gatherScratch, n);
    const g = gatherScratch;
    for (const field of [this.ids, this.doclen, this.titleCount, this.bodyCount, this.source, this.at]) {
      for (let k = 0; k < n; k++) g[k] = field[order[k]];
      field.set(g.subarray(0, n));
    }
  }

  /** The same entries in another order (`order`: entry indexes), those of one id made one (see combine). */
  static combine(src: Postings, order: Int32Array, withPositions: boolean): Postings {
    const n = order.length;
    const { ids, doclen, titleCount, bodyCount, source, at } = entryFields(n);
    const combined = new Map<number, number[]>();
    const scratch: number[] = [];
    let m = 0;
    for (let k = 0; k < n; ) {
      const first = order[k];
      const id = src.ids[first];
      let j = k + 1;
      while (j < n && src.ids[order[j]] === id) j++;
      ids[m] = id;
      doclen[m] = src.doclen[first];
      source[m] = src.source[first];
      at[m] = src.at[first];
      if (j === k + 1) {
        titleCount[m] = src.titleCount[first];
        bodyCount[m] = src.bodyCount[first];
        const read = src.combined?.get(first);
        if (read) combined.set(m, read);
      } else if (!withPositions) {
        let t = 0;
        let b = 0;
        for (let x = k; x < j; x++) {
          t += src.titleCount[order[x]];
          b += src.bodyCount[order[x]];
        }
        titleCount[m] = t;
        bodyCount[m] = b;
      } else {
        const title: number[] = [];
        const body: number[] = [];
        for (let x = k; x < j; x++) {
          const i = order[x];
          src.positions(i, scratch);
          for (let y = 0; y < scratch.length; y++) (y < src.titleCount[i] ? title : body).push(scratch[y]);
        }
        titleCount[m] = title.length;
        bodyCount[m] = body.length;
        combined.set(m, [...title.sort((x, y) => x - y), ...body.sort((x, y) => x - y)]);
      }
      m++;
      k = j;
    }
    return new Postings(
      ids.subarray(0, m),
      doclen.subarray(0, m),
      titleCount.subarray(0, m),
      bodyCount.subarray(0, m),
      src.sources,
      source.subarray(0, m),
      at.subarray(0, m),
      combined,
    );
  }
}

/** Where positions were not read: asking for them is a mistake, and reads nothing (a Buffer, as read blocks are: one kind of array to index). */
const NO_POSITIONS = Buffer.alloc(0);

/** Decoded varints of one doclist at a time, kept between calls. */
let scratch: Uint32Array = new Uint32Array(1 << 16);
/** A list's entry order and one field gathered in it, while it is put in id order (see permute), kept between calls. */
let orderScratch: Int32Array = new Int32Array(1 << 16);
let gatherScratch: Int32Array = new Int32Array(1 << 16);

function grown(a: Int32Array, n: number): Int32Array {
  return a.length >= n ? a : new Int32Array(Math.max(n, a.length * 2));
}

/**
 * Memory for decoding in an archive of `articles` articles, taken ahead (PgTextIndex.warm): a phrase of
 * frequent words holds a few lists nearly that long, six values an entry. Fresh pages cost a first search
 * several times its decoding (at 10× the corpus, 90 ns an entry against 5–10).
 */
export function reservePostingsMemory(articles: number): void {
  postingsArena.reserve(Math.min(12 * articles, 2 ** 27));
  if (scratch.length < 2 * articles) scratch = new Uint32Array(Math.min(2 * articles, 2 ** 26)).fill(1);
  if (orderScratch.length < articles) orderScratch = new Int32Array(Math.min(articles, 2 ** 26)).fill(1);
  if (gatherScratch.length < articles) gatherScratch = new Int32Array(Math.min(articles, 2 ** 26)).fill(1);
}

const EMPTY = new Postings(new Int32Array(0), new Int32Array(0), new Int32Array(0), new Int32Array(0), [], new Int32Array(0), new Int32Array(0));

/** Article ids from the first to the last, both included. */
export type IdRange = [number, number];

/**
 * Reads doclists (one lexeme's in several segments, or a prefix's several lexemes) into Postings, without
 * the entries `dead` marks stale, and with `within` only those in that id range. Entries of one id from
 * several lexemes are combined.
 */
export function decodePostings(found: FoundDoclist[], dead: DeadMap, within?: IdRange): Postings {
  if (within) found = found.filter((f) => reaches(f, within));
  if (found.length === 0) return EMPTY;
  const lo = within?.[0] ?? -Infinity;
  const hi = within?.[1] ?? Infinity;
  // Doclists by their first id: one lexeme's segments mostly follow one another, and then need no sort.
  found = [...found].sort((a, b) => firstId(a) - firstId(b));
  let total = 0;
  for (const f of found) total += new ByteReader(f.bytes, f.start, f.end).varint();
  const { ids, doclen, titleCount, bodyCount, source, at } = entryFields(total);
  const sources: Uint8Array[] = [];
  let n = 0;
  let ascending = true;
  const checkDead = dead.size > 0;
  let fields = scratch;
  // Where each doclist's live entries start (each run in id order), then the end.
  const runs: number[] = [];
  for (const f of found) {
    runs.push(n);
    const pos = f.pos ?? NO_POSITIONS;
    let s = sources.indexOf(pos);
    if (s < 0) s = sources.push(pos) - 1;
    let posAt = f.posAt;
    // The doclist's varints: its entry count and last id, then five per entry.
    fields = decodeVarints(f.bytes, f.start, f.end, fields);
    const count = fields[0];
    let id = 0;
    for (let k = 0, x = 2; k < count; k++, x += 5) {
      id += fields[x];
      const entryAt = posAt;
      posAt += fields[x + 4];
      if (id < lo || id > hi) continue;
      if (checkDead) {
        const since = dead.get(id);
        if (since !== undefined && f.hi < since) continue;
      }
      if (n > 0 && id <= ids[n - 1]) ascending = false;
      ids[n] = id;
      doclen[n] = fields[x + 1];
      titleCount[n] = fields[x + 2];
      bodyCount[n] = fields[x + 3];
      source[n] = s;
      at[n] = entryAt;
      n++;
    }
  }
  scratch = fields;
  runs.push(n);
  const out = new Postings(ids.subarray(0, n), doclen.subarray(0, n), titleCount.subarray(0, n), bodyCount.subarray(0, n), sources, source.subarray(0, n), at.subarray(0, n));
  if (ascending) return out;
  const order = mergeRuns(out.ids, runs);
  for (let k = 1; k < order.length; k++) {
    if (out.ids[order[k]] === out.ids[order[k - 1]]) return Postings.combine(out, order, found.every((f) => f.pos !== null));
  }
  out.permute(order);
  return out;
}

/** Whether a doclist holds ids in the range (it starts with its count, last id and first id). */
function reaches(f: FoundDoclist, within: IdRange): boolean {
  const r = new ByteReader(f.bytes, f.start, f.end);
  r.varint();
  const last = r.varint();
  return last >= within[0] && r.varint() <= within[1];
}

function firstId(f: FoundDoclist): number {
  const r = new ByteReader(f.bytes, f.start, f.end);
  r.varint();
  r.varint();
  return r.varint();
}

/**
 * Entry indexes in id order, from runs of entries each in id order (`bounds`: where each starts, then the
 * end; the array returned is used again by the next call): a merge over a heap of runs, taking a run's
 * entries in stretches while they stay below every other run's next id, since the doclists of different
 * segments mostly hold ids apart. Equal ids keep their runs' order.
 */
export function mergeRuns(ids: Int32Array, bounds: number[]): Int32Array {
  const runs = bounds.length - 1;
  const next = new Int32Array(runs);
  const end = new Int32Array(runs);
  const heap: number[] = [];
  const before = (a: number, b: number) => ids[next[a]] < ids[next[b]] || (ids[next[a]] === ids[next[b]] && a < b);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) return;
      const c = l + 1 < heap.length && before(heap[l + 1], heap[l]) ? l + 1 : l;
      if (!before(heap[c], heap[i])) return;
      [heap[c], heap[i]] = [heap[i], heap[c]];
      i = c;
    }
  };
  for (let r = 0; r < runs; r++) {
    next[r] = bounds[r];
    end[r] = bounds[r + 1];
    if (next[r] === end[r]) continue;
    heap.push(r);
    for (let i = heap.length - 1; i > 0 && before(heap[i], heap[(i - 1) >> 1]); i = (i - 1) >> 1) {
      [heap[i], heap[(i - 1) >> 1]] = [heap[(i - 1) >> 1], heap[i]];
    }
  }
  // Kept between calls: the order is used at once, before the next list's.
  orderScratch = grown(orderScratch, bounds[runs] - bounds[0]);
  const out = orderScratch.subarray(0, bounds[runs] - bounds[0]);
  let m = 0;
  while (heap.length > 0) {
    const top = heap[0];
    // The next id of the other runs comes first from one of the root's children.
    let limit = Infinity;
    let limitRun = runs;
    if (heap.length > 1) {
      const c = heap.length > 2 && before(heap[2], heap[1]) ? heap[2] : heap[1];
      limit = ids[next[c]];
      limitRun = c;
    }
    let i = next[top];
    const e = end[top];
    do out[m++] = i++;
    while (i < e && (ids[i] < limit || (ids[i] === limit && top < limitRun)));
    next[top] = i;
    if (i === e) {
      const last = heap.pop()!;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    siftDown(0);
  }
  return out;
}
