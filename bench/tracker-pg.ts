// npm run bench:people-pg — the first BENCH_ARTICLES (default 20,000) articles of the kcna.co.jp corpus
// imported into SQLite and into PostgreSQL (WIREWATCH_BENCH_PG, else WIREWATCH_TEST_PG: a fresh schema),
// each with and without entity extraction; then the entity pages' figures (summary, months, co-mentions,
// events, coverage days) of the most named entities and the tracked leaders, each computed once, cold.
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { attachEntities } from '../src/entities/attach.js';
import type { EntityIndex } from '../src/entities/entity-index.js';
import type { SqliteEntities } from '../src/entities/sqlite/sqlite-entities.js';
import { importFile } from '../src/import/importer.js';
import { PostgresStore } from '../src/store/postgres/pg-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import pg from 'pg';
import { requireCorpus, ROOT } from './corpus.js';
import { machine, median } from './import-runs.js';

const corpus = requireCorpus();
const N = Number(process.env.BENCH_ARTICLES ?? 20_000);
const pgUrl = process.env.WIREWATCH_BENCH_PG ?? process.env.WIREWATCH_TEST_PG;
if (!pgUrl) {
  process.stderr.write('set WIREWATCH_BENCH_PG (or WIREWATCH_TEST_PG) to a PostgreSQL database the benchmark may write to\n');
  process.exit(2);
}
const dir = join(ROOT, '.bench');
mkdirSync(dir, { recursive: true });

/** The first N records of the corpus, as a file of their own. */
async function subset(): Promise<string> {
  const file = join(dir, `tracker-pg-${N}.jsonl`);
  const out = createWriteStream(file);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(corpus).pipe(createGunzip()) })) {
    if (n++ >= N) break;
    out.write(`${line}\n`);
  }
  await new Promise((r) => out.end(r));
  return file;
}

async function open(kind: 'sqlite' | 'postgres'): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const path = join(dir, 'tracker-pg.db');
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    return { store: await SqliteStore.open(path), drop: async () => {} };
  }
  // A database of its own: advisory locks are per database, so other archives' writers on the server
  // (in other schemas) do not contend with this one's.
  const name = `bench_tracker_${process.pid}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  const store = await PostgresStore.open(url.toString());
  return { store, drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
}

async function importSeconds(kind: 'sqlite' | 'postgres', file: string, entities: boolean): Promise<{ seconds: number; store: Store; index: EntityIndex | null; drop: () => Promise<void> }> {
  const { store, drop } = await open(kind);
  const index = entities ? attachEntities(store) : null;
  const started = performance.now();
  await importFile(store, file, { spec: { preset: 'kcna-co-jp' } });
  return { seconds: (performance.now() - started) / 1000, store, index, drop };
}

/** Milliseconds of each figure, computed once per entity (no kept results). */
async function figures(kind: 'sqlite' | 'postgres', index: EntityIndex, ids: string[], people: string[]): Promise<Record<string, number>> {
  // SQLite's own index, on this thread: the figures as computed, not as served from the worker's cache.
  const reads = kind === 'sqlite' ? (index as SqliteEntities).sync : index;
  const times: Record<string, number[]> = { summary: [], monthly: [], coMentioned: [], events: [], articleDays: [] };
  const time = async (name: string, f: () => unknown) => {
    const t = performance.now();
    await f();
    times[name].push(performance.now() - t);
  };
  for (const id of ids) {
    await time('summary', () => reads.summary(id));
    await time('monthly', () => reads.monthly(id));
    await time('coMentioned', () => reads.coMentioned(id, 12));
  }
  for (const p of people) {
    await time('events', () => reads.events(p));
    await time('articleDays', () => reads.articleDays(p));
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

process.stdout.write(`machine: ${machine()}\narticles: first ${N} of ${corpus}\n`);
const file = await subset();
const result: Record<string, unknown> = {};
for (const kind of ['sqlite', 'postgres'] as const) {
  const off = await importSeconds(kind, file, false);
  await off.store.close();
  await off.drop();
  const on = await importSeconds(kind, file, true);
  const index = on.index!;
  const top = (await index.allEntities()).map((e) => e.id);
  const counts = await index.counts(top);
  const ids = [...counts].sort((a, b) => b[1].articles - a[1].articles).slice(0, 10).map(([id]) => id);
  const people = await index.trackedWithAppearances();
  const ms = await figures(kind, index, ids, people);
  result[kind] = { importWithout: off.seconds, importWith: on.seconds, extractionShare: (on.seconds - off.seconds) / on.seconds, figuresMs: ms };
  process.stdout.write(
    `${kind.padEnd(8)} import ${off.seconds.toFixed(1)} s without entities, ${on.seconds.toFixed(1)} s with (${(((on.seconds - off.seconds) / on.seconds) * 100).toFixed(0)}%)` +
      `; figures, median ms of the 10 most named (summary, monthly, coMentioned) and ${people.length} tracked (events, articleDays): ` +
      `${Object.entries(ms).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}\n`,
  );
  await index.close();
  await on.store.close();
  await on.drop();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
