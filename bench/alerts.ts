// npm run bench:alerts — matching a stored batch against saved searches, and how soon an alert reaches
// its webhook. Part 1: 10,000 saved searches of realistic shapes (bench/alerts-queries.ts) against a
// 1,000-article batch stored in the full-corpus archive, side by side with the naive approach (each saved
// query run over the archive, its matches intersected with the batch) and with evaluating every query on
// every article. Part 2: 1,000 saved searches with webhooks to a loopback receiver; batches of new
// articles stored while the delivery loop runs in the same process (as `wirewatch start` runs it), each
// webhook's arrival timed from its batch's commit.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { alertsOf } from '../src/alerts/attach.js';
import { AlertDelivery } from '../src/alerts/deliver.js';
import { IndexedMatcher } from '../src/alerts/indexed-matcher.js';
import { ReferenceMatcher, type MatchDoc } from '../src/alerts/match.js';
import { importFile } from '../src/import/importer.js';
import { searchOf } from '../src/search/attach.js';
import type { SqliteSearch } from '../src/search/sqlite/sqlite-search.js';
import { planQuery } from '../src/search/query/plan.js';
import { tokenize } from '../src/search/text/tokens.js';
import { openSqliteStore } from '../src/store/open-store.js';
import { savedQueries } from './alerts-queries.js';
import { requireCorpus, ROOT } from './corpus.js';
import { buildLoadArchive, writeFreshDump } from './load-mix.js';
import { seededRandom } from './seeded-random.js';

const SEARCHES = Number(process.env.WIREWATCH_ALERT_SEARCHES ?? 10_000);
const BATCH = 1_000;
const NAIVE_SAMPLE = Number(process.env.WIREWATCH_ALERT_NAIVE_SAMPLE ?? 1_000);
const REFERENCE_SAMPLE = 200;
const LATENCY_SEARCHES = 1_000;
const LATENCY_BATCHES = 20;
const LATENCY_BATCH = 25;
const CLI = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts')];
const BENCH = join(ROOT, '.bench');
const LOAD_DB = join(BENCH, 'load.db');
const FRESH = join(BENCH, 'load-fresh.jsonl.gz');

async function freshRecords(n: number): Promise<string[]> {
  const out: string[] = [];
  const lines = createInterface({ input: createReadStream(FRESH).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) out.push(line);
    if (out.length >= n) break;
  }
  lines.close();
  return out;
}

function freshArchive(name: string): string {
  const db = join(BENCH, name);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  copyFileSync(LOAD_DB, db);
  return db;
}

const ms = (t: number) => `${t.toFixed(0)} ms`;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function matchingSpeed(records: string[]): Promise<void> {
  const db = freshArchive('alerts-match.db');
  const store = await openSqliteStore(db);
  const file = join(BENCH, 'alerts-batch.jsonl');
  writeFileSync(file, `${records.slice(0, BATCH).join('\n')}\n`);
  const before = Number(store.raw.prepare('SELECT max(id) FROM articles').pluck().get());
  await importFile(store, file, { spec: { preset: 'kcna-co-jp' }, worker: false });
  const rows = store.raw
    .prepare('SELECT a.id, a.title, a.body, a.lang, a.published, s.slug FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id > ? ORDER BY a.id')
    .all(before) as Array<{ id: number; title: string; body: string; lang: string; published: string; slug: string }>;
  const titles = (store.raw.prepare('SELECT title FROM articles WHERE id % 27 = 0 ORDER BY id LIMIT 5000').pluck().all() as string[]);
  const queries = savedQueries(SEARCHES, seededRandom(20261205), titles);
  const searches = queries.map((query, i) => ({ id: i + 1, query }));
  process.stdout.write(`part 1: ${searches.length} saved searches against a batch of ${rows.length} new articles in a ${before}-article archive\n`);

  // As the alert recorder does inside the writing transaction: tokenize the batch, then match.
  let t = performance.now();
  const docs: MatchDoc[] = rows.map((r) => ({ id: r.id, title: tokenize(r.title), body: tokenize(r.body), lang: r.lang, published: r.published, source: r.slug }));
  const tokenizing = performance.now() - t;
  const indexed = new IndexedMatcher();
  t = performance.now();
  const got = indexed.match(searches, docs);
  const first = performance.now() - t;
  t = performance.now();
  indexed.match(searches, docs);
  const again = performance.now() - t;
  // One saved search more: the others' plans are kept.
  t = performance.now();
  indexed.match([...searches, { id: searches.length + 1, query: '"Kim Jong Un" AND tractor' }], docs);
  const changed = performance.now() - t;
  const matches = got.reduce((n, ids) => n + ids.length, 0);
  process.stdout.write(`  indexed matcher: tokenizing the batch ${ms(tokenizing)}; matching ${ms(again)} (${ms(first)} in a process's first batch, planning every query; ${ms(changed)} after one saved search was added); ${indexed.lastEvaluated} searches evaluated of ${searches.length * docs.length} pairs; ${matches} alerts\n`);

  // Naive: each saved query over the whole archive, its matches intersected with the batch.
  const search = searchOf(store) as SqliteSearch;
  const inBatch = new Set(rows.map((r) => r.id));
  const sample = searches.slice(0, NAIVE_SAMPLE);
  t = performance.now();
  let naiveMatches = 0;
  for (const s of sample) {
    let ids: Int32Array;
    try {
      ids = (await search.evaluate(planQuery(s.query))).ids;
    } catch {
      continue;
    }
    for (const id of ids) if (inBatch.has(id)) naiveMatches++;
  }
  const naive = ((performance.now() - t) * searches.length) / sample.length;
  const sampleIndexed = got.reduce((n, ids) => n + ids.filter((id) => id <= sample.length).length, 0);
  process.stdout.write(`  naive (each query over the archive): ${ms(naive)} for ${searches.length} (${sample.length} measured, scaled); ${naiveMatches} alerts for those ${sample.length} against ${sampleIndexed} from the indexed matcher\n`);

  const refSample = searches.slice(0, REFERENCE_SAMPLE);
  t = performance.now();
  new ReferenceMatcher().match(refSample, docs);
  const reference = ((performance.now() - t) * searches.length) / refSample.length;
  process.stdout.write(`  every query on every article: ${ms(reference)} for ${searches.length} (${refSample.length} measured, scaled)\n`);
  const batch = tokenizing + again;
  process.stdout.write(`  per batch ${ms(batch)}: ${(naive / batch).toFixed(1)}× faster than naive, ${(reference / batch).toFixed(1)}× than every query on every article (first batch of a process ${ms(tokenizing + first)}: ${(naive / (tokenizing + first)).toFixed(1)}×)\n\n`);
  await store.close();
  for (const f of [db, `${db}-wal`, `${db}-shm`, file]) rmSync(f, { force: true });
}

