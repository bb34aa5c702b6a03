import { Worker } from 'node:worker_threads';
import type { AheadWork } from '../store/store.js';
import { unpackFeatures, type PackedFeatures } from './pack-features.js';
import { prepareBatch, type PreparedBatch, type ReadBatch } from './prepare.js';
import { resolvePreset, type Preset, type PresetSpec } from './presets.js';

type Message =
  | { type: 'batch'; batch: PreparedBatch; features: PackedFeatures }
  | { type: 'read'; batch: ReadBatch }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** Prepared batches this thread asks for ahead of the one it is writing. */
const PULLED_AHEAD = 2;

/**
 * The same batches as `prepareBatches`, in the same order, produced on a worker thread. Up to `maxAhead`
 * prepared batches wait on the worker, which sends them as this thread asks (`PULLED_AHEAD` ahead), so the
 * writing thread's heap holds little besides the batch it writes. Whenever this thread would wait for the
 * worker it asks for the next batch as read and prepares it here instead (work sharing: the slower side
 * gets help). Eight batches ahead let the worker keep preparing while this thread works on a batch it
 * asked for; with three it mostly waited (full corpus 40–44 s against 53–55 s, the history of BENCHMARKS.md).
 */
export async function* prepareBatchesInWorker(
  file: string,
  spec: PresetSpec,
  batchSize: number,
  opts: { maxAhead?: number; counts?: { shared: number }; maxRecordBytes?: number; ahead?: AheadWork } = {},
): AsyncGenerator<PreparedBatch> {
  const maxAhead = opts.maxAhead ?? 8;
  // The prepared batches wait in the worker's heap: a 24 MB young generation copies them less often than
  // 8 MB did (0.5–0.8 s less for the kcna.co.jp corpus, about 10 MB more at peak; 32 MB: +25 MB, no faster).
  const worker = new Worker(new URL('./prepare-worker-boot.mjs', import.meta.url), {
    workerData: { file, spec, batchSize, maxAhead, maxRecordBytes: opts.maxRecordBytes, ahead: opts.ahead ?? {} },
    resourceLimits: { maxYoungGenerationSizeMb: 24 },
  });
  // Batches asked for ahead of the one being written: enough to cover the worker finishing the batch it is on.
  for (let i = 0; i < PULLED_AHEAD; i++) worker.postMessage('more');
  const queue: Message[] = [];
  let notify: (() => void) | null = null;
  let failure: Error | null = null;
  let asked = false;
  let preset: Preset | null = null;
  worker.on('message', (m: Message) => {
    queue.push(m);
    notify?.();
  });
  worker.on('error', (e) => {
    failure = e;
    notify?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`import worker exited with code ${code}`);
    notify?.();
  });
  try {
    for (;;) {
      if (queue.length === 0 && !failure && !asked) {
        worker.postMessage('share');
        asked = true;
      }
      while (queue.length === 0 && !failure) await new Promise<void>((r) => (notify = r));
      const m = queue.shift();
      if (!m) throw failure!;
      if (m.type === 'done') return;
      if (m.type === 'error') throw new Error(m.message);
      worker.postMessage('more');
      if (m.type === 'read') {
        asked = false;
        preset ??= resolvePreset(spec);
        if (opts.counts) opts.counts.shared++;
        yield prepareBatch(m.batch, preset, opts.ahead);
      } else {
        unpackFeatures(m.batch, m.features);
        yield m.batch;
      }
    }
  } finally {
    await worker.terminate();
  }
}
