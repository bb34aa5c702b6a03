import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPgArchive, pgTestUrl } from '../../../testing/pg.js';
import { openStore } from '../../open-store.js';
import { storeDb } from '../../store-db.js';
import { pgMigrationProvider } from './index.js';

describe.skipIf(!pgTestUrl)('PostgreSQL migration 010', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });

  it('admits the image kinds in the alert tables, keeps every row, and gives existing searches the image options of their edits', async () => {
    const archive = await freshPgArchive();
    drops.push(archive.drop);
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: archive.url, max: 1 }) }) });
    const { error } = await new Migrator({ db, provider: pgMigrationProvider, allowUnorderedMigrations: true, migrationTableSchema: archive.schema }).migrateTo('009-image-validators');
    expect(error).toBeUndefined();
    await sql`INSERT INTO saved_searches (id, name, query, notify_edited, feed_token, created_at) VALUES (1, 'a', 'rice', 1, 't1', '2026-01-01'), (2, 'b', 'farm', 0, 't2', '2026-01-01')`.execute(db);
    await sql`INSERT INTO alert_outbox (id, saved_search_id, kind, article_id, event_id, created_at) VALUES (5, 1, 'new', 9, 0, '2026-01-02')`.execute(db);
    await sql`INSERT INTO alert_deliveries (id, outbox_id, channel, next_attempt_at) VALUES (8, 5, 'webhook', '2026-01-02')`.execute(db);
    await expect(sql`INSERT INTO alert_outbox (saved_search_id, kind, article_id, event_id, created_at) VALUES (1, 'image-edited', 9, 11, '2026-01-05')`.execute(db)).rejects.toThrow(/check constraint/);
    await db.destroy();

    const store = await openStore(archive.url);
    try {
      const s = storeDb(store) as unknown as Kysely<any>;
      const { rows } = await sql<{ id: number; e: number; r: number; g: number }>`SELECT id, notify_image_edited AS e, notify_image_replaced AS r, notify_image_removed AS g FROM saved_searches ORDER BY id`.execute(s);
      expect(rows).toEqual([
        { id: 1, e: 1, r: 1, g: 1 },
        { id: 2, e: 0, r: 0, g: 0 },
      ]);
      await sql`INSERT INTO alert_outbox (saved_search_id, kind, article_id, event_id, created_at) VALUES (1, 'image-edited', 9, 11, '2026-01-05')`.execute(s);
      await expect(sql`INSERT INTO alert_changes (kind, article_id, event_id, at) VALUES ('image-added', 9, 12, '2026-01-05')`.execute(s)).rejects.toThrow(/check constraint/);
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM alert_deliveries WHERE outbox_id = 5`.execute(s)).rows[0].n).toBe(1);
    } finally {
      await store.close();
    }
  });
});
