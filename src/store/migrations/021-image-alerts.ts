import { sql, type Kysely } from 'kysely';

/** The kinds an alert may be about from here on: migration 017's and the image events'. */
const KINDS = `'new', 'edited', 'removed', 'restored', 'image-edited', 'image-replaced', 'image-removed'`;
const IMAGE_EVENTS = `'image-edited', 'image-replaced', 'image-removed'`;

/**
 * Saved searches follow image events: an image edited, replaced or removed in an article a search
 * matches alerts it like an edit. SQLite cannot change a CHECK constraint, so `alert_changes`,
 * `alert_outbox` and `alert_deliveries` are rebuilt with every row kept (the deliveries too, since they
 * reference the outbox), in one transaction. Existing searches get the image kinds when they asked for
 * edits: an image changed in an article is an edit of it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Migrations run in a transaction of their own (open-sqlite.ts); on its own, this one opens one.
  const inTransaction = (fn: (tx: Kysely<any>) => Promise<void>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
  await inTransaction(async (tx) => {
    const run = (stmt: string) => sql.raw(stmt).execute(tx);
    // The triggers name alert_changes: dropped while it is rebuilt, made again below.
    await run('DROP TRIGGER alert_article_event');
    await run('DROP TRIGGER alert_new_article');
    await run(`CREATE TABLE alert_changes_new (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN (${KINDS})),
      article_id INTEGER NOT NULL,
      event_id INTEGER NOT NULL DEFAULT 0,
      at TEXT NOT NULL
    )`);
    await run('INSERT INTO alert_changes_new (id, kind, article_id, event_id, at) SELECT id, kind, article_id, event_id, at FROM alert_changes');
    await run('DROP TABLE alert_changes');
    await run('ALTER TABLE alert_changes_new RENAME TO alert_changes');
    await run(`CREATE TABLE alert_outbox_new (
      id INTEGER PRIMARY KEY,
      saved_search_id INTEGER NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN (${KINDS})),
      article_id INTEGER NOT NULL,
      event_id INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      UNIQUE (saved_search_id, kind, article_id, event_id)
    )`);
    await run('INSERT INTO alert_outbox_new (id, saved_search_id, kind, article_id, event_id, created_at) SELECT id, saved_search_id, kind, article_id, event_id, created_at FROM alert_outbox');
    // The deliveries are copied to a table referencing the new outbox before the old ones go: dropping the
    // old outbox first would delete them through ON DELETE CASCADE.
    await run(`CREATE TABLE alert_deliveries_new (
      id INTEGER PRIMARY KEY,
      outbox_id INTEGER NOT NULL REFERENCES alert_outbox_new(id) ON DELETE CASCADE,
      channel TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      last_attempt_at TEXT,
      last_status INTEGER,
      last_error TEXT,
      delivered_at TEXT,
      UNIQUE (outbox_id, channel)
    )`);
    await run(`INSERT INTO alert_deliveries_new (id, outbox_id, channel, attempts, next_attempt_at, last_attempt_at, last_status, last_error, delivered_at)
      SELECT id, outbox_id, channel, attempts, next_attempt_at, last_attempt_at, last_status, last_error, delivered_at FROM alert_deliveries`);
    await run('DROP TABLE alert_deliveries');
    await run('DROP TABLE alert_outbox');
    // Renaming rewrites the deliveries' foreign key to the outbox's final name.
    await run('ALTER TABLE alert_outbox_new RENAME TO alert_outbox');
    await run('ALTER TABLE alert_deliveries_new RENAME TO alert_deliveries');
    await run('CREATE INDEX alert_deliveries_due ON alert_deliveries(next_attempt_at) WHERE delivered_at IS NULL');
    for (const col of ['notify_image_edited', 'notify_image_replaced', 'notify_image_removed']) {
      await run(`ALTER TABLE saved_searches ADD COLUMN ${col} INTEGER NOT NULL DEFAULT 1`);
      await run(`UPDATE saved_searches SET ${col} = notify_edited`);
    }
    await run(`CREATE TRIGGER alert_new_article AFTER INSERT ON articles
      WHEN EXISTS (SELECT 1 FROM saved_searches)
      BEGIN INSERT INTO alert_changes (kind, article_id, event_id, at) VALUES ('new', NEW.id, 0, NEW.first_seen); END`);
    await run(`CREATE TRIGGER alert_article_event AFTER INSERT ON events
      WHEN NEW.type IN ('edited', 'removed', 'restored', ${IMAGE_EVENTS}) AND NEW.article_id IS NOT NULL AND EXISTS (SELECT 1 FROM saved_searches)
      BEGIN INSERT INTO alert_changes (kind, article_id, event_id, at) VALUES (NEW.type, NEW.article_id, NEW.id, NEW.at); END`);
  });
}

/** Back to migration 017's triggers (the image kinds stay allowed in the tables; nothing notes them any more). */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER alert_article_event`.execute(db);
  await sql`CREATE TRIGGER alert_article_event AFTER INSERT ON events
    WHEN NEW.type IN ('edited', 'removed', 'restored') AND NEW.article_id IS NOT NULL AND EXISTS (SELECT 1 FROM saved_searches)
    BEGIN INSERT INTO alert_changes (kind, article_id, event_id, at) VALUES (NEW.type, NEW.article_id, NEW.id, NEW.at); END`.execute(db);
  for (const col of ['notify_image_edited', 'notify_image_replaced', 'notify_image_removed']) await sql.raw(`ALTER TABLE saved_searches DROP COLUMN ${col}`).execute(db);
}
