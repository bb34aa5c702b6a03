// One side of an import benchmark run in its own process (bench/import-run.ts), so its peak RSS is its own.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { requireCorpus, ROOT } from './corpus.js';

export interface RunResult {
  mode: string;
  seconds: number;
  /** CPU time of all threads (user + system): steadier than wall time on a busy machine. */
  cpuSeconds: number;
  articles: number;
  peakRssMb: number;
  dbMb: number;
  /** Bytes handed to the kernel for writing (Linux). */
  writtenMb?: number;
}

export const corpusFile = requireCorpus();
const dir = join(ROOT, '.bench');
mkdirSync(dir, { recursive: true });
const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Imports the corpus as `mode` into `.bench/<name>.db` with `env` added; the result is labelled `name`. */
export function runImport(mode: 'baseline' | 'full', name: string = mode, env: Record<string, string> = {}): RunResult {
  const out = execFileSync(tsx, [join(ROOT, 'bench', 'import-run.ts'), mode, corpusFile, join(dir, `${name}.db`)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return { ...(JSON.parse(out.trim().split('\n').pop()!) as RunResult), mode: name };
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}

export function median(xs: number[]): number {
  return xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}
