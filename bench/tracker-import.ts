// npm run bench:people — the full kcna.co.jp import twice in one run, with and without entity extraction
// (WIREWATCH_ENTITIES=off), each in its own process; prints what extraction adds to the import.
import { machine, median, runImport, type RunResult } from './import-runs.js';

const run = (entities: boolean): RunResult => ({
  ...runImport('full', entities ? 'people-on' : 'people-off', { WIREWATCH_ENTITIES: entities ? 'on' : 'off' }),
  mode: entities ? 'with entities' : 'without',
});

process.stdout.write(`machine: ${machine()}\n`);
// Rounds alternate the two sides (`BENCH_ROUNDS=N`); this machine's speed drifts between runs, so the
// share is taken within each round and the median reported.
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const results: { off: RunResult; on: RunResult; share: number; cpuShare: number }[] = [];
const row = (r: RunResult) =>
  `${r.mode.padEnd(14)} ${r.seconds.toFixed(1).padStart(7)} s (cpu ${r.cpuSeconds.toFixed(1).padStart(6)} s)  peak RSS ${r.peakRssMb.toFixed(0)} MB  db ${r.dbMb.toFixed(0)} MB`;
for (let i = 0; i < rounds; i++) {
  const off = run(false);
  const on = run(true);
  const r = { off, on, share: (on.seconds - off.seconds) / on.seconds, cpuShare: (on.cpuSeconds - off.cpuSeconds) / on.cpuSeconds };
  results.push(r);
  process.stdout.write(`round ${i + 1}\n${row(off)}\n${row(on)}\n  extraction share ${(r.share * 100).toFixed(1)}% wall, ${(r.cpuShare * 100).toFixed(1)}% cpu\n`);
}
const share = median(results.map((r) => r.share));
process.stdout.write(
  `extraction share of import time: ${(share * 100).toFixed(1)}% wall (median of ${rounds}; target ≤ 20%), ${(median(results.map((r) => r.cpuShare)) * 100).toFixed(1)}% cpu\n`,
);
process.stdout.write(`${JSON.stringify({ rounds: results, share })}\n`);
