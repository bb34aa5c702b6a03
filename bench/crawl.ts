/**
 * Crawl benchmark on loopback: a fixture site of 5,000 articles served by a separate process.
 *   1. politeness off: pages/s through fetch → extract → store;
 *   2. politeness on: two hosts with their own intervals; no host may see two requests closer than its interval.
 * Usage: npm run bench:crawl [-- --articles 5000 --concurrency 16]
 * With --workers 1,2,4: `wirewatch worker` processes on one PostgreSQL queue instead (bench/crawl-workers.ts;
 * --db postgres://… or $WIREWATCH_TEST_PG; --articles per host, default 30; --interval-ms, --delay-ms, --concurrency;
 * --cpu-prof DIR for the workers' V8 profiles; --shared-session keeps every worker in this process's session).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Crawler } from '../src/crawl/crawler.js';
import { upsertSourceDef } from '../src/crawl/sync.js';
import { Fetcher } from '../src/fetch/fetcher.js';
import { parseSource } from '../src/sources/load.js';
import { SqliteStore } from '../src/store/sqlite-store.js';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const ARTICLES = arg('articles', 5000);
// Fetches in flight in the one crawler (--workers used to say this; it now names worker processes).
const WORKERS = arg('concurrency', 16);
const workerList = (() => {
  const i = process.argv.indexOf('--workers');
  return i > 0 ? process.argv[i + 1].split(',').map(Number) : null;
})();
const PER_PAGE = 50;

// The site runs in its own process so the crawler's numbers are its own.
const SERVER = `
import { createServer } from 'node:http';
const n = Number(process.env.ARTICLES), perPage = ${PER_PAGE};
const hits = {};
const words = 'the delegation of the ministry visited a factory and a farm in the province on its tour of the region'.split(' ');
// Every article a text of its own (the archive keeps one article per distinct text): the first paragraph names its number.
function para(id, k) { let s = k === 0 ? ['report', String(id), 'says'] : []; for (let i = 0; i < 60; i++) s.push(words[(id * 7 + k * 13 + i) % words.length]); const t = s.join(' '); return t[0].toUpperCase() + t.slice(1) + '.'; }
function handler(req, res) {
  const host = req.headers.host, t = performance.timeOrigin + performance.now();
  if (req.url === '/__hits') { res.writeHead(200, {'content-type':'application/json'}); return res.end(JSON.stringify(hits)); }
  if (req.url === '/__cpu') { const c = process.cpuUsage(); res.writeHead(200, {'content-type':'application/json'}); return res.end(JSON.stringify((c.user + c.system) / 1000)); }
  (hits[host] ??= []).push(t);
  if (req.url === '/robots.txt') { res.writeHead(200, {'content-type':'text/plain'}); return res.end('User-agent: *\\nDisallow: /private/\\n'); }
  let m = /^\\/list(?:\\?page=(\\d+))?$/.exec(req.url);
  if (m) {
    const page = Number(m[1] ?? 1), from = (page - 1) * perPage + 1, to = Math.min(n, page * perPage);
    let li = ''; for (let i = from; i <= to; i++) li += '<li><a href="/a/' + i + '">Article number ' + i + '</a> <span class="date">2024.05.' + String(1 + (i % 28)).padStart(2, '0') + '</span></li>';
    res.writeHead(200, {'content-type':'text/html; charset=utf-8'}); return res.end('<html><body><ul class="news">' + li + '</ul></body></html>');
  }
  m = /^\\/a\\/(\\d+)$/.exec(req.url);
  if (m) {
    const id = Number(m[1]);
    let body = ''; for (let k = 0; k < 6; k++) body += '<p>' + para(id, k) + '</p>';
    res.writeHead(200, {'content-type':'text/html; charset=utf-8', 'etag': '"' + id + '"'});
    return res.end('<!doctype html><html><head><meta charset="utf-8"><title>Article ' + id + '</title></head><body><nav><a href="/">Home</a></nav><div class="article"><h1 class="title">Article number ' + id + ' on the tour of the region</h1><span class="published">2024.05.' + String(1 + (id % 28)).padStart(2, '0') + '</span><div class="body">' + body + '</div></div><footer>Site</footer></body></html>');
  }
  res.writeHead(404); res.end();
}
const ports = [];
for (const host of ['127.0.0.1', '127.0.0.2']) {
  const s = createServer({ keepAliveTimeout: 5000 }, handler);
  await new Promise((r) => s.listen(0, host, r));
  ports.push(host + ':' + s.address().port);
}
process.stdout.write(JSON.stringify(ports) + '\\n');
`;

async function startSite(): Promise<{ hosts: string[]; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER], { env: { ...process.env, ARTICLES: String(ARTICLES) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const hosts = await new Promise<string[]>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as string[]));
    child.once('exit', (code) => reject(new Error(`site exited with ${code}`)));
  });
  return { hosts, child };
}

function sourceDef(slug: string, host: string, pages: number, minIntervalMs: number, concurrency: number) {
  return parseSource(
    {
      slug,
      name: slug,
      homepage: `http://${host}/`,
      languages: ['en'],
      adapter: {
        kind: 'html',
        listings: [{ url: `http://${host}/list`, pagination: { kind: 'param', name: 'page', first: 1, maxPages: pages } }],
        items: 'ul.news li a',
        itemDate: '.date',
        article: { title: 'h1.title', paragraphs: 'div.body p', date: '.published' },
      },
      schedule: { maxNewPerPass: 100_000 },
      politeness: { allowPrivate: true, minIntervalMs, concurrency },
    },
    slug,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wirewatch-bench-crawl-'));
  const { hosts, child } = await startSite();
  try {
    // 1. Politeness off.
    const store = await SqliteStore.open(join(dir, 'bench.db'));
    const pages = Math.ceil(ARTICLES / PER_PAGE);
    await upsertSourceDef(store, sourceDef('bench', hosts[0], pages, 0, WORKERS));
    const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, concurrency: WORKERS }), workersPerSource: WORKERS });
    const serverCpu = async () => (await (await fetch(`http://${hosts[0]}/__cpu`)).json()) as number;
    const server0 = await serverCpu();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const pass = await crawler.runPass({ source: 'bench' });
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const serverMs = (await serverCpu()) - server0;
    const s = pass.sources[0];
    const stored = (store.raw.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    const captures = (store.raw.prepare('SELECT count(*) AS n FROM captures').get() as { n: number }).n;
    const blobs = (store.raw.prepare('SELECT count(*) AS n, sum(size) AS raw, sum(length(data)) AS packed FROM blobs').get() as { n: number; raw: number; packed: number });
    const fetched = pass.fetches;
    await crawler.close();
    await store.close();
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`politeness off: ${ARTICLES} articles + ${pages} listing pages, ${WORKERS} workers`);
    console.log(`  stored ${stored} articles (${s.stored} this pass, ${s.errors} errors), ${captures} captures, ${blobs.n} raw bodies (${(blobs.raw / 1e6).toFixed(1)} MB → ${(blobs.packed / 1e6).toFixed(1)} MB brotli)`);
    console.log(`  ${fetched} requests in ${secs.toFixed(2)} s: ${(fetched / secs).toFixed(0)} pages/s through fetch → extract → store (${(stored / secs).toFixed(0)} articles/s)`);
    const crawlerMsPerPage = (cpu.user + cpu.system) / 1e3 / fetched;
    const serverMsPerPage = serverMs / fetched;
    console.log(`  CPU per page: crawler ${crawlerMsPerPage.toFixed(2)} ms, site ${serverMsPerPage.toFixed(2)} ms`);
    // What the wall clock would show with both cores to ourselves: the crawler is one thread, the site another.
    const ceiling = Math.min(1000 / crawlerMsPerPage, 2000 / (crawlerMsPerPage + serverMsPerPage));
    console.log(`  CPU-bound rate on ${cpus().length} otherwise idle cores: ${ceiling.toFixed(0)} pages/s (wall clock above is lower when other work shares the cores)`);
    if (stored !== ARTICLES) throw new Error(`expected ${ARTICLES} articles, stored ${stored}`);

    // 2. Politeness on: two hosts, two intervals, several workers each pushing.
    const polite = await SqliteStore.open(join(dir, 'polite.db'));
    const plan = [
      { slug: 'polite-a', host: hosts[0], interval: 150 },
      { slug: 'polite-b', host: hosts[1], interval: 250 },
    ];
    for (const p of plan) await upsertSourceDef(polite, sourceDef(p.slug, p.host, 1, p.interval, 1));
    const before = (await (await fetch(`http://${hosts[0]}/__hits`)).json()) as Record<string, number[]>;
    const politeCrawler = new Crawler(polite, { fetcher: new Fetcher({ minIntervalMs: 5000 }), workersPerSource: 8, maxRechecksPerPass: 0 });
    // Only the first listing page (50 articles) per host: a short run, every request through the gate.
    const t1 = performance.now();
    const r = await politeCrawler.runPass();
    const secs2 = (performance.now() - t1) / 1000;
    await politeCrawler.close();
    await polite.close();
    const after = (await (await fetch(`http://${hosts[0]}/__hits`)).json()) as Record<string, number[]>;
    console.log(`politeness on: ${r.fetches} requests to ${plan.length} hosts in ${secs2.toFixed(1)} s`);
    let ok = true;
    for (const p of plan) {
      const times = (after[p.host] ?? []).slice((before[p.host] ?? []).length).sort((a, b) => a - b);
      let min = Infinity;
      for (let i = 1; i < times.length; i++) min = Math.min(min, times[i] - times[i - 1]);
      const pass = min >= p.interval;
      ok &&= pass;
      console.log(`  ${p.host}: ${times.length} requests, interval ${p.interval} ms, closest two ${min.toFixed(1)} ms apart: ${pass ? 'ok' : 'VIOLATED'}`);
    }
    if (!ok) throw new Error('a host saw two requests closer than its interval');
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = workerList
  ? async () => {
      const db = (() => {
        const i = process.argv.indexOf('--db');
        return i > 0 ? process.argv[i + 1] : process.env.WIREWATCH_TEST_PG;
      })();
      if (!db) throw new Error('--workers needs a PostgreSQL database: --db postgres://… or WIREWATCH_TEST_PG');
      if (workerList.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--workers: a list of whole numbers, e.g. 1,2,4');
      const { benchWorkers } = await import('./crawl-workers.js');
      await benchWorkers({ workers: workerList, db, hosts: 8, articlesPerHost: arg('articles', 30), intervalMs: arg('interval-ms', 100), delayMs: arg('delay-ms', 200), concurrency: arg('concurrency', 2), cpuProfDir: (() => {
        const i = process.argv.indexOf('--cpu-prof');
        return i > 0 ? process.argv[i + 1] : undefined;
      })(), sharedSession: process.argv.includes('--shared-session') });
    }
  : main;

run().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
