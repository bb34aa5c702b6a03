// npm run bench:import — the kcna.co.jp corpus imported three ways in each round, each in its own process:
// the bare baseline (parse the file, raw texts into a plain FTS5 table), the archive core (normalization,
// store, search index, people and places: everything but story clustering, WIREWATCH_STORIES=off) and the
// full import with story clustering on. The archive core's target is 2.0× the baseline; clustering may
// take the full import past that, to at most 2.5×, with its own share reported (the difference of the two).
import { loadavg } from 'node:os';
import { machine, median, runImport as run, type RunResult } from './import-runs.js';

process.stdout.write(`machine: ${machine()}\n`);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const loadBefore = loadavg();
const row = (r: RunResult) =>
  `${r.mode.padEnd(9)} ${r.seconds.toFixed(1).padStart(7)} s (cpu ${r.cpuSeconds.toFixed(1).padStart(6)} s) ${Math.round(r.articles / r.seconds).toString().padStart(7)} articles/s  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB  db ${r.dbMb.toFixed(0).padStart(4)} MB`;
interface Round {
  baseline: RunResult;
  core: RunResult;
  full: RunResult;
  coreRatio: number;
  ratio: number;
  clusteringSeconds: number;
  clusteringCpuSeconds: number;
}
const results: Round[] = [];
for (let i = 0; i < rounds; i++) {
  // The same order every round: a drift of the machine's speed falls on all three alike.
  const baseline = run('baseline');
  const core = run('full', 'core', { WIREWATCH_STORIES: 'off' });
  const full = run('full', 'full', { WIREWATCH_STORIES: 'on' });
  const r: Round = {
    baseline,
    core,
    full,
    coreRatio: core.seconds / baseline.seconds,
    ratio: full.seconds / baseline.seconds,
    clusteringSeconds: full.seconds - core.seconds,
    clusteringCpuSeconds: full.cpuSeconds - core.cpuSeconds,
  };
  results.push(r);
  process.stdout.write(
    `round ${i + 1}\n${row(baseline)}\n${row(core)}\n${row(full)}\n` +
      `  archive core ${r.coreRatio.toFixed(2)}×, full ${r.ratio.toFixed(2)}× the baseline; clustering +${r.clusteringSeconds.toFixed(1)} s wall, +${r.clusteringCpuSeconds.toFixed(1)} s cpu\n`,
  );
}
const coreRatio = median(results.map((r) => r.coreRatio));
const ratio = median(results.map((r) => r.ratio));
const peak = Math.max(...results.flatMap((r) => [r.core.peakRssMb, r.full.peakRssMb]));
process.stdout.write(`load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}\n`);
process.stdout.write(
  `archive core (search index, people and places; no clustering): ${coreRatio.toFixed(2)}× the baseline (median of ${rounds}; target ≤ 2.0×)\n` +
    `full import with story clustering: ${ratio.toFixed(2)}× (target ≤ 2.0×, or ≤ 2.5× with clustering's share reported); ` +
    `clustering's share +${median(results.map((r) => r.clusteringSeconds)).toFixed(1)} s wall, +${median(results.map((r) => r.clusteringCpuSeconds)).toFixed(1)} s cpu\n` +
    `peak RSS ${peak.toFixed(0)} MB (target < 400 MB)\n`,
);
process.stdout.write(`${JSON.stringify({ rounds: results, coreRatio, ratio, peakRssMb: peak, loadBefore })}\n`);
