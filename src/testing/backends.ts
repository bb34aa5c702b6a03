import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPgArchive, pgTestUrl } from './pg.js';

/** A backend the compliance tests run against: each `location()` is a fresh, empty archive. */
export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** A new empty archive's location (a SQLite file path or a postgres:// URL) for `openStore`. */
  location(): Promise<string>;
  /** Removes every archive this backend made. */
  cleanup(): Promise<void>;
}

function sqliteBackend(): TestBackend {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async location() {
      const dir = mkdtempSync(join(tmpdir(), 'ww-'));
      dirs.push(dir);
      return join(dir, 'archive.db');
    },
    async cleanup() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): TestBackend {
  const drops: (() => Promise<void>)[] = [];
  return {
    name: 'postgres',
    async location() {
      const made = await freshPgArchive();
      drops.push(made.drop);
      return made.url;
    },
    async cleanup() {
      for (const drop of drops.splice(0)) await drop();
    },
  };
}

/**
 * The backends of the compliance suite: SQLite always, PostgreSQL when WIREWATCH_TEST_PG names a
 * database. Use as `describe.each(testBackends())('… on $name', (backend) => …)` with
 * `afterAll(() => backend.cleanup())`.
 */
export function testBackends(): TestBackend[] {
  return pgTestUrl ? [sqliteBackend(), postgresBackend()] : [sqliteBackend()];
}
