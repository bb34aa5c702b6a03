/**
 * Crawling with N `wirewatch worker` processes on one PostgreSQL queue (npm run bench:crawl -- --workers 1,2,4).
 * A loopback site of 8 hosts (127.0.0.1–8, its own process) answers each request after a delay, as a
 * slow outlet does; every host has a least interval. Each round: a fresh archive, N workers started, one
 * crawl enqueued, timed until every article is stored and the queue is empty; the site's request log
 * then shows whether any host saw two requests closer than its interval.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { upsertSourceDef } from '../src/crawl/sync.js';
import { closestGap, newsHostSource } from '../src/queue/testing/news-hosts.js';
import { openStore } from '../src/store/open-store.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const CLI = join(ROOT, 'src', 'cli', 'main.ts');
const NODE_TSX = [process.execPath, '--import', 'tsx'];

export interface WorkerBenchOptions {
  workers: number[];
  db: string;
  hosts: number;
  articlesPerHost: number;
  intervalMs: number;
  delayMs: number;
  concurrency: number;
}

type Site = { child: ChildProcess; hosts: string[]; hits: () => Promise<Record<string, number[]>> };

async function startSite(o: WorkerBenchOptions): Promise<Site> {
  const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), join(ROOT, 'bench', 'crawl-site.ts')], {
    env: { ...process.env, HOSTS: String(o.hosts), ARTICLES: String(o.articlesPerHost), DELAY_MS: String(o.delayMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const hosts = await new Promise<string[]>((resolve, reject) => {
    child.once('message', (m) => resolve(m as string[]));
    child.once('exit', (code) => reject(new Error(`site exited with ${code}`)));
  });
  const hits = () =>
    new Promise<Record<string, number[]>>((resolve) => {
      child.once('message', (m) => resolve(m as Record<string, number[]>));
      child.send('hits');
    });
  return { child, hosts, hits };
}

async function admin(url: string, text: string): Promise<{ rows: Record<string, unknown>[] }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

let failed: Error | null = null;

function startWorker(url: string, concurrency: number): Promise<ChildProcess> {
  const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, 'worker', '--db', url, '--concurrency', String(concurrency), '--no-schedule'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    process.stderr.write(d);
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('worker on') && resolve(child));
    // A worker that ends before the round does would leave the crawl unfinished: say so and stop.
    child.once('exit', (code, signal) => (signal === 'SIGTERM' ? undefined : reject(new Error(`worker exited ${code ?? signal}: ${err}`))));
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGTERM' && code !== 0) failed = new Error(`worker ${child.pid} exited ${code ?? signal}`);
    });
  });
}

async function round(o: WorkerBenchOptions, site: Site, n: number): Promise<{ seconds: number; requests: number; articles: number; closest: number; violations: number }> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await admin(o.db, `CREATE SCHEMA ${schema}`);
  const u = new URL(o.db);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const url = u.toString();
  const workers: ChildProcess[] = [];
  try {
    const store = await openStore(url);
    for (let i = 0; i < site.hosts.length; i++) await upsertSourceDef(store, newsHostSource(`bench-${i}`, site.hosts[i], o.intervalMs));
    await store.close();
    for (let i = 0; i < n; i++) workers.push(await startWorker(url, o.concurrency));
    const before = await site.hits();
    const total = site.hosts.length * o.articlesPerHost;
    const t0 = performance.now();
    const enq = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, 'crawl', '--enqueue', '--db', url], { encoding: 'utf8' });
    if (enq.status !== 0) throw new Error(`crawl --enqueue: ${enq.stderr}`);
    for (;;) {
      const { rows } = await admin(url, `SELECT (SELECT count(*) FROM crawl_urls WHERE state = 'done')::int AS done, (SELECT count(*) FROM ${schema}_queue.jobs)::int AS jobs`);
      if (rows[0].done === total && rows[0].jobs === 0) break;
      if (failed) throw failed;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    const after = await site.hits();
    let requests = 0;
    let closest = Infinity;
    let violations = 0;
    for (const host of site.hosts) {
      const times = (after[host] ?? []).slice((before[host] ?? []).length);
      requests += times.length;
      const gap = closestGap(times);
      closest = Math.min(closest, gap);
      const sorted = [...times].sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] < o.intervalMs) violations++;
    }
    const { rows } = await admin(url, 'SELECT count(*)::int AS n FROM articles');
    return { seconds, requests, articles: rows[0].n as number, closest, violations };
  } finally {
    await Promise.all(
      workers.map((w) => {
        const exited = new Promise((r) => w.once('exit', r));
        w.kill('SIGTERM');
        return exited;
      }),
    );
    await admin(o.db, `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
  }
}

export async function benchWorkers(o: WorkerBenchOptions): Promise<void> {
  const site = await startSite(o);
  try {
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(
      `site: ${o.hosts} hosts × ${o.articlesPerHost} articles, each answer after ${o.delayMs} ms; least interval ${o.intervalMs} ms per host; workers run ${o.concurrency} jobs each`,
    );
    const rates: number[] = [];
    for (const n of o.workers) {
      const r = await round(o, site, n);
      const rate = r.requests / r.seconds;
      rates.push(rate);
      console.log(
        `  ${n} worker${n > 1 ? 's' : ' '}: ${r.articles} articles, ${r.requests} requests in ${r.seconds.toFixed(1)} s: ${rate.toFixed(1)} pages/s (${(r.articles / r.seconds).toFixed(1)} articles/s); closest two requests to a host ${r.closest.toFixed(0)} ms apart: ${r.violations ? `${r.violations} VIOLATIONS` : 'no violation'}`,
      );
      if (r.violations) throw new Error('a host saw two requests closer than its interval');
    }
    if (rates.length > 1) console.log(`  speed-up from ${o.workers[0]} to ${o.workers.at(-1)} workers: ${(rates.at(-1)! / rates[0]).toFixed(2)}×`);
  } finally {
    site.child.kill();
  }
}
