// A prepared batch's story features hold eight small typed arrays an article. Posted as they are, each is
// cloned into a buffer of its own on the writing thread; even as views of one transferred buffer, each view
// costs the structured clone an object on both sides. So they travel as one buffer and a table of where
// each array lies in it, and the writing thread makes the views itself.
import type { Anchors } from '../stories/anchors.js';
import type { StoryFeatures } from '../stories/features.js';
import type { PreparedBatch } from './prepare.js';

type Packable = Uint32Array | Float32Array | Uint8Array;

/** A batch's feature arrays, moved out of its records: one buffer, and per article with features a row of `layout`. */
export interface PackedFeatures {
  buffer: ArrayBuffer;
  /** Per article: its record's index, then offset and length of each of the eight arrays, then the two anchor sets' lengths. */
  layout: Int32Array<ArrayBuffer>;
}

const ROW = 1 + 8 * 2 + 2;

function arraysOf(f: StoryFeatures): Packable[] {
  return [f.shingles, f.signature, ...anchorArrays(f.anchors), ...anchorArrays(f.bodyAnchors)];
}

function anchorArrays(a: Anchors): Packable[] {
  return [a.hashes, a.weights, a.kinds];
}

/** Moves every feature array of the batch into one buffer (4-byte aligned slots), leaving the records without them. */
export function packFeatures(batch: PreparedBatch): PackedFeatures {
  let bytes = 0;
  let rows = 0;
  for (const r of batch.records) {
    if (!r.ok || !r.article.story) continue;
    rows++;
    for (const a of arraysOf(r.article.story)) bytes += (a.byteLength + 3) & ~3;
  }
  const buffer = new ArrayBuffer(bytes);
  const bytesView = new Uint8Array(buffer);
  const layout = new Int32Array(rows * ROW);
  let at = 0;
  let p = 0;
  batch.records.forEach((r, index) => {
    if (!r.ok || !r.article.story) return;
    const f = r.article.story;
    layout[p++] = index;
    for (const a of arraysOf(f)) {
      bytesView.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
      layout[p++] = at;
      layout[p++] = a.length;
      at += (a.byteLength + 3) & ~3;
    }
    layout[p++] = f.anchors.length;
    layout[p++] = f.bodyAnchors.length;
    r.article.story = undefined;
  });
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
