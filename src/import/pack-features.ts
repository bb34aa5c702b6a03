// A prepared batch's story features hold eight small typed arrays an article. Posted as they are, each is
// cloned into a buffer of its own on the writing thread; even as views of one transferred buffer, each view
// costs the structured clone an object on both sides. So they travel as one buffer and a table of where
// each array lies in it, and the writing thread makes the views itself.
import type { Anchors } from '../stories/anchors.js';
import type { PreparedBatch } from './prepare.js';

/** A batch's feature arrays, moved out of its records: one buffer, and per article with features a row of `layout`. */
export interface PackedFeatures {
  buffer: ArrayBuffer;
  /** Per article: its record's index, then offset and length of each of the eight arrays, then the two anchor sets' lengths. */
  layout: Int32Array<ArrayBuffer>;
}

const ROW = 1 + 8 * 2 + 2;

/** Bytes of an array of `n` four-byte or one-byte values, rounded up to a four-byte slot. */
const slot4 = (n: number) => n * 4;
const slot1 = (n: number) => (n + 3) & ~3;

/** Bytes an anchor set takes in the buffer. */
const anchorBytes = (a: Anchors) => slot4(a.hashes.length) + slot4(a.weights.length) + slot1(a.kinds.length);

/**
 * Moves every feature array of the batch into one buffer (4-byte aligned slots), leaving the records without
 * them. Each array is copied with `set` from a view of the whole buffer of its own type: no view an array.
 */
export function packFeatures(batch: PreparedBatch): PackedFeatures {
  let bytes = 0;
  let rows = 0;
  for (const r of batch.records) {
    if (!r.ok || !r.article.story) continue;
    const f = r.article.story;
    rows++;
    bytes += slot4(f.shingles.length) + slot4(f.signature.length) + anchorBytes(f.anchors) + anchorBytes(f.bodyAnchors);
  }
  const buffer = new ArrayBuffer(bytes);
  const u32 = new Uint32Array(buffer);
  const f32 = new Float32Array(buffer);
  const u8 = new Uint8Array(buffer);
  const layout = new Int32Array(rows * ROW);
  let at = 0;
  let p = 0;
  const put = (a: Uint32Array | Float32Array | Uint8Array) => {
    if (a instanceof Uint8Array) u8.set(a, at);
    else if (a instanceof Float32Array) f32.set(a, at >> 2);
    else u32.set(a, at >> 2);
    layout[p++] = at;
    layout[p++] = a.length;
    at += a instanceof Uint8Array ? slot1(a.length) : slot4(a.length);
  };
  const records = batch.records;
  for (let index = 0; index < records.length; index++) {
    const r = records[index];
    if (!r.ok || !r.article.story) continue;
    const f = r.article.story;
    layout[p++] = index;
    put(f.shingles);
    put(f.signature);
    put(f.anchors.hashes);
    put(f.anchors.weights);
    put(f.anchors.kinds);
    put(f.bodyAnchors.hashes);
    put(f.bodyAnchors.weights);
    put(f.bodyAnchors.kinds);
    layout[p++] = f.anchors.length;
    layout[p++] = f.bodyAnchors.length;
    r.article.story = undefined;
  }
  return { buffer, layout };
}

/** Puts the features back on the batch's records, as views of the buffer. */
export function unpackFeatures(batch: PreparedBatch, { buffer, layout }: PackedFeatures): void {
  for (let p = 0; p < layout.length; p += ROW) {
    const r = batch.records[layout[p]];
    if (!r.ok) continue;
    const u32 = (q: number) => new Uint32Array(buffer, layout[p + q], layout[p + q + 1]);
    const anchors = (q: number, length: number): Anchors => ({
      hashes: u32(q),
      weights: new Float32Array(buffer, layout[p + q + 2], layout[p + q + 3]),
      kinds: new Uint8Array(buffer, layout[p + q + 4], layout[p + q + 5]),
      length,
    });
    r.article.story = { shingles: u32(1), signature: u32(3), anchors: anchors(5, layout[p + 17]), bodyAnchors: anchors(11, layout[p + 18]) };
  }
}
