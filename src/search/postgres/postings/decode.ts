import { ByteReader } from './codec.js';
import type { DeadMap } from './merge.js';
import type { DoclistRef } from './segment.js';

/** A doclist found in a segment whose newest ingest is `hi` (see DeadMap). */
export interface FoundDoclist extends DoclistRef {
  hi: number;
}

/**
 * One term's live entries over every segment, in id order: document length, count in the title and in
 * the body, and (when asked for) the positions, title's then body's, of entry i at pos[posStart[i]…].
 */
export interface Postings {
  ids: Int32Array;
  doclen: Int32Array;
  titleCount: Int32Array;
  bodyCount: Int32Array;
  posStart: Int32Array;
  pos: Int32Array;
}

const EMPTY: Postings = {
  ids: new Int32Array(0),
  doclen: new Int32Array(0),
  titleCount: new Int32Array(0),
  bodyCount: new Int32Array(0),
  posStart: new Int32Array(1),
  pos: new Int32Array(0),
};

/**
 * Reads doclists (one lexeme's in several segments, or a prefix's several lexemes) into Postings, without
 * the entries dead maps marks stale. Entries of one id from several lexemes are combined.
 */
export function decodePostings(found: FoundDoclist[], dead: DeadMap, withPositions: boolean): Postings {
  if (found.length === 0) return EMPTY;
  let total = 0;
  let posTotal = 0;
  for (const f of found) {
    const r = new ByteReader(f.bytes, f.start, f.end);
    total += r.varint();
    if (withPositions) posTotal += f.end - f.start;
  }
  const ids = new Int32Array(total);
  const doclen = new Int32Array(total);
  const titleCount = new Int32Array(total);
  const bodyCount = new Int32Array(total);
  const posStart = new Int32Array(withPositions ? total + 1 : 1);
  let pos = new Int32Array(withPositions ? posTotal : 0);
  let n = 0;
  let p = 0;
  let ascending = true;
  const checkDead = dead.size > 0;
  for (const f of found) {
    const r = new ByteReader(f.bytes, f.start, f.end);
    const count = r.varint();
    r.varint();
    let id = 0;
    for (let k = 0; k < count; k++) {
      id += r.varint();
      const len = r.varint();
      const t = r.varint();
      const b = r.varint();
      if (checkDead) {
        const since = dead.get(id);
        if (since !== undefined && f.hi < since) {
          r.skip(t + b);
          continue;
        }
      }
      if (n > 0 && id <= ids[n - 1]) ascending = false;
      ids[n] = id;
      doclen[n] = len;
      titleCount[n] = t;
      bodyCount[n] = b;
      if (withPositions) {
        posStart[n] = p;
        if (p + t + b > pos.length) {
          const grown = new Int32Array(Math.max(pos.length * 2, p + t + b));
          grown.set(pos);
          pos = grown;
        }
        let at = 0;
        for (let i = 0; i < t; i++) pos[p++] = at += r.varint();
        at = 0;
        for (let i = 0; i < b; i++) pos[p++] = at += r.varint();
      } else r.skip(t + b);
      n++;
    }
  }
  if (withPositions) posStart[n] = p;
  const out: Postings = {
    ids: ids.subarray(0, n),
    doclen: doclen.subarray(0, n),
    titleCount: titleCount.subarray(0, n),
    bodyCount: bodyCount.subarray(0, n),
    posStart: withPositions ? posStart.subarray(0, n + 1) : posStart,
    pos: pos.subarray(0, p),
  };
  return ascending ? out : combine(out, withPositions);
}

/** Entries in id order, those of one id (a prefix's several lexemes) made one. */
function combine(src: Postings, withPositions: boolean): Postings {
  const n = src.ids.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => src.ids[a] - src.ids[b]);
  const ids = new Int32Array(n);
  const doclen = new Int32Array(n);
  const titleCount = new Int32Array(n);
  const bodyCount = new Int32Array(n);
  const posStart = new Int32Array(withPositions ? n + 1 : 1);
  const pos = new Int32Array(src.pos.length);
  let m = 0;
  let p = 0;
  for (let k = 0; k < n; ) {
    const id = src.ids[order[k]];
    let j = k;
    const title: number[] = [];
    const body: number[] = [];
    let t = 0;
    let b = 0;
    for (; j < n && src.ids[order[j]] === id; j++) {
      const i = order[j];
      t += src.titleCount[i];
      b += src.bodyCount[i];
      if (withPositions) {
        const s = src.posStart[i];
        for (let x = 0; x < src.titleCount[i]; x++) title.push(src.pos[s + x]);
        for (let x = 0; x < src.bodyCount[i]; x++) body.push(src.pos[s + src.titleCount[i] + x]);
      }
    }
    ids[m] = id;
    doclen[m] = src.doclen[order[k]];
    titleCount[m] = t;
    bodyCount[m] = b;
    if (withPositions) {
      posStart[m] = p;
      title.sort((x, y) => x - y);
      body.sort((x, y) => x - y);
      for (const x of title) pos[p++] = x;
      for (const x of body) pos[p++] = x;
    }
    m++;
    k = j;
  }
  if (withPositions) posStart[m] = p;
  return {
    ids: ids.subarray(0, m),
    doclen: doclen.subarray(0, m),
    titleCount: titleCount.subarray(0, m),
    bodyCount: bodyCount.subarray(0, m),
    posStart: withPositions ? posStart.subarray(0, m + 1) : posStart,
    pos: pos.subarray(0, p),
  };
}
