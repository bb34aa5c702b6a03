import { sql, type Kysely } from 'kysely';

/**
 * Saved searches and their alerts. Triggers note every new article and every edit, removal and
 * restoration event in `alert_changes`, in the writing transaction, whichever code path (import, crawl,
 * another process) wrote it; at the end of that transaction the changes are matched against the saved
 * searches into `alert_outbox` (one row per search and event: the UNIQUE key) with one `alert_deliveries`
 * row per channel, delivered from there. A change is only noted while at least one saved search exists.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY,
    owner_user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    notify_new INTEGER NOT NULL DEFAULT 1,
    notify_edited INTEGER NOT NULL DEFAULT 1,
    notify_removed INTEGER NOT NULL DEFAULT 1,
    notify_restored INTEGER NOT NULL DEFAULT 1,
    webhook_url TEXT,
    webhook_secret TEXT,
    email TEXT,
    email_mode TEXT NOT NULL DEFAULT 'immediate' CHECK (email_mode IN ('immediate', 'digest')),
    feed_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    webhook_failing_since TEXT,
    webhook_paused_at TEXT
  )`.execute(db);
  await sql`CREATE INDEX saved_searches_owner ON saved_searches(owner_user_id)`.execute(db);
  await sql`CREATE TABLE alert_changes (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('new', 'edited', 'removed', 'restored')),
    article_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL
  )`.execute(db);
  await sql`CREATE TABLE alert_outbox (
    id INTEGER PRIMARY KEY,
    saved_search_id INTEGER NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('new', 'edited', 'removed', 'restored')),
    article_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (saved_search_id, kind, article_id, event_id)
  )`.execute(db);
  await sql`CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES alert_outbox(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_attempt_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    delivered_at TEXT,
    UNIQUE (outbox_id, channel)
  )`.execute(db);
  await sql`CREATE INDEX alert_deliveries_due ON alert_deliveries(next_attempt_at) WHERE delivered_at IS NULL`.execute(db);
  // New articles: the import's and the crawl's insert.
  await sql`CREATE TRIGGER alert_new_article AFTER INSERT ON articles
    WHEN EXISTS (SELECT 1 FROM saved_searches)
    BEGIN INSERT INTO alert_changes (kind, article_id, event_id, at) VALUES ('new', NEW.id, 0, NEW.first_seen); END`.execute(db);
  // Edits, removals and restorations: the crawler's events.
  await sql`CREATE TRIGGER alert_article_event AFTER INSERT ON events
    WHEN NEW.type IN ('edited', 'removed', 'restored') AND NEW.article_id IS NOT NULL AND EXISTS (SELECT 1 FROM saved_searches)
    BEGIN INSERT INTO alert_changes (kind, article_id, event_id, at) VALUES (NEW.type, NEW.article_id, NEW.id, NEW.at); END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER alert_article_event`.execute(db);
  await sql`DROP TRIGGER alert_new_article`.execute(db);
  for (const t of ['alert_deliveries', 'alert_outbox', 'alert_changes', 'saved_searches']) await sql.raw(`DROP TABLE ${t}`).execute(db);
}
