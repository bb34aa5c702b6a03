import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { corpusSample } from '../../test/helpers.js';
import { packFeatures, unpackFeatures, type PackedFeatures } from './pack-features.js';
import { prepareBatches, type PreparedBatch } from './prepare.js';

async function firstBatch(): Promise<PreparedBatch> {
  for await (const b of prepareBatches(corpusSample('kcna-co-jp-sample.jsonl'), { preset: 'kcna-co-jp' }, 50)) return b;
  throw new Error('no batch');
}

describe('packFeatures', () => {
  it('moves every feature array of a batch into one buffer, and unpacking puts back the same values as views of it', async () => {
    const batch = await firstBatch();
    const before = structuredClone(batch);
    const packed = packFeatures(batch);
    expect(batch.records.every((r) => !r.ok || r.article.story === undefined)).toBe(true);
    unpackFeatures(batch, packed);
    expect(batch).toEqual(before);
    const stories = batch.records.flatMap((r) => (r.ok && r.article.story ? [r.article.story] : []));
    expect(stories.length).toBeGreaterThan(10);
    for (const f of stories) {
      for (const a of [f.shingles, f.signature, f.anchors.hashes, f.anchors.weights, f.anchors.kinds, f.bodyAnchors.hashes, f.bodyAnchors.weights, f.bodyAnchors.kinds]) {
        expect(a.buffer).toBe(packed.buffer);
      }
    }
  });

  it('arrives whole on the other side of a transfer', async () => {
    const batch = await firstBatch();
    const expected = structuredClone(batch);
    const features = packFeatures(batch);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<{ batch: PreparedBatch; features: PackedFeatures }>((resolve) => port2.once('message', resolve));
    port1.postMessage({ batch, features }, [features.buffer, features.layout.buffer]);
    const got = await received;
    port1.close();
    expect(features.buffer.byteLength).toBe(0);
    unpackFeatures(got.batch, got.features);
    expect(got.batch).toEqual(expected);
  });
});
