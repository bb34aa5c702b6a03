// Worker thread: reads and prepares a dump while the main thread writes. When the main thread runs out
// of work it asks for a batch as read, and prepares that one itself, so both cores stay busy whichever
// side is slower.
import { parentPort, workerData } from 'node:worker_threads';
import { packFeatures } from './pack-features.js';
import { prepareBatch, readBatches } from './prepare.js';
import { resolvePreset, type PresetSpec } from './presets.js';

const { file, spec, batchSize, maxInFlight } = workerData as { file: string; spec: PresetSpec; batchSize: number; maxInFlight: number };
let inFlight = 0;
let shareNext = false;
let wake: (() => void) | null = null;
parentPort!.on('message', (m: 'ack' | 'share') => {
  if (m === 'share') shareNext = true;
  else inFlight--;
  wake?.();
});

try {
  const preset = resolvePreset(spec);
  for await (const batch of readBatches(file, batchSize)) {
    while (inFlight >= maxInFlight) await new Promise<void>((r) => (wake = r));
    inFlight++;
    if (shareNext) {
      shareNext = false;
      parentPort!.postMessage({ type: 'read', batch });
    } else {
      const prepared = prepareBatch(batch, preset);
      const features = packFeatures(prepared);
      parentPort!.postMessage({ type: 'batch', batch: prepared }, [features]);
    }
  }
  parentPort!.postMessage({ type: 'done' });
} catch (e) {
  parentPort!.postMessage({ type: 'error', message: (e as Error).message });
}
