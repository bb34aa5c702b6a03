// npm run bench:import — full import of the kcna.co.jp corpus against a bare FTS5 baseline, in one run.
import { loadavg } from 'node:os';
import { machine, median, runImport as run, type RunResult } from './import-runs.js';

process.stdout.write(`machine: ${machine()}\n`);
// Rounds alternate baseline and full import; the ratio is taken per round and the median reported.
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const loadBefore = loadavg();
const row = (r: RunResult) =>
  `${r.mode.padEnd(9)} ${r.seconds.toFixed(1).padStart(7)} s (cpu ${r.cpuSeconds.toFixed(1).padStart(6)} s) ${Math.round(r.articles / r.seconds).toString().padStart(7)} articles/s  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB  db ${r.dbMb.toFixed(0).padStart(4)} MB`;
const results: { baseline: RunResult; full: RunResult; ratio: number; cpuRatio: number }[] = [];
for (let i = 0; i < rounds; i++) {
  const baseline = run('baseline');
  const full = run('full');
  const r = { baseline, full, ratio: full.seconds / baseline.seconds, cpuRatio: full.cpuSeconds / baseline.cpuSeconds };
  results.push(r);
  process.stdout.write(`round ${i + 1}\n${row(baseline)}\n${row(full)}\n  ratio ${r.ratio.toFixed(2)}× wall, ${r.cpuRatio.toFixed(2)}× cpu\n`);
}
const ratio = median(results.map((r) => r.ratio));
const peak = Math.max(...results.map((r) => r.full.peakRssMb));
process.stdout.write(`load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}\n`);
process.stdout.write(
  `import/baseline: ${ratio.toFixed(2)}× wall (median of ${rounds}; target ≤ 2.0×), ${median(results.map((r) => r.cpuRatio)).toFixed(2)}× cpu; peak RSS ${peak.toFixed(0)} MB (target < 400 MB)\n`,
);
process.stdout.write(`${JSON.stringify({ rounds: results, ratio, peakRssMb: peak, loadBefore })}\n`);
