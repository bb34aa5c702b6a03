import { describe, expect, it } from 'vitest';
import { corpusSample } from '../../test/helpers.js';
import { prepareBatches, type PreparedBatch } from './prepare.js';
import { prepareBatchesInWorker } from './prepare-in-worker.js';

async function collect(batches: AsyncGenerator<PreparedBatch>): Promise<PreparedBatch[]> {
  const out: PreparedBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

/** The capture time of records without one is the time the import started: it differs between runs. */
function withoutImportTime(batches: PreparedBatch[]) {
  return batches.map((b) => ({ ...b, records: b.records.map((r) => (r.ok ? { ...r, seenAt: '' } : r)) }));
}

describe('preparing on the worker thread with work sharing', () => {
  it('gives the same batches in the same order as preparing on one thread, whichever side prepares them', async () => {
    const file = corpusSample('kcna-co-jp-sample.jsonl');
    const spec = { preset: 'kcna-co-jp' };
    const here = await collect(prepareBatches(file, spec, 3));
    const counts = { shared: 0 };
    // Nothing is written here, so this side is always waiting: it asks for and prepares batches itself.
    const shared = await collect(prepareBatchesInWorker(file, spec, 3, { counts }));
    expect(counts.shared).toBeGreaterThan(0);
    expect(counts.shared).toBeLessThan(shared.length);
    expect(withoutImportTime(shared)).toEqual(withoutImportTime(here));
    expect(shared.flatMap((b) => b.records.filter((r) => r.ok).map((r) => r.article.story?.signature.length))).not.toContain(undefined);
  });
});