async function webhookLatency(records: string[]): Promise<void> {
  process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE = '1';
  const arrivals: Array<{ article: number; at: number }> = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const at = performance.now();
      try {
        arrivals.push({ article: (JSON.parse(body) as { article: { id: number } }).article.id, at });
      } catch {
        // not an alert
      }
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as AddressInfo).port;
  const db = freshArchive('alerts-latency.db');
  const store = await openSqliteStore(db);
  const titles = (store.raw.prepare('SELECT title FROM articles WHERE id % 27 = 0 ORDER BY id LIMIT 5000').pluck().all() as string[]);
  const queries = savedQueries(LATENCY_SEARCHES, seededRandom(7), titles);
  for (const [i, query] of queries.entries()) await alertsOf(store).searches.create({ name: `search ${i + 1}`, query, webhook: `http://127.0.0.1:${port}/hook` }, null);
  const delivery = new AlertDelivery(store, { smtpUrl: null, log: () => {} });
  const running = delivery.runForever();
  const commits = new Map<number, number>();
  const batchOf = new Map<number, number>();
  const pool = records.slice(BATCH);
  for (let b = 0; b < LATENCY_BATCHES; b++) {
    const file = join(BENCH, `alerts-latency-${b}.jsonl`);
    writeFileSync(file, `${pool.slice(b * LATENCY_BATCH, (b + 1) * LATENCY_BATCH).join('\n')}\n`);
    const before = Number(store.raw.prepare('SELECT max(id) FROM articles').pluck().get());
    await importFile(store, file, { spec: { preset: 'kcna-co-jp' }, worker: false });
    commits.set(b, performance.now());
    for (const id of store.raw.prepare('SELECT id FROM articles WHERE id > ?').pluck().all(before) as number[]) batchOf.set(id, b);
    rmSync(file, { force: true });
    await new Promise((r) => setTimeout(r, 500));
  }
  const expected = Number(store.raw.prepare("SELECT count(*) FROM alert_deliveries WHERE channel = 'webhook'").pluck().get());
  for (let i = 0; i < 200 && arrivals.length < expected; i++) await new Promise((r) => setTimeout(r, 100));
  delivery.stop();
  await running;
  const latencies = arrivals.filter((a) => batchOf.has(a.article)).map((a) => a.at - commits.get(batchOf.get(a.article)!)!);
  process.stdout.write(`part 2: ${LATENCY_SEARCHES} saved searches with webhooks; ${LATENCY_BATCHES} batches of ${LATENCY_BATCH} new articles, 0.5 s apart\n`);
  process.stdout.write(`  ${arrivals.length} of ${expected} webhooks arrived; commit to webhook p50 ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))}, max ${ms(Math.max(...latencies))}\n`);
  receiver.close();
  await store.close();
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
}

async function main(): Promise<void> {
  requireCorpus();
  mkdirSync(BENCH, { recursive: true });
  if (!existsSync(LOAD_DB)) await buildLoadArchive(LOAD_DB, CLI);
  if (!existsSync(FRESH)) await writeFreshDump(FRESH);
  process.stdout.write(`machine: ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n\n`);
  const records = await freshRecords(BATCH + LATENCY_BATCHES * LATENCY_BATCH);
  await matchingSpeed(records);
  await webhookLatency(records);
}

await main();
