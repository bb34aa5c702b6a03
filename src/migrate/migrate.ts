import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { PoolClient } from 'pg';
import { searchOf } from '../search/attach.js';
import { openStore } from '../store/open-store.js';
import { isPostgresUrl, openPostgres, redactUrl } from '../store/postgres/open-postgres.js';
import { openSqlite } from '../store/open-sqlite.js';
import { copyTable, ensureProgressTable, MigrationStopped, tableProgress, type CopyLimits } from './copy.js';
import { planMigration, type MigrationPlan } from './plan.js';
import { verifyCopy, type TableCheck } from './verify.js';

export interface MigrateOptions {
  /** `sqlite:PATH` */
  from: string;
  /** `postgres://…` */
  to: string;
  limits?: Partial<CopyLimits>;
  /** Told before copying (rows to copy in all, and already copied by an earlier run) and after every batch. */
  onStart?: (total: number, done: number, plan: MigrationPlan) => void;
  onBatch?: (table: string, rows: number) => void;
  /** Stops after this many committed batches (to test resuming). */
  stopAfterBatches?: number;
  /** Rebuilds PostgreSQL's search index once the copy is verified (default true). */
  reindex?: boolean;
  onReindex?: (done: number, total: number) => void;
}

export interface MigrateReport {
  plan: MigrationPlan;
  copied: number;
  checks: TableCheck[];
  ok: boolean;
  seconds: number;
  /** Whether PostgreSQL's triggers and foreign-key checks were off during the copy (they need a superuser). */
  triggersOff: boolean;
  /** The search index rebuilt from the copied articles (null: not rebuilt, the copy did not verify or it was not asked). */
  reindexed: { articles: number; seconds: number } | null;
}

export const DEFAULT_LIMITS: CopyLimits = { rows: 5_000, bytes: 16 << 20 };

/** The SQLite archive a `--from` names, or an error that says what is wrong with it. */
export function sqlitePathOf(from: string): string {
  const m = /^sqlite:(.+)$/.exec(from);
  if (!m) throw new Error(`--from ${from}: give the SQLite archive as sqlite:PATH`);
  if (!existsSync(m[1])) throw new Error(`--from ${from}: no such file ${m[1]}`);
  return m[1];
}

/**
 * Copies a whole SQLite archive into a PostgreSQL one, table by table in key order, in batches that each
 * commit with a note of how far they got (so a rerun resumes), resets the sequences, and checks the
 * result: row counts of every table, and the texts of articles and versions hashed row by row.
 */
export async function migrateArchive(opts: MigrateOptions): Promise<MigrateReport> {
  const started = performance.now();
  const path = sqlitePathOf(opts.from);
  if (!isPostgresUrl(opts.to)) throw new Error(`--to ${opts.to}: give the PostgreSQL archive as postgres://USER@HOST:PORT/DATABASE`);
  checkSqlite(path);
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  // PostgreSQL first: a target that cannot be reached leaves the source untouched.
  const handle = await openPostgres(opts.to, { max: 2 });
  let raw: Database.Database;
  try {
    ({ raw } = await openSqlite(path));
  } catch (e) {
    await handle.db.destroy();
    throw e;
  }
  let client: PoolClient | null = await handle.pool.connect();
  try {
    // Off for this session only: rows arrive as they were, without firing the alerts' or indexes' triggers.
    const triggersOff = await client.query('SET session_replication_role = replica').then(
      () => true,
      () => false,
    );
    // Each batch commits its progress with it: a crash loses at most the last batches, which a rerun copies again.
    await client.query('SET synchronous_commit = off');
    const plan = await planMigration(raw, client);
    const fresh = await ensureProgressTable(client);
    if (fresh) await refuseNonEmpty(client, plan, opts.to);
    let total = 0;
    let done = 0;
    for (const t of plan.tables) {
      total += Number(raw.prepare(`SELECT count(*) FROM "${t.name}"`).pluck().get());
      done += (await tableProgress(client, t.name)).rows;
    }
    opts.onStart?.(total, done, plan);
    let batches = 0;
    let copied = 0;
    for (const t of plan.tables) {
      await copyTable(raw, client, t, limits, (rows) => {
        copied += rows;
        opts.onBatch?.(t.name, rows);
        if (opts.stopAfterBatches !== undefined && ++batches >= opts.stopAfterBatches) throw new MigrationStopped(`stopped after ${batches} batches`);
      });
    }
    await resetSequences(client, plan);
    const checks = await verifyCopy(raw, client, plan.tables);
    const ok = checks.every((c) => c.ok);
    client.release();
    client = null;
    const reindexed = ok && opts.reindex !== false ? await rebuildSearch(opts.to, opts.onReindex) : null;
    return { plan, copied, checks, ok, seconds: (performance.now() - started) / 1000, triggersOff, reindexed };
  } finally {
    client?.release();
    await handle.db.destroy();
    raw.close();
  }
}

/** The full-text index is not copied (SQLite's FTS5 tables have no PostgreSQL counterpart): the search backend builds its own from the articles. */
async function rebuildSearch(url: string, onProgress?: (done: number, total: number) => void): Promise<{ articles: number; seconds: number }> {
  const store = await openStore(url);
  try {
    return await searchOf(store).reindex(onProgress);
  } finally {
    await store.close();
  }
}

/** The source must be a SQLite database (a clear message before any migration touches it). */
function checkSqlite(path: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    throw new Error(`--from sqlite:${path}: not a SQLite archive (${(e as Error).message})`);
  } finally {
    db?.close();
  }
}

/** A first run copies into an empty archive only: rows already there would collide or mix two archives. */
async function refuseNonEmpty(client: import('pg').ClientBase, plan: MigrationPlan, url: string): Promise<void> {
  for (const t of plan.tables) {
    const { rows } = await client.query(`SELECT 1 FROM "${t.name}" LIMIT 1`);
    if (rows.length) {
      await client.query('DROP TABLE IF EXISTS wirewatch_migrate_progress');
      throw new Error(`--to ${redactUrl(url)}: the PostgreSQL archive already holds ${t.name}; migrate into an empty database`);
    }
  }
}

/** Each serial column's sequence continues after the largest id copied. */
async function resetSequences(client: import('pg').ClientBase, plan: MigrationPlan): Promise<void> {
  const names = plan.tables.map((t) => t.name);
  const { rows } = await client.query<{ table_name: string; column_name: string; seq: string }>(
    `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ANY($1) AND column_default LIKE 'nextval(%'`,
    [names],
  );
  for (const r of rows) {
    if (!r.seq) continue;
    await client.query(`SELECT setval($1, coalesce((SELECT max("${r.column_name}") FROM "${r.table_name}"), 0) + 1, false)`, [r.seq]);
  }
}
