/**
 * Crawling with N `wirewatch worker` processes on one PostgreSQL queue (npm run bench:crawl -- --workers 1,2,4).
 * A loopback site of 8 hosts (127.0.0.1–8, its own process) answers each request after a delay, as a
 * slow outlet does; every host has a least interval. Each round: a fresh archive, N workers started, one
 * crawl enqueued (as `crawl --enqueue` does), timed until every article is stored and the queue is
 * empty; the site's request log then shows whether any host saw two requests closer than its interval.
 * CPU per page: the worker processes' and the database backends' CPU time (/proc) over the round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { upsertSourceDef } from '../src/crawl/sync.js';
import { closestGap, newsHostSource } from '../src/queue/testing/news-hosts.js';
import { enqueueCrawlOn } from '../src/queue/queue-status.js';
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
  /** Writes each worker's V8 CPU profile (--cpu-prof) into this folder. */
  cpuProfDir?: string;
  /** Workers in the benchmark's own session (one CPU share between them under autogroup scheduling). */
  sharedSession?: boolean;
}

type Hit = { at: number; path: string };
type Site = { child: ChildProcess; hosts: string[]; hits: () => Promise<Record<string, Hit[]>> };

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
    new Promise<Record<string, Hit[]>>((resolve) => {
      child.once('message', (m) => resolve(m as Record<string, Hit[]>));
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

/** CPU time a process has used so far (user + system), in ms, from /proc; 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** The benchmark's own connections, left out of the server's CPU. */
const BENCH_APP = 'wirewatch-bench';

/** What a database backend works for, told by the statements it is seen running. */
type BackendRole = 'store' | 'queue' | 'other';

function roleOf(query: string): BackendRole | null {
  // graphile-worker's own statements, and the host gate, heartbeats and each job's check of its URL.
  if (/_private_job|add_jobs?\(|get_job|queue_hosts|queue_workers|crawl_urls WHERE id =/i.test(query)) return 'queue';
  // What the store writes: the ingest transaction (articles, search, stories, entities) and the fetch log and raw bodies.
  if (/articles|story_|search_|entit|captures|fetch_log|blobs|crawl_urls/i.test(query)) return 'store';
  return null;
}

/**
 * The PostgreSQL server's CPU spent for one database: every backend connected to it, sampled often (a
 * backend's time is read while it lives; the pool may close idle ones), less what each had used when
 * first seen before the round began. Each backend is put down to the store (ingest, fetch log, raw
 * bodies) or the queue (graphile-worker, host gate, heartbeats) by the statements it runs.
 */
class BackendCpu {
  private readonly seen = new Map<number, { first: number; last: number; role: BackendRole }>();
  private timer: NodeJS.Timeout | null = null;
  private constructor(private readonly client: pg.Client) {}

  static async start(url: string): Promise<BackendCpu> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const b = new BackendCpu(client);
    await b.sample(true);
    b.timer = setInterval(() => void b.sample(false).catch(() => {}), 250);
    return b;
  }

  private async sample(baseline: boolean): Promise<void> {
    const { rows } = await this.client.query<{ pid: number; query: string }>(
      `SELECT pid, query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> '${BENCH_APP}'`,
    );
    for (const { pid, query } of rows) {
      const ms = cpuMs(pid);
      const s = this.seen.get(pid);
      if (s) s.last = Math.max(s.last, ms);
      else this.seen.set(pid, { first: baseline ? ms : 0, last: ms, role: 'other' });
      const entry = this.seen.get(pid)!;
      if (entry.role === 'other') entry.role = roleOf(query) ?? 'other';
    }
  }

  /** The backends' CPU since start, in ms, in all and by role. */
  async stop(): Promise<Record<BackendRole | 'all', number>> {
    if (this.timer) clearInterval(this.timer);
    await this.sample(false);
    await this.client.end();
    const ms = { all: 0, store: 0, queue: 0, other: 0 };
    for (const s of this.seen.values()) {
      ms.all += s.last - s.first;
      ms[s.role] += s.last - s.first;
    }
    return ms;
  }
}

let failed: Error | null = null;

/** Workers still running, killed if the benchmark ends early (each is in a session of its own). */
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((w) => w.kill('SIGKILL')));

function startWorker(url: string, concurrency: number, cpuProfDir?: string, ownSession = true): Promise<ChildProcess> {
  const prof = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [];
  // Each worker in a session of its own, as separately started services are: Linux's autogroup scheduling
  // otherwise gives the benchmark's session (every worker and the site together) one share of the CPU.
  const child = spawn(NODE_TSX[0], [...prof, ...NODE_TSX.slice(1), CLI, 'worker', '--db', url, '--concurrency', String(concurrency), '--no-schedule'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownSession,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
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

interface RoundResult {
  seconds: number;
  requests: number;
  articles: number;
  closest: number;
  violations: number;
  /** CPU used during the round, ms: the worker processes, the database's backends. */
  workerCpuMs: number;
  dbCpuMs: Record<BackendRole | 'all', number>;
  timeline: Timeline;
}

/** Where a round's time goes, from the site's request log: what the hosts allow against what they saw. */
interface Timeline {
  /** From the enqueueing to the first request any host saw, ms. */
  firstRequestMs: number;
  /** Per host, its listing's request to its first article's, ms (median, slowest). */
  listingToArticleMs: [number, number];
  /** Later requests to a host, one to the next, ms (median). */
  medianGapMs: number;
  /** From the last request any host saw to the round's end (the last article stored, the queue empty), ms. */
  tailMs: number;
  /** When the first and the last host saw their last request, ms after the enqueueing. */
  hostsDoneMs: [number, number];
  robots: number;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1] : NaN);

function timelineOf(perHost: Hit[][], startWall: number, endWall: number): Timeline {
  const handoffs: number[] = [];
  const gaps: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  let robots = 0;
  const lasts: number[] = [];
  for (const hits of perHost) {
    const sorted = [...hits].sort((a, b) => a.at - b.at);
    if (!sorted.length) continue;
    first = Math.min(first, sorted[0].at);
    last = Math.max(last, sorted.at(-1)!.at);
    lasts.push(sorted.at(-1)!.at - startWall);
    robots += sorted.filter((h) => h.path === '/robots.txt').length;
    const list = sorted.findIndex((h) => h.path === '/list');
    const article = sorted.findIndex((h, i) => i > list && h.path.startsWith('/a/'));
    if (list >= 0 && article > 0) {
      handoffs.push(sorted[article].at - sorted[list].at);
      for (let i = article + 1; i < sorted.length; i++) gaps.push(sorted[i].at - sorted[i - 1].at);
    }
  }
  return {
    firstRequestMs: first - startWall,
    listingToArticleMs: [median(handoffs), Math.max(...handoffs)],
    medianGapMs: median(gaps),
    tailMs: endWall - last,
    hostsDoneMs: [Math.min(...lasts), Math.max(...lasts)],
    robots,
  };
}

async function round(o: WorkerBenchOptions, site: Site, n: number): Promise<RoundResult> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await admin(o.db, `CREATE SCHEMA ${schema}`);
  const u = new URL(o.db);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const url = u.toString();
  const workers: ChildProcess[] = [];
  try {
    const store = await openStore(url);
    for (let i = 0; i < site.hosts.length; i++) await upsertSourceDef(store, newsHostSource(`bench-${i}`, site.hosts[i], o.intervalMs));
    for (let i = 0; i < n; i++) workers.push(await startWorker(url, o.concurrency, o.cpuProfDir, !o.sharedSession));
    const before = await site.hits();
    const total = site.hosts.length * o.articlesPerHost;
    const backends = await BackendCpu.start(url);
    const workerCpu0 = workers.reduce((t, w) => t + cpuMs(w.pid!), 0);
    const t0 = performance.now();
    const startWall = Date.now();
    // What `crawl --enqueue` and POST /api/admin/queue/crawl do, without a CLI process starting inside the timing.
    await enqueueCrawlOn(store);
    await store.close();
    // One connection watches the round (a new one every look would itself cost the server CPU).
    const watch = new pg.Client({ connectionString: url, application_name: BENCH_APP });
    await watch.connect();
    try {
      for (;;) {
        const { rows } = await watch.query(`SELECT (SELECT count(*) FROM crawl_urls WHERE state = 'done')::int AS done, (SELECT count(*) FROM ${schema}_queue.jobs)::int AS jobs`);
        if (rows[0].done === total && rows[0].jobs === 0) break;
        if (failed) throw failed;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await watch.end();
    }
    const seconds = (performance.now() - t0) / 1000;
    const endWall = Date.now();
    const workerCpuMs = workers.reduce((t, w) => t + cpuMs(w.pid!), 0) - workerCpu0;
    const dbCpuMs = await backends.stop();
    const after = await site.hits();
    let requests = 0;
    let closest = Infinity;
    let violations = 0;
    const roundHits = site.hosts.map((host) => (after[host] ?? []).slice((before[host] ?? []).length));
    for (const hits of roundHits) {
      const times = hits.map((h) => h.at);
      requests += times.length;
      const gap = closestGap(times);
      closest = Math.min(closest, gap);
      const sorted = [...times].sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] < o.intervalMs) violations++;
    }
    const { rows } = await admin(url, 'SELECT count(*)::int AS n FROM articles');
    return { seconds, requests, articles: rows[0].n as number, closest, violations, workerCpuMs, dbCpuMs, timeline: timelineOf(roundHits, startWall, endWall) };
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
      `site: ${o.hosts} hosts × ${o.articlesPerHost} articles, each answer after ${o.delayMs} ms; least interval ${o.intervalMs} ms per host; workers run ${o.concurrency} jobs each, ${o.sharedSession ? 'all in this session' : 'each in a session of its own'}`,
    );
    const rates: number[] = [];
    const articleRates: number[] = [];
    for (const n of o.workers) {
      const r = await round(o, site, n);
      const rate = r.requests / r.seconds;
      const perPage = (ms: number) => (ms / r.requests).toFixed(1);
      rates.push(rate);
      articleRates.push(r.articles / r.seconds);
      console.log(
        `  ${n} worker${n > 1 ? 's' : ' '}: ${r.articles} articles, ${r.requests} requests in ${r.seconds.toFixed(1)} s: ${rate.toFixed(1)} pages/s (${(r.articles / r.seconds).toFixed(1)} articles/s); closest two requests to a host ${r.closest.toFixed(0)} ms apart: ${r.violations ? `${r.violations} VIOLATIONS` : 'no violation'}`,
      );
      console.log(
        `    CPU per page: workers ${perPage(r.workerCpuMs)} ms, PostgreSQL ${perPage(r.dbCpuMs.all)} ms (store ${perPage(r.dbCpuMs.store)}, queue ${perPage(r.dbCpuMs.queue)}, other ${perPage(r.dbCpuMs.other)}); ${((r.workerCpuMs + r.dbCpuMs.all) / 1000 / r.seconds).toFixed(2)} cores busy; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      );
      const t = r.timeline;
      console.log(
        `    time: first request ${t.firstRequestMs} ms after the enqueueing; a host's listing to its first article ${t.listingToArticleMs[0]} ms (median; slowest ${t.listingToArticleMs[1]}); later requests to a host ${t.medianGapMs} ms apart (median; least allowed ${o.delayMs + o.intervalMs}); hosts' last requests ${(t.hostsDoneMs[0] / 1000).toFixed(2)}–${(t.hostsDoneMs[1] / 1000).toFixed(2)} s in, the last ${t.tailMs} ms before the end; ${t.robots} robots.txt requests`,
      );
      if (r.violations) throw new Error('a host saw two requests closer than its interval');
    }
    // Each worker process reads a host's robots.txt once for itself: more workers, a few more requests.
    if (rates.length > 1)
      console.log(
        `  speed-up from ${o.workers[0]} to ${o.workers.at(-1)} workers: ${(rates.at(-1)! / rates[0]).toFixed(2)}× in pages/s, ${(articleRates.at(-1)! / articleRates[0]).toFixed(2)}× in articles/s`,
      );
  } finally {
    site.child.kill();
  }
}
