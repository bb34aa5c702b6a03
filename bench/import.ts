// npm run bench:import — full import of the kcna.co.jp corpus against a bare FTS5 baseline, in one run.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { requireCorpus, ROOT } from './corpus.js';

const file = requireCorpus();
const dir = join(ROOT, '.bench');
mkdirSync(dir, { recursive: true });
const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

interface RunResult {
  mode: string;
  seconds: number;
  articles: number;
  peakRssMb: number;
  dbMb: number;
}

function run(mode: string): RunResult {
  const out = execFileSync(tsx, [join(ROOT, 'bench', 'import-run.ts'), mode, file, join(dir, `${mode}.db`)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as RunResult;
}

process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}\n`);
const baseline = run('baseline');
const full = run('full');
const row = (r: RunResult) =>
  `${r.mode.padEnd(9)} ${r.seconds.toFixed(1).padStart(7)} s ${Math.round(r.articles / r.seconds).toString().padStart(7)} articles/s  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB  db ${r.dbMb.toFixed(0).padStart(4)} MB`;
process.stdout.write(`${row(baseline)}\n${row(full)}\n`);
const ratio = full.seconds / baseline.seconds;
process.stdout.write(`ratio full/baseline: ${ratio.toFixed(2)}× (target ≤ 2.0×)  peak RSS ${full.peakRssMb.toFixed(0)} MB (target < 400 MB)\n`);
process.stdout.write(`${JSON.stringify({ baseline, full, ratio })}\n`);
