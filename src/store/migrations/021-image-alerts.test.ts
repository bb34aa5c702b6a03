import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { textKey } from '../../normalize/text-key.js';
import { openSqliteStore } from '../open-store.js';
import { migrationProvider } from './index.js';

describe('migration 021', () => {
  it('rebuilds the alert tables for the image kinds with every row kept, and gives existing searches the image options of their edits', async () => {
    const path = join(tempDir(), 'm.db');
    const raw = new Database(path);
    raw.pragma('foreign_keys = ON');
    raw.function('text_key', { deterministic: true }, (body: unknown) => textKey(String(body ?? '').split('\n')));
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    const { error } = await new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true }).migrateTo('020-image-validators');
    expect(error).toBeUndefined();
    raw.exec(`INSERT INTO saved_searches (id, name, query, notify_edited, feed_token, created_at) VALUES (1, 'a', 'rice', 1, 't1', '2026-01-01'), (2, 'b', 'farm', 0, 't2', '2026-01-01');
      INSERT INTO alert_changes (id, kind, article_id, event_id, at) VALUES (4, 'edited', 9, 3, '2026-01-02');
      INSERT INTO alert_outbox (id, saved_search_id, kind, article_id, event_id, created_at) VALUES (5, 1, 'new', 9, 0, '2026-01-02'), (6, 2, 'removed', 9, 7, '2026-01-03');
      INSERT INTO alert_deliveries (id, outbox_id, channel, attempts, next_attempt_at, last_status, delivered_at) VALUES (8, 5, 'webhook', 2, '2026-01-02', 200, '2026-01-02'), (9, 6, 'email', 0, '2026-01-04', NULL, NULL);`);
    const before = (table: string) => raw.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
    const outbox = before('alert_outbox');
    const deliveries = before('alert_deliveries');
    const changes = before('alert_changes');
    await db.destroy();

    const store = await openSqliteStore(path);
    const all = (table: string) => store.raw.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
    expect(all('alert_outbox')).toEqual(outbox);
    expect(all('alert_deliveries')).toEqual(deliveries);
    expect(all('alert_changes')).toEqual(changes);
    expect(store.raw.prepare('SELECT id, notify_image_edited, notify_image_replaced, notify_image_removed FROM saved_searches ORDER BY id').all()).toEqual([
      { id: 1, notify_image_edited: 1, notify_image_replaced: 1, notify_image_removed: 1 },
      { id: 2, notify_image_edited: 0, notify_image_replaced: 0, notify_image_removed: 0 },
    ]);
    // The image kinds are admitted; the deliveries still follow their outbox row (foreign key to the rebuilt table).
    store.raw.prepare("INSERT INTO alert_outbox (saved_search_id, kind, article_id, event_id, created_at) VALUES (1, 'image-edited', 9, 11, '2026-01-05')").run();
    expect(() => store.raw.prepare("INSERT INTO alert_outbox (saved_search_id, kind, article_id, event_id, created_at) VALUES (1, 'image-added', 9, 12, '2026-01-05')").run()).toThrow(/CHECK/);
    store.raw.prepare('DELETE FROM alert_outbox WHERE id = 5').run();
    expect(store.raw.prepare('SELECT id FROM alert_deliveries').pluck().all()).toEqual([9]);
    expect(store.raw.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(store.raw.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('alert_deliveries_due', 'alert_new_article', 'alert_article_event')").pluck().get()).toBe(3);
    await store.close();
  });
});
