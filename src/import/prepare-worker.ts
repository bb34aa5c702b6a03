// Worker thread: parses and normalizes a dump while the main thread writes the previous batch.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareBatches } from './prepare.js';
import type { PresetSpec } from './presets.js';

const { file, spec, batchSize, maxInFlight } = workerData as { file: string; spec: PresetSpec; batchSize: number; maxInFlight: number };
let inFlight = 0;
let wake: (() => void) | null = null;
parentPort!.on('message', () => {
  inFlight--;
  wake?.();
});

try {
  for await (const batch of prepareBatches(file, spec, batchSize)) {
    while (inFlight >= maxInFlight) await new Promise<void>((r) => (wake = r));
    inFlight++;
    parentPort!.postMessage({ type: 'batch', batch });
  }
  parentPort!.postMessage({ type: 'done' });
} catch (e) {
  parentPort!.postMessage({ type: 'error', message: (e as Error).message });
}
