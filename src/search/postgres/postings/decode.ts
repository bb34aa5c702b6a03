import { ByteReader } from './codec.js';
import type { DeadMap } from './merge.js';
import type { DoclistRef } from './segment.js';

/** A doclist found in a segment whose newest ingest is `hi` (see DeadMap). */
export interface FoundDoclist extends DoclistRef {
  hi: number;
}

/**
 * One term's live entries over every segment, in id order: document length and count in the title and
 * in the body. Positions are read only when asked for (`positions`), for the entries a phrase needs.
 */
export class Postings {
  constructor(
    readonly ids: Int32Array,
    readonly doclen: Int32Array,
    readonly titleCount: Int32Array,
    readonly bodyCount: Int32Array,
    /** Where entry i's positions are: in sources[source[i]] at byte at[i]. */
    private readonly sources: Uint8Array[],
    private readonly source: Uint32Array,
    private readonly at: Int32Array,
    /** Positions already read (a prefix's lexemes combined): entry i's at pos[posStart[i]…]. */
    private readonly read?: { pos: Int32Array; posStart: Int32Array },
  ) {}

  /** Entry i's positions, the title's then the body's, into `out` (emptied first). */
  positions(i: number, out: number[]): number[] {
    out.length = 0;
    const n = this.titleCount[i] + this.bodyCount[i];
    if (this.read) {
      const s = this.read.posStart[i];
      for (let k = 0; k < n; k++) out.push(this.read.pos[s + k]);
      return out;
    }
    const r = new ByteReader(this.sources[this.source[i]], this.at[i]);
    let p = 0;
    for (let k = 0; k < n; k++) {
      if (k === this.titleCount[i]) p = 0;
      p += r.varint();
      out.push(p);
    }
    return out;
  }
}

const EMPTY = new Postings(new Int32Array(0), new Int32Array(0), new Int32Array(0), new Int32Array(0), [], new Uint32Array(0), new Int32Array(0));

/**
 * Reads doclists (one lexeme's in several segments, or a prefix's several lexemes) into Postings, without
 * the entries `dead` marks stale. Entries of one id from several lexemes are combined.
 */
export function decodePostings(found: FoundDoclist[], dead: DeadMap): Postings {
  if (found.length === 0) return EMPTY;
  let total = 0;
  for (const f of found) total += new ByteReader(f.bytes, f.start, f.end).varint();
  const ids = new Int32Array(total);
  const doclen = new Int32Array(total);
  const titleCount = new Int32Array(total);
  const bodyCount = new Int32Array(total);
  const source = new Uint32Array(total);
  const at = new Int32Array(total);
  const sources: Uint8Array[] = [];
  let n = 0;
  let ascending = true;
  const checkDead = dead.size > 0;
  for (const f of found) {
    let s = sources.indexOf(f.bytes);
    if (s < 0) s = sources.push(f.bytes) - 1;
    const r = new ByteReader(f.bytes, f.start, f.end);
    const count = r.varint();
    r.varint();
    let id = 0;
    for (let k = 0; k < count; k++) {
      id += r.varint();
      const len = r.varint();
      const t = r.varint();
      const b = r.varint();
      const bytes = r.varint();
      const posAt = r.pos;
      r.pos += bytes;
      if (checkDead) {
        const since = dead.get(id);
        if (since !== undefined && f.hi < since) continue;
      }
      if (n > 0 && id <= ids[n - 1]) ascending = false;
      ids[n] = id;
      doclen[n] = len;
      titleCount[n] = t;
      bodyCount[n] = b;
      source[n] = s;
      at[n] = posAt;
      n++;
    }
  }
  const out = new Postings(ids.subarray(0, n), doclen.subarray(0, n), titleCount.subarray(0, n), bodyCount.subarray(0, n), sources, source.subarray(0, n), at.subarray(0, n));
  return ascending ? out : combine(out);
}

/** Entries in id order, those of one id (a prefix's several lexemes) made one, with their positions read and merged. */
function combine(src: Postings): Postings {
  const n = src.ids.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => src.ids[a] - src.ids[b]);
  const ids = new Int32Array(n);
  const doclen = new Int32Array(n);
  const titleCount = new Int32Array(n);
  const bodyCount = new Int32Array(n);
  const posStart = new Int32Array(n + 1);
  const pos: number[] = [];
  const scratch: number[] = [];
  let m = 0;
  for (let k = 0; k < n; ) {
    const id = src.ids[order[k]];
    const title: number[] = [];
    const body: number[] = [];
    let j = k;
    for (; j < n && src.ids[order[j]] === id; j++) {
      const i = order[j];
      src.positions(i, scratch);
      title.push(...scratch.slice(0, src.titleCount[i]));
      body.push(...scratch.slice(src.titleCount[i]));
    }
    ids[m] = id;
    doclen[m] = src.doclen[order[k]];
    titleCount[m] = title.length;
    bodyCount[m] = body.length;
    posStart[m] = pos.length;
    pos.push(...title.sort((x, y) => x - y), ...body.sort((x, y) => x - y));
    m++;
    k = j;
  }
  posStart[m] = pos.length;
  return new Postings(ids.subarray(0, m), doclen.subarray(0, m), titleCount.subarray(0, m), bodyCount.subarray(0, m), [], new Uint32Array(0), new Int32Array(0), {
    pos: Int32Array.from(pos),
    posStart,
  });
}
