// A prepared batch's story features hold eight small typed arrays an article. Posted as they are, each is
// cloned into a buffer of its own on the writing thread; packed into one buffer per batch and transferred,
// they arrive as views of it, with nothing copied and one allocation.
import type { Anchors } from '../stories/anchors.js';
import type { StoryFeatures } from '../stories/features.js';
import type { PreparedBatch } from './prepare.js';

type Packable = Uint32Array | Float32Array | Uint8Array;

function arraysOf(f: StoryFeatures): Packable[] {
  return [f.shingles, f.signature, ...anchorArrays(f.anchors), ...anchorArrays(f.bodyAnchors)];
}

function anchorArrays(a: Anchors): Packable[] {
  return [a.hashes, a.weights, a.kinds];
}

/** Moves every feature array of the batch into one buffer (4-byte aligned slots) and returns that buffer. */
export function packFeatures(batch: PreparedBatch): ArrayBuffer {
  let bytes = 0;
  for (const r of batch.records) if (r.ok && r.article.story) for (const a of arraysOf(r.article.story)) bytes += (a.byteLength + 3) & ~3;
  const buffer = new ArrayBuffer(bytes);
  let at = 0;
  const place = <T extends Packable>(a: T): T => {
    const ctor = a.constructor as new (b: ArrayBuffer, o: number, n: number) => T;
    const view = new ctor(buffer, at, a.length);
    view.set(a as never);
    at += (a.byteLength + 3) & ~3;
    return view;
  };
  const anchors = (a: Anchors): Anchors => ({ hashes: place(a.hashes), weights: place(a.weights), kinds: place(a.kinds), length: a.length });
  for (const r of batch.records) {
    if (!r.ok || !r.article.story) continue;
    const f = r.article.story;
    r.article.story = { shingles: place(f.shingles), signature: place(f.signature), anchors: anchors(f.anchors), bodyAnchors: anchors(f.bodyAnchors) };
  }
  return buffer;
}
