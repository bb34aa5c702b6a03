// Worker thread: reads and prepares a dump while the main thread writes. Prepared batches wait here, not
// on the writing thread, until it pulls them (a few at a time), so its heap holds little besides the batch
// it is writing. When the main thread runs out of work it asks for a batch as read, and prepares that one
// itself, so both cores stay busy whichever side is slower.
import { parentPort, workerData } from 'node:worker_threads';
import { packFeatures, type PackedFeatures } from './pack-features.js';
import type { AheadWork } from '../store/store.js';
import { prepareBatch, readBatches, type PreparedBatch } from './prepare.js';
import { resolvePreset, type PresetSpec } from './presets.js';

const { file, spec, batchSize, maxAhead, maxRecordBytes, ahead } = workerData as {
  file: string;
  spec: PresetSpec;
  batchSize: number;
  maxAhead: number;
  maxRecordBytes?: number;
  ahead: AheadWork;
};
const ready: { batch: PreparedBatch; features: PackedFeatures }[] = [];
/** Batches the main thread has asked for and not yet been sent. */
let credits = 0;
let shareNext = false;
let wake: (() => void) | null = null;

function send(): void {
  while (credits > 0 && ready.length > 0) {
    const { batch, features } = ready.shift()!;
    credits--;
    parentPort!.postMessage({ type: 'batch', batch, features }, [features.buffer, features.layout.buffer]);
  }
}

parentPort!.on('message', (m: 'more' | 'share') => {
  if (m === 'share') shareNext = true;
  else credits++;
  send();
  wake?.();
});

const until = async (done: () => boolean) => {
  while (!done()) await new Promise<void>((r) => (wake = r));
};

try {
  const preset = resolvePreset(spec);
  for await (const batch of readBatches(file, batchSize, { maxRecordBytes })) {
    // Reading an uncompressed file rarely waits for I/O, so without this turn of the event loop the writing
    // thread's requests ('more', 'share') sat unread for many batches and it waited instead of sharing the
    // work (a 30,000-record JSONL file: 11.3–11.8 → 9.3–10.6 s in four alternating pairs).
    await new Promise<void>((r) => setImmediate(r));
    await until(() => ready.length < maxAhead);
    // Only when nothing prepared is waiting: the batch as read is then the next in file order.
    if (shareNext && ready.length === 0 && credits > 0) {
      shareNext = false;
      credits--;
      parentPort!.postMessage({ type: 'read', batch });
      continue;
    }
    const prepared = prepareBatch(batch, preset, ahead);
    ready.push({ batch: prepared, features: packFeatures(prepared) });
    send();
  }
  await until(() => ready.length === 0);
  parentPort!.postMessage({ type: 'done' });
} catch (e) {
  parentPort!.postMessage({ type: 'error', message: (e as Error).message });
}
