// Whole-archive dump: `wirewatch export --format csv` (and jsonl) of the full-corpus archive, each in its
// own process, side by side with the sqlite3 shell's own CSV of the core columns; wall time and peak RSS
// (GNU time) of each, and the ratio; medians of BENCH_ROUNDS (3) rounds, the sides interleaved in each.
// Options: WIREWATCH_LOAD_DB (.bench/load.db, built if missing), BENCH_ROUNDS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, statSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLoadArchive } from './load-mix.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const DB = process.env.WIREWATCH_LOAD_DB ?? join(ROOT, '.bench', 'load.db');
const CLI = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];
/** The sqlite3 shell's side: the columns a spreadsheet user would want from the CSV dump, straight from the table. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SQLITE_QUERY = 'SELECT id, url, title, published, body FROM articles ORDER BY id';

interface Run {
  label: string;
  seconds: number;
  peakMb: number;
  outMb: number;
}

/** Runs a command under GNU time with stdout into `out`; wall time and peak RSS from its report. */
function timed(label: string, cmd: string[], out: string): Run {
  const fd = openSync(out, 'w');
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', ...cmd], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 16 << 20 });
  const seconds = (performance.now() - started) / 1000;
  closeSync(fd);
  if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
  return { label, seconds, peakMb: kb / 1024, outMb: statSync(out).size / 1e6 };
}

async function main(): Promise<void> {
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  if (!existsSync(DB)) await buildLoadArchive(DB, CLI);
  const load = loadavg()[0].toFixed(1);
  const articles = spawnSync('sqlite3', [DB, 'SELECT count(*) FROM articles'], { encoding: 'utf8' }).stdout.trim();
  const out = (name: string) => join(ROOT, '.bench', name);
  const round = () => [
    timed('sqlite3 -header -csv (id, url, title, published, body)', ['sqlite3', '-header', '-csv', DB, SQLITE_QUERY], out('export-sqlite3.csv')),
    timed('wirewatch export --format csv (25 columns)', ['node', ...CLI, 'export', '--format', 'csv', '--no-progress', '--db', DB], out('export.csv')),
    timed('wirewatch export --format jsonl', ['node', ...CLI, 'export', '--format', 'jsonl', '--no-progress', '--db', DB], out('export.jsonl')),
    // What any wirewatch command costs before its work: loading the CLI through tsx.
    timed('wirewatch --help (CLI start-up alone)', ['node', ...CLI, '--help'], out('help.txt')),
  ];
  const rounds = Array.from({ length: ROUNDS }, round);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const all = rounds[0].map((r, i) => ({ ...r, seconds: median(rounds.map((x) => x[i].seconds)), peakMb: median(rounds.map((x) => x[i].peakMb)), range: rounds.map((x) => x[i].seconds.toFixed(1)).join(' / ') }));
  const runs = all.slice(0, 3);
  const startup = all[3];
  const base = runs[0];
  console.log(`${articles} articles in ${DB}; load before ${load}; medians of ${ROUNDS} rounds`);
  console.log('| | time (rounds) | peak RSS | output | time ÷ sqlite3 |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of all) console.log(`| ${r.label} | ${r.seconds.toFixed(2)} s (${r.range}) | ${Math.round(r.peakMb)} MB | ${Math.round(r.outMb)} MB | ${(r.seconds / base.seconds).toFixed(2)}× |`);
  const csv = runs[1];
  console.log(`CSV export without the start-up: ${((csv.seconds - startup.seconds) / base.seconds).toFixed(2)}× sqlite3's time`);
  for (const name of ['export-sqlite3.csv', 'export.csv', 'export.jsonl', 'help.txt']) rmSync(out(name), { force: true });
}

await main();
