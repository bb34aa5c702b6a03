// npm run bench:people — the full kcna.co.jp import twice in one run, with and without entity extraction
// (WIREWATCH_ENTITIES=off), each in its own process; prints what extraction adds to the import.
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

function run(entities: boolean): RunResult {
  const out = execFileSync(tsx, [join(ROOT, 'bench', 'import-run.ts'), 'full', file, join(dir, `people-${entities ? 'on' : 'off'}.db`)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WIREWATCH_ENTITIES: entities ? 'on' : 'off' },
  });
  return { ...(JSON.parse(out.trim().split('\n').pop()!) as RunResult), mode: entities ? 'with entities' : 'without' };
}

process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}\n`);
const off = run(false);
const on = run(true);
for (const r of [off, on]) {
  process.stdout.write(`${r.mode.padEnd(14)} ${r.seconds.toFixed(1).padStart(7)} s  peak RSS ${r.peakRssMb.toFixed(0)} MB  db ${r.dbMb.toFixed(0)} MB\n`);
}
const share = (on.seconds - off.seconds) / on.seconds;
process.stdout.write(`extraction share of import time: ${(share * 100).toFixed(1)}% (target ≤ 20%)\n`);
process.stdout.write(`${JSON.stringify({ off, on, share })}\n`);
