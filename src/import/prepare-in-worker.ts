import { Worker } from 'node:worker_threads';
import type { PreparedBatch } from './prepare.js';
import type { PresetSpec } from './presets.js';

type Message = { type: 'batch'; batch: PreparedBatch } | { type: 'done' } | { type: 'error'; message: string };

/** The same batches as `prepareBatches`, produced on a worker thread; at most `maxInFlight` wait in memory. */
export async function* prepareBatchesInWorker(file: string, spec: PresetSpec, batchSize: number, maxInFlight = 2): AsyncGenerator<PreparedBatch> {
  const worker = new Worker(new URL('./prepare-worker-boot.mjs', import.meta.url), { workerData: { file, spec, batchSize, maxInFlight }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const queue: Message[] = [];
  let notify: (() => void) | null = null;
  let failure: Error | null = null;
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
      while (queue.length === 0 && !failure) await new Promise<void>((r) => (notify = r));
      const m = queue.shift();
      if (!m) throw failure!;
      if (m.type === 'done') return;
      if (m.type === 'error') throw new Error(m.message);
      yield m.batch;
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}
