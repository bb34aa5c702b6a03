import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { corpusSample } from '../../test/helpers.js';
import { packFeatures } from './pack-features.js';
import { prepareBatches, type PreparedBatch } from './prepare.js';

async function firstBatch(): Promise<PreparedBatch> {
  for await (const b of prepareBatches(corpusSample('kcna-co-jp-sample.jsonl'), { preset: 'kcna-co-jp' }, 50)) return b;
  throw new Error('no batch');
}

describe('packFeatures', () => {
  it('moves every feature array of a batch into one buffer, values unchanged', async () => {
    const batch = await firstBatch();
    const before = structuredClone(batch);
    const buffer = packFeatures(batch);
    expect(batch).toEqual(before);
    const stories = batch.records.flatMap((r) => (r.ok && r.article.story ? [r.article.story] : []));
    expect(stories.length).toBeGreaterThan(10);
    for (const f of stories) {
      for (const a of [f.shingles, f.signature, f.anchors.hashes, f.anchors.weights, f.anchors.kinds, f.bodyAnchors.hashes, f.bodyAnchors.weights, f.bodyAnchors.kinds]) {
        expect(a.buffer).toBe(buffer);
      }
    }
  });

  it('arrives whole on the other side of a transfer, as views of the one buffer', async () => {
    const batch = await firstBatch();
    const expected = structuredClone(batch);
    const buffer = packFeatures(batch);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<PreparedBatch>((resolve) => port2.once('message', resolve));
    port1.postMessage(batch, [buffer]);
    const got = await received;
    port1.close();
    expect(buffer.byteLength).toBe(0);
    expect(got).toEqual(expected);
    const first = got.records.find((r) => r.ok && r.article.story);
    expect(first?.ok && first.article.story!.shingles.buffer.byteLength).toBeGreaterThan(first?.ok ? first.article.story!.shingles.byteLength : 0);
  });
});
