// Whole-archive dump: `wirewatch export --format csv` (and jsonl) of the full-corpus archive, each in its
// own process, side by side with the sqlite3 shell's own CSV of the core columns; wall time, CPU time and
// peak RSS (GNU time) of each, and the ratio; medians of BENCH_ROUNDS (3) rounds, the sides interleaved in
// each. The CLI runs as installed (the JavaScript bin/build.mjs compiles, built first here) and, for the
// start-up's share, as from a clone without a build (the TypeScript through tsx).
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
/** What bin/wirewatch.js runs while dist/ is current (run directly: an edit elsewhere meanwhile would not switch it). */
const COMPILED = [join(ROOT, 'dist', 'cli', 'main.js')];
/** The sqlite3 shell's side: the columns a spreadsheet user would want from the CSV dump, straight from the table. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SQLITE_QUERY = 'SELECT id, url, title, published, body FROM articles ORDER BY id';

interface Run {
  label: string;
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  outMb: number;
}

/** Runs a command under GNU time with stdout into `out`; wall time, CPU time and peak RSS from its report. */
function timed(label: string, cmd: string[], out: string): Run {
  const fd = openSync(out, 'w');
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', ...cmd], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 16 << 20 });
  const seconds = (performance.now() - started) / 1000;
  closeSync(fd);
  if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
  const cpu = (name: string) => Number(new RegExp(`${name} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1]);
  return { label, seconds, cpuSeconds: cpu('User') + cpu('System'), peakMb: kb / 1024, outMb: statSync(out).size / 1e6 };
}

async function main(): Promise<void> {
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  if (!existsSync(DB)) await buildLoadArchive(DB, CLI);
  const build = spawnSync('node', [join(ROOT, 'bin', 'build.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error('bin/build.mjs failed');
  // An archive without articles: what an export costs before its first row (start-up, opening, the header).
  const empty = join(ROOT, '.bench', 'export-empty.db');
  if (!existsSync(empty)) spawnSync('node', [...COMPILED, 'user', 'list', '--db', empty], { stdio: 'ignore' });
  const load = loadavg()[0].toFixed(1);
  const articles = spawnSync('sqlite3', [DB, 'SELECT count(*) FROM articles'], { encoding: 'utf8' }).stdout.trim();
  const out = (name: string) => join(ROOT, '.bench', name);
  const round = () => [
    timed('sqlite3 -header -csv (id, url, title, published, body)', ['sqlite3', '-header', '-csv', DB, SQLITE_QUERY], out('export-sqlite3.csv')),
    timed('wirewatch export --format csv (25 columns)', ['node', ...COMPILED, 'export', '--format', 'csv', '--no-progress', '--db', DB], out('export.csv')),
    timed('wirewatch export --format jsonl', ['node', ...COMPILED, 'export', '--format', 'jsonl', '--no-progress', '--db', DB], out('export.jsonl')),
    timed('… --format csv, TypeScript through tsx (a clone without a build)', ['node', ...CLI, 'export', '--format', 'csv', '--no-progress', '--db', DB], out('export-tsx.csv')),
    timed('wirewatch export --format csv of an empty archive (its fixed cost)', ['node', ...COMPILED, 'export', '--format', 'csv', '--no-progress', '--db', empty], out('export-empty.csv')),
    // What loading the whole CLI costs (help defines every command).
    timed('wirewatch --help (CLI start-up alone)', ['node', ...COMPILED, '--help'], out('help.txt')),
    timed('… --help through tsx', ['node', ...CLI, '--help'], out('help-tsx.txt')),
  ];
  const rounds = Array.from({ length: ROUNDS }, round);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const all = rounds[0].map((r, i) => ({
    ...r,
    seconds: median(rounds.map((x) => x[i].seconds)),
    cpuSeconds: median(rounds.map((x) => x[i].cpuSeconds)),
    peakMb: median(rounds.map((x) => x[i].peakMb)),
    range: rounds.map((x) => x[i].seconds.toFixed(1)).join(' / '),
  }));
  const base = all[0];
  console.log(`${articles} articles in ${DB}; load before ${load}, after ${loadavg()[0].toFixed(1)}; medians of ${ROUNDS} rounds`);
  console.log('| | time (rounds) | CPU time | peak RSS | output | time ÷ sqlite3 |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of all) {
    console.log(`| ${r.label} | ${r.seconds.toFixed(2)} s (${r.range}) | ${r.cpuSeconds.toFixed(2)} s | ${Math.round(r.peakMb)} MB | ${Math.round(r.outMb)} MB | ${(r.seconds / base.seconds).toFixed(2)}× |`);
  }
  const [csv, fixed] = [all[1], all[4]];
  console.log(`CSV export without its fixed cost: ${((csv.seconds - fixed.seconds) / base.seconds).toFixed(2)}× sqlite3's time, ${((csv.cpuSeconds - fixed.cpuSeconds) / base.cpuSeconds).toFixed(2)}× its CPU time`);
  console.log(`CPU time ÷ sqlite3's: csv ${(csv.cpuSeconds / base.cpuSeconds).toFixed(2)}×, jsonl ${(all[2].cpuSeconds / base.cpuSeconds).toFixed(2)}×`);
  for (const name of ['export-sqlite3.csv', 'export.csv', 'export.jsonl', 'export-tsx.csv', 'export-empty.csv', 'help.txt', 'help-tsx.txt']) rmSync(out(name), { force: true });
}

await main();
