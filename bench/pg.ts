// npm run bench:pg [-- --sample N] [--10x] [--pg postgres://…] [--keep]
// The kcna.co.jp corpus imported into SQLite and into PostgreSQL (each with only the search index
// attached), then the same search and timeline mix (bench/search-mix.ts) on both, side by side: import
// times, and p50/p95 over the queries of the first (uncached) run and of the median of five runs.
// --10x: then the same over ten times the corpus (nine shifted copies, see bench/pg-tenfold.ts), both
// archives reopened so that every query runs cold again.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { importFile } from '../src/import/importer.js';
import { attachSearch } from '../src/search/attach.js';
import type { SearchEngine } from '../src/search/engine/search-engine.js';
import { PostgresStore } from '../src/store/postgres/pg-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { requireCorpus } from './corpus.js';
import { multiplyPostgres, multiplySqlite } from './pg-tenfold.js';
import { INTERVALS, QUERIES, TIMELINE_QUERIES } from './search-mix.js';

const RUNS = 5;
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const sample = flag('--sample') ? Number(flag('--sample')) : null;
const pgUrl = flag('--pg') ?? process.env.WIREWATCH_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const out = (s = '') => process.stdout.write(`${s}\n`);

const corpus = requireCorpus();
const dir = mkdtempSync(join(tmpdir(), 'ww-bench-pg-'));
out(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const file = sample ? await firstLines(corpus, sample, join(dir, 'sample.jsonl')) : corpus;
out(`corpus: ${sample ? `first ${sample} records of ` : ''}${corpus}`);

// A database of its own on the given server (advisory locks are per database: other archives' writers
// on the same server do not meet ours), dropped at the end (--keep keeps it).
const database = `bench_pg_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${database}`);
const url = new URL(pgUrl);
url.pathname = `/${database}`;

try {
  let sqlite = await SqliteStore.open(join(dir, 'archive.db'));
  let sqliteSearch = attachSearch(sqlite);
  let postgres = await PostgresStore.open(url.toString());
  let pgSearch = attachSearch(postgres);

  const importS = await timed(() => importFile(sqlite, file, { spec: { preset: 'kcna-co-jp' } }));
  out(`import into SQLite (articles + FTS5): ${importS.seconds.toFixed(1)} s, ${importS.value.imported} articles`);
  const importP = await timed(() => importFile(postgres, file, { spec: { preset: 'kcna-co-jp' } }));
  out(`import into PostgreSQL (articles + search postings): ${importP.seconds.toFixed(1)} s, ${importP.value.imported} articles (${(importP.seconds / importS.seconds).toFixed(2)}× SQLite; target ≤ 3×)`);
  // As after any bulk load: the visibility map set, statistics taken.
  await postgres.pool.query('VACUUM ANALYZE');
  await compare('1×', sqliteSearch, pgSearch);

  if (args.includes('--10x')) {
    out('');
    const t = await timed(async () => {
      multiplySqlite(sqlite, 10);
      await sqliteSearch.reindex();
    });
    out(`10× on SQLite: copies made and FTS5 rebuilt in ${t.seconds.toFixed(1)} s`);
    const tp = await timed(() => multiplyPostgres(postgres.pool, postgres.db, 10));
    out(`10× on PostgreSQL: copies, their search_index rows and postings made in ${tp.seconds.toFixed(1)} s`);
    await sqlite.close();
    await postgres.close();
    sqlite = await SqliteStore.open(join(dir, 'archive.db'));
    sqliteSearch = attachSearch(sqlite);
    postgres = await PostgresStore.open(url.toString());
    pgSearch = attachSearch(postgres);
    await compare('10×', sqliteSearch, pgSearch);
  }
  await sqlite.close();
  await postgres.close();
} finally {
  if (!args.includes('--keep')) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  else out(`kept database ${database}`);
  rmSync(dir, { recursive: true, force: true });
}

interface Latency {
  firstP50: number;
  firstP95: number;
  p50: number;
  p95: number;
  /** Each task's first (uncached) time. */
  first: number[];
}

