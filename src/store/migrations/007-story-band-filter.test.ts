import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { openSqliteStore } from '../open-store.js';
import { migrationProvider } from './index.js';

describe('migration 007', () => {
  it('moves the rows of story_bands_pending into story_bands and drops the table', async () => {
    const path = join(tempDir(), 'm.db');
    const raw = new Database(path);
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    const { error } = await new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true }).migrateTo('006-story-bands-pending');
    expect(error).toBeUndefined();
    raw.exec('INSERT INTO story_bands (key, article_id) VALUES (7, 1); INSERT INTO story_bands_pending (key, article_id) VALUES (5, 2), (9, 3)');
    await db.destroy();

    const store = await openSqliteStore(path);
    expect(store.raw.prepare('SELECT key, article_id FROM story_bands ORDER BY key').all()).toEqual([
      { key: 5, article_id: 2 },
      { key: 7, article_id: 1 },
      { key: 9, article_id: 3 },
    ]);
    expect(store.raw.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'story_bands_pending'").pluck().get()).toBe(0);
    await store.close();
  });
});
