import { setFlagsFromString } from 'node:v8';

let limited = false;

/**
 * Lets V8 grow a heap to at most twice what survived its last full collection (the flag is read whenever
 * a heap's next limit is set, and holds for every thread of the process). An import allocates far more
 * than it keeps (each batch is briefly alive, then garbage), and by default the heaps grew to about three
 * times what was alive: the kcna.co.jp corpus import peaked at 420–450 MB, with this at 335–340 MB, at the
 * same speed within this machine's noise (the history of BENCHMARKS.md, Import).
 */
export function limitHeapGrowth(): void {
  if (limited) return;
  setFlagsFromString('--heap-growing-percent=100');
  limited = true;
}
