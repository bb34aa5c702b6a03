import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database as Schema } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import { textKey } from '../normalize/text-key.js';
import { withStatementCache } from './statement-cache.js';

export interface SqliteHandle {
  raw: Database.Database;
  db: Kysely<Schema>;
}

/** Opens (creating if needed) a SQLite archive in WAL mode and brings its schema up to date. */
export async function openSqlite(path: string): Promise<SqliteHandle> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let raw: Database.Database | undefined;
  try {
    raw = new Database(path);
    raw.pragma('journal_mode = WAL');
  } catch (e) {
    raw?.close();
    // SQLite says only "unable to open database file": name the file, and why when the system tells.
    throw new Error(`${path}: cannot open the archive${unwritable(path)}: ${(e as Error).message}`);
  }
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // 16 MB of page cache: against 32 MB the full kcna.co.jp import peaked ~33 MB lower at the same speed
  // (alternating full-corpus rounds, the history of BENCHMARKS.md); the OS cache holds the rest of the file anyway.
  raw.pragma('cache_size = -16384');
  // Fewer, larger checkpoints: index pages rewritten by consecutive batches are copied back once.
  raw.pragma('wal_autocheckpoint = 16384');
  // Lets SQL compute the text key of a stored body (migration 011 keys the articles stored before it).
  raw.function('text_key', { deterministic: true }, (body: unknown) => textKey(String(body ?? '').split('\n')));
  const db = new Kysely<Schema>({ dialect: new TransactionalDdlSqliteDialect({ database: withStatementCache(raw) }) });
  // Numbered ranges belong to different parts of the archive: a lower number may arrive after a higher one.
  const { error, results } = await new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
  }
  return { raw, db };
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its Migrator would run
 * each migration's statements one by one: a process killed mid-migration left a table made and the
 * migration unrecorded ("table images already exists" on the next start). Saying so makes every
 * migration all-or-nothing.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Why this process cannot write the archive or its folder, when the system says so; else empty. */
function unwritable(path: string): string {
  for (const p of [path, dirname(path)]) {
    try {
      accessSync(p, constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EROFS') return ' (read-only: its file system is mounted read-only)';
      if (code === 'EPERM' || code === 'EACCES') return ` (read-only: ${p === path ? 'the file' : 'its folder'} cannot be written)`;
    }
  }
  return '';
}