/** The mix on both backends, side by side, with the queries slowest on PostgreSQL's first run. */
async function compare(label: string, sqliteSearch: SearchEngine, pgSearch: SearchEngine): Promise<void> {
  await sqliteSearch.warm();
  await pgSearch.warm();
  const results: Record<string, { search: Latency; timeline: Latency }> = {};
  for (const [name, search] of [
    ['SQLite', sqliteSearch],
    ['PostgreSQL', pgSearch],
  ] as const) {
    results[name] = { search: await searchMix(search), timeline: await timelineMix(search) };
  }
  out('');
  out(`${label} per query (ms)               first run p50 / p95    median of 5 p50 / p95`);
  for (const kind of ['search', 'timeline'] as const) {
    for (const name of Object.keys(results)) {
      const r = results[name][kind];
      out(`${`${kind} ${name}`.padEnd(32)}${fmt(r.firstP50)} / ${fmt(r.firstP95)}`.padEnd(55) + `${fmt(r.p50)} / ${fmt(r.p95)}`);
    }
  }
  const s = results.SQLite.search;
  const p = results.PostgreSQL.search;
  out(`${label}: PostgreSQL search p95 / SQLite: first run ${(p.firstP95 / s.firstP95).toFixed(2)}×, median of 5 ${(p.p95 / s.p95).toFixed(2)}× (target ≤ 2×); load average now ${loadavg()[0].toFixed(1)}`);
  const slowest = QUERIES.map((q, i) => ({ q, pg: p.first[i], sqlite: s.first[i] })).sort((a, b) => b.pg - a.pg);
  out(`${label}: slowest first runs on PostgreSQL (ms, SQLite beside): ${slowest.slice(0, 6).map((x) => `${x.q} ${fmt(x.pg)} (${fmt(x.sqlite)})`).join('; ')}`);
  await checkSame(sqliteSearch, pgSearch);
}

async function searchMix(search: SearchEngine): Promise<Latency> {
  await search.search({ q: 'warm up', perPage: 20 });
  return measure(QUERIES.map((q) => () => search.search({ q, perPage: 20 })));
}

async function timelineMix(search: SearchEngine): Promise<Latency> {
  return measure(TIMELINE_QUERIES.flatMap((q) => INTERVALS.map((interval) => () => search.timeline({ q, interval }))));
}

async function measure(tasks: (() => Promise<unknown>)[]): Promise<Latency> {
  const first: number[] = [];
  const medians: number[] = [];
  for (const task of tasks) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await task();
      times.push(performance.now() - t0);
    }
    first.push(times[0]);
    medians.push(quantile(times, 0.5));
  }
  return { firstP50: quantile(first, 0.5), firstP95: quantile(first, 0.95), p50: quantile(medians, 0.5), p95: quantile(medians, 0.95), first };
}

/** The two backends must agree on what they were timed on. */
async function checkSame(a: SearchEngine, b: SearchEngine): Promise<void> {
  let differ = 0;
  for (const q of QUERIES) {
    const [x, y] = await Promise.all([a.search({ q, perPage: 20 }), b.search({ q, perPage: 20 })]);
    if (x.total !== y.total || x.results.map((h) => h.id).join() !== y.results.map((h) => h.id).join()) {
      differ++;
      out(`  DIFFERENT ${q}: SQLite ${x.total} [${x.results.slice(0, 5).map((h) => h.id)}…], PostgreSQL ${y.total} [${y.results.slice(0, 5).map((h) => h.id)}…]`);
    }
  }
  out(differ ? `${differ} of ${QUERIES.length} queries differ` : `all ${QUERIES.length} queries: same total and first page on both`);
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The first n records of a gzipped JSON-lines file, as a plain file. */
async function firstLines(from: string, n: number, to: string): Promise<string> {
  const w = createWriteStream(to);
  let k = 0;
  for await (const line of createInterface({ input: createReadStream(from).pipe(createGunzip()) })) {
    if (k++ >= n) break;
    w.write(`${line}\n`);
  }
  await new Promise<void>((resolve) => w.end(resolve));
  return to;
}

export type { Store };
