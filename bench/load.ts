// npm run bench:load — 100 connections for 30 s on a mix of article pages, searches (English and Korean),
// timelines and API calls over the full corpus, first alone and then while an import writes to the same
// archive; fresh connections are opened once a second during each run and timed to their first byte.
// Each server is first warmed with WIREWATCH_LOAD_WARMUP seconds (10) of the same mix, unmeasured: a running
// server has read its metadata and the popular queries' matches; the measured run then draws other paths.
// Options: WIREWATCH_LOAD_SECONDS (30), WIREWATCH_LOAD_CONNECTIONS (100), WIREWATCH_LOAD_DB (.bench/load.db).
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { requireCorpus, ROOT } from './corpus.js';
import { seededRandom } from './seeded-random.js';
import { buildLoadArchive, loadMix, writeFreshDump, type LoadPath } from './load-mix.js';

const SECONDS = Number(process.env.WIREWATCH_LOAD_SECONDS ?? 30);
const WARMUP = Number(process.env.WIREWATCH_LOAD_WARMUP ?? 10);
const CONNECTIONS = Number(process.env.WIREWATCH_LOAD_CONNECTIONS ?? 100);
const DB = process.env.WIREWATCH_LOAD_DB ?? join(ROOT, '.bench', 'load.db');
const CLI = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];
const FRESH_DUMP = join(ROOT, '.bench', 'load-fresh.jsonl.gz');

interface Fresh { ms: number[]; failed: number }

async function main(): Promise<void> {
  requireCorpus();
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  if (!existsSync(DB)) await buildLoadArchive(DB, CLI);
  if (!existsSync(FRESH_DUMP)) await writeFreshDump(FRESH_DUMP);
  const mix = loadMix(new Database(DB, { readonly: true }), seededRandom(20261205), 20_000);
  process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  process.stdout.write(`archive: ${DB}; mix of ${mix.length} paths; ${CONNECTIONS} connections × ${SECONDS} s after ${WARMUP} s of warm-up\n\n`);

  const alone = await runPhase(DB, mix, false);
  report('alone', alone);
  // The write phase runs on a copy, so the read phase always sees the same archive.
  const copy = DB.replace(/\.db$/, '-write.db');
  for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
  copyFileSync(DB, copy);
  const writing = await runPhase(copy, mix, true);
  report('while an import writes', writing);
  for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
}

interface PhaseResult {
  result: autocannon.Result;
  /** CPU seconds during the measured run: the server's processes, and this process (the load generator). */
  cpu: { server: number; client: number; wall: number };
  fresh: Fresh;
  serverErrors: string[];
  imported?: string;
}

async function runPhase(db: string, mix: LoadPath[], withImport: boolean): Promise<PhaseResult> {
  const server = await startServer(db);
  let next = 0;
  const pick = (req: autocannon.Request) => ({ ...req, path: mix[next++ % mix.length].path, headers: { 'accept-encoding': 'gzip, br' } });
  if (WARMUP > 0) await autocannon({ url: `http://127.0.0.1:${server.port}`, connections: CONNECTIONS, duration: WARMUP, timeout: 10, requests: [{ setupRequest: pick }] });
  const serverErrors: string[] = [];
  server.proc.stderr!.on('data', (d: Buffer) => serverErrors.push(...d.toString().split('\n').filter((l) => /SQLITE_BUSY|Error/.test(l))));
  let importer: ChildProcess | undefined;
  let imported = '';
  if (withImport) {
    // A real import into the archive being read, of records that are all new articles (writeFreshDump).
    importer = spawn('node', [...CLI, 'import', FRESH_DUMP, '--preset', 'kcna-co-jp', '--db', db, '--no-progress', '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    importer.stdout!.on('data', (d: Buffer) => (imported += d.toString()));
  }
  const fresh: Fresh = { ms: [], failed: 0 };
  let probing = true;
  const probes = (async () => {
    while (probing) {
      await sleep(1000);
      if (!probing) break;
      const ms = await firstByte(server.port, '/api/stats');
      if (ms === null) fresh.failed++;
      else fresh.ms.push(ms);
    }
  })();
  const serverCpu0 = treeCpuSeconds(server.proc.pid!);
  const clientCpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 10,
    requests: [{ setupRequest: pick }],
  });
  const cpuUsed = process.cpuUsage(clientCpu0);
  const cpu = { server: treeCpuSeconds(server.proc.pid!) - serverCpu0, client: (cpuUsed.user + cpuUsed.system) / 1e6, wall: (performance.now() - wall0) / 1000 };
  probing = false;
  await probes;
  if (importer) {
    if (importer.exitCode === null) importer.kill('SIGINT');
    await new Promise((r) => importer!.once('exit', r));
  }
  server.proc.kill('SIGTERM');
  await new Promise((r) => server.proc.once('exit', r));
  if (withImport) {
    const written = new Database(db, { readonly: true }).prepare("SELECT count(*) FROM articles WHERE url LIKE 'http://mirror.kcna.test/%'").pluck().get();
    imported = `${written} new articles stored during the run${imported.trim() ? ' (import finished)' : ' (import still running, stopped)'}`;
  }
  return { result, fresh, cpu, serverErrors, imported: imported || undefined };
}

function report(name: string, r: PhaseResult): void {
  const { result, fresh } = r;
  const non2xx = result.non2xx;
  const f = [...fresh.ms].sort((a, b) => a - b);
  const q = (p: number) => (f.length ? f[Math.min(f.length - 1, Math.floor(p * f.length))].toFixed(0) : '–');
  process.stdout.write(`${name}:\n`);
  process.stdout.write(`  load:  ${result.requests.average.toFixed(0)} req/s, ${result.requests.total} requests, errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${non2xx}\n`);
  process.stdout.write(`         latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms\n`);
  process.stdout.write(`  fresh connections (GET /api/stats, first byte): ${f.length} probes, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${f.length ? f[f.length - 1].toFixed(0) : '–'} ms, failed ${fresh.failed}\n`);
  process.stdout.write(`  CPU: server ${(r.cpu.server / r.cpu.wall).toFixed(2)} cores (${((r.cpu.server * 1000) / result.requests.total).toFixed(2)} ms a request), load generator ${(r.cpu.client / r.cpu.wall).toFixed(2)} cores\n`);
  if (r.imported) process.stdout.write(`  import: ${r.imported}\n`);
  process.stdout.write(`  server errors logged: ${r.serverErrors.length}${r.serverErrors.some((e) => /SQLITE_BUSY/.test(e)) ? ' (SQLITE_BUSY among them)' : ''}\n\n`);
  for (const e of r.serverErrors.slice(0, 5)) process.stdout.write(`    ${e}\n`);
}

async function startServer(db: string): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn('node', [...CLI, 'serve', '--db', db, '--port', '0'], {
    env: { ...process.env, WIREWATCH_API_RATE_LIMIT: '0', WIREWATCH_LOGIN_RATE_LIMIT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on http:\/\/[^\s]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)));
  });
  // Warm the page cache and the prepared statements the way a running server would be.
  for (let i = 0; i < 3; i++) await firstByte(port, '/api/stats');
  return { proc, port };
}

/** Milliseconds from opening a new connection to the first byte of the response, or null on failure. */
function firstByte(port: number, path: string): Promise<number | null> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 30_000 }, (res) => {
      const ms = performance.now() - started;
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? ms : null));
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => { req.destroy(); resolve(null); });
    req.end();
  });
}

/** User and system CPU seconds of a process and its children (the web workers), from /proc. */
function treeCpuSeconds(root: number): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      if (Number(pid) === root || ppid === root) total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await main();
