import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database as Schema } from '../schema.js';
import { pgMigrationProvider } from './migrations/index.js';

// Counts and ids arrive as int8; every one the archive holds fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// numeric (sums, averages) likewise.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export interface PostgresHandle {
  pool: pg.Pool;
  db: Kysely<Schema>;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Connects to a PostgreSQL archive and brings its schema up to date (one process at a time: Kysely locks). */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<PostgresHandle> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end();
    throw new Error(`${redactUrl(url)}: cannot connect to the archive: ${(e as Error).message}`);
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  // Kysely looks for its migration tables in every schema unless told which: name the archive's own, so
  // archives side by side in one database (one schema each) never take each other's for theirs.
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const migrator = new Migrator({ db, provider: pgMigrationProvider, allowUnorderedMigrations: true, migrationTableSchema: rows[0]?.schema ?? undefined });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely reads the catalog of every schema first: another archive's schema dropped or altered at that
  // moment (tests side by side in one database) fails the read, not a migration. Read it again.
  for (let tries = 1; error && !results?.length && tries < 5; tries++) {
    await new Promise((r) => setTimeout(r, 50 * tries));
    ({ error, results } = await migrator.migrateToLatest());
  }
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
  }
  return { pool, db };
}
