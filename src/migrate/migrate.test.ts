import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchOf } from '../search/attach.js';
import { PostgresStore } from '../store/postgres/pg-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { freshPgArchive, pgTestUrl } from '../testing/pg.js';
import { MigrationStopped } from './copy.js';
import { migrateArchive } from './migrate.js';
import { buildSqliteArchive } from './test-archive.js';

const CLI = join(import.meta.dirname, '..', 'cli', 'main.ts');
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, DATABASE_URL: '' } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

let dir: string;
let path: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ww-migrate-'));
  if (pgTestUrl) path = (await buildSqliteArchive(dir)).path;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of drops) await d();
});
async function target(): Promise<string> {
  const made = await freshPgArchive('ww_migrate');
  drops.push(made.drop);
  return made.url;
}

/** Every article as each store gives it, with its versions and events. */
async function articlesOf(store: SqliteStore | PostgresStore, ids: number[]) {
  const out = [];
  for (const id of ids) out.push({ article: await store.getArticle(id), versions: await store.crawl.versions(id), events: await store.crawl.events({ articleId: id, limit: 100 }) });
  return out;
}

describe.skipIf(!pgTestUrl)('wirewatch migrate (SQLite to PostgreSQL)', () => {
  it('copies a whole archive; the PostgreSQL store then gives every article, version and event as SQLite did', { timeout: 120_000 }, async () => {
    const to = await target();
    const report = await migrateArchive({ from: `sqlite:${path}`, to });
    expect(report.ok).toBe(true);
    expect(report.plan.missingOnPostgres).toEqual([]);
    const byTable = new Map(report.checks.map((c) => [c.table, c]));
    for (const t of ['articles', 'article_urls', 'captures', 'blobs', 'versions', 'events', 'crawl_urls', 'users', 'saved_searches', 'alert_outbox']) expect(byTable.get(t)?.sqliteRows, t).toBeGreaterThan(0);
    expect(byTable.get('articles')!.postgresDigest).toBe(byTable.get('articles')!.sqliteDigest);

    const sqlite = await SqliteStore.open(path);
    const postgres = await PostgresStore.open(to);
    try {
      const ids = (sqlite.raw.prepare('SELECT id FROM articles ORDER BY id').pluck().all() as number[]);
      expect(ids.length).toBeGreaterThan(5);
      expect(await articlesOf(postgres, ids)).toEqual(await articlesOf(sqlite, ids));
      expect((await postgres.crawl.removedArticles(10)).map((r) => r.id)).toEqual((await sqlite.crawl.removedArticles(10)).map((r) => r.id));
      expect(await postgres.stats()).toEqual(await sqlite.stats());
      // The search index was rebuilt from the copied articles.
      expect(report.reindexed?.articles).toBe(ids.length);
      expect(await searchOf(postgres).count('"Choe Ryong Hae"')).toBeGreaterThan(0);
      for (const q of ['"Choe Ryong Hae"', 'farm', 'title:factory', '최창학']) expect(await searchOf(postgres).count(q), q).toBe(await searchOf(sqlite).count(q));
      // Raw bodies arrive byte for byte.
      const blob = sqlite.raw.prepare('SELECT sha256 FROM blobs LIMIT 1').pluck().get() as string;
      expect(await postgres.crawl.getBlob(blob)).toEqual(await sqlite.crawl.getBlob(blob));
      // Sequences continue after the copied ids: a new source gets the next id.
      const next = await postgres.ensureSource({ slug: 'after-migration', name: 'After' });
      expect(next).toBe(Number(sqlite.raw.prepare('SELECT max(id) FROM sources').pluck().get()) + 1);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });

  it('resumes an interrupted copy where it stopped, to a verified archive without a row twice', { timeout: 120_000 }, async () => {
    const to = await target();
    const limits = { rows: 3 };
    let committed = 0;
    const interrupted = migrateArchive({ from: `sqlite:${path}`, to, limits, stopAfterBatches: 7, onBatch: (_t, rows) => (committed += rows) });
    await expect(interrupted).rejects.toThrow(MigrationStopped);
    let before = 0;
    const resumed = await migrateArchive({ from: `sqlite:${path}`, to, limits, onStart: (_total, done) => (before = done) });
    // The rerun knew what the interrupted run had committed, and copied the rest only.
    expect(committed).toBeGreaterThan(7);
    expect(before).toBe(committed);
    expect(resumed.ok).toBe(true);
    expect(resumed.copied + before).toBe(resumed.checks.reduce((n, c) => n + c.sqliteRows, 0));
    // Run again: nothing left to copy, still verified.
    const again = await migrateArchive({ from: `sqlite:${path}`, to });
    expect(again.copied).toBe(0);
    expect(again.ok).toBe(true);
  });

  it('a `wirewatch migrate` killed mid-copy (SIGKILL) is finished by the next run, verified', { timeout: 120_000 }, async () => {
    const to = await target();
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'migrate', '--from', `sqlite:${path}`, '--to', to, '--batch', '2'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const client = new pg.Client({ connectionString: to });
    await client.connect();
    try {
      // Killed once some batches have committed, while it is still copying.
      for (let copied = 0; copied < 40; ) {
        await new Promise((r) => setTimeout(r, 20));
        // The progress table appears with the first run's plan.
        const { rows } = await client.query('SELECT coalesce(sum(rows), 0)::int AS n FROM wirewatch_migrate_progress').catch(() => ({ rows: [{ n: 0 }] }));
        copied = rows[0].n;
        if (child.exitCode !== null) break;
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      await client.end();
    }
    const r = await run(['migrate', '--from', `sqlite:${path}`, '--to', to]);
    expect(r.code, r.stderr).toBe(0);
    expect(Number(/^verified: (\d+) rows copied in this run/m.exec(r.stdout)?.[1])).toBeGreaterThan(0);
    expect(r.stdout).not.toMatch(/^BAD/m);
  });

  it('refuses a PostgreSQL archive that already holds another archive', { timeout: 60_000 }, async () => {
    const to = await target();
    const store = await PostgresStore.open(to);
    await store.ensureSource({ slug: 'other', name: 'Other' });
    await store.close();
    await expect(migrateArchive({ from: `sqlite:${path}`, to })).rejects.toThrow(/already holds sources; migrate into an empty database/);
  });
});

describe('wirewatch migrate: wrong arguments', () => {
  it('says what is wrong with --from or --to', async () => {
    const cases: [string, string, RegExp][] = [
      ['archive.db', 'postgres://127.0.0.1/x', /^--from archive\.db: give the SQLite archive as sqlite:PATH$/],
      ['sqlite:/nonexistent/a.db', 'postgres://127.0.0.1/x', /^--from sqlite:\/nonexistent\/a\.db: no such file \/nonexistent\/a\.db$/],
      [`sqlite:${CLI}`, 'mysql://127.0.0.1/x', /^--to mysql:\/\/127\.0\.0\.1\/x: give the PostgreSQL archive as postgres:\/\/USER@HOST:PORT\/DATABASE$/],
      [`sqlite:${CLI}`, 'postgres://127.0.0.1/x', /^--from sqlite:.*main\.ts: not a SQLite archive \(.*\)$/],
      [`sqlite:${join(dir, 'empty.db')}`, 'postgres://nobody@127.0.0.1:1/x', /^postgres:\/\/nobody@127\.0\.0\.1:1\/x: cannot connect to the archive: /],
    ];
    for (const [from, to, message] of cases) {
      if (from.endsWith('empty.db')) writeFileSync(from.slice('sqlite:'.length), '');
      await expect(migrateArchive({ from, to }), `${from} ${to}`).rejects.toThrow(message);
    }
  });

  it('the command prints the reason on one line and exits 1', { timeout: 180_000 }, async () => {
    const r = await run(['migrate', '--from', 'archive.db', '--to', 'postgres://127.0.0.1/x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('wirewatch: --from archive.db: give the SQLite archive as sqlite:PATH\n');
  });
});
