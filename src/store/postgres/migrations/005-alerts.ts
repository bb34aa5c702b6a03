import { sql, type Kysely } from 'kysely';

const T = 'text COLLATE "C"';

/**
 * Saved searches and their alerts, as SQLite's migration 017 made them: triggers note every new article
 * and every edit, removal and restoration event in `alert_changes` in the writing transaction, whatever
 * wrote it; at the end of that transaction they are matched into `alert_outbox` (one row per search and
 * event) with one `alert_deliveries` row per channel. Nothing is noted while there is no saved search.
 */
const DDL = [
  `CREATE TABLE saved_searches (
    id bigserial PRIMARY KEY,
    owner_user_id bigint REFERENCES users(id) ON DELETE CASCADE,
    name ${T} NOT NULL,
    query ${T} NOT NULL,
    notify_new integer NOT NULL DEFAULT 1,
    notify_edited integer NOT NULL DEFAULT 1,
    notify_removed integer NOT NULL DEFAULT 1,
    notify_restored integer NOT NULL DEFAULT 1,
    webhook_url ${T},
    webhook_secret ${T},
    email ${T},
    email_mode ${T} NOT NULL DEFAULT 'immediate' CHECK (email_mode IN ('immediate', 'digest')),
    feed_token ${T} NOT NULL,
    created_at ${T} NOT NULL,
    webhook_failing_since ${T},
    webhook_paused_at ${T})`,
  `CREATE INDEX saved_searches_owner ON saved_searches (owner_user_id)`,
  `CREATE TABLE alert_changes (
    id bigserial PRIMARY KEY,
    kind ${T} NOT NULL CHECK (kind IN ('new', 'edited', 'removed', 'restored')),
    article_id bigint NOT NULL,
    event_id bigint NOT NULL DEFAULT 0,
    at ${T} NOT NULL)`,
  `CREATE TABLE alert_outbox (
    id bigserial PRIMARY KEY,
    saved_search_id bigint NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
    kind ${T} NOT NULL CHECK (kind IN ('new', 'edited', 'removed', 'restored')),
    article_id bigint NOT NULL,
    event_id bigint NOT NULL DEFAULT 0,
    created_at ${T} NOT NULL,
    UNIQUE (saved_search_id, kind, article_id, event_id))`,
  `CREATE TABLE alert_deliveries (
    id bigserial PRIMARY KEY,
    outbox_id bigint NOT NULL REFERENCES alert_outbox(id) ON DELETE CASCADE,
    channel ${T} NOT NULL CHECK (channel IN ('webhook', 'email')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at ${T} NOT NULL,
    last_attempt_at ${T},
    last_status integer,
    last_error ${T},
    delivered_at ${T},
    UNIQUE (outbox_id, channel))`,
  `CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE delivered_at IS NULL`,
  // New articles: the import's and the crawl's insert.
  `CREATE FUNCTION alert_note_new_article() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM saved_searches) THEN
        INSERT INTO alert_changes (kind, article_id, event_id, at) VALUES ('new', NEW.id, 0, NEW.first_seen);
      END IF;
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER alert_new_article AFTER INSERT ON articles FOR EACH ROW EXECUTE FUNCTION alert_note_new_article()`,
  // Edits, removals and restorations: the crawler's (and an import's) events.
  `CREATE FUNCTION alert_note_article_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM saved_searches) THEN
        INSERT INTO alert_changes (kind, article_id, event_id, at) VALUES (NEW.type, NEW.article_id, NEW.id, NEW.at);
      END IF;
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER alert_article_event AFTER INSERT ON events FOR EACH ROW
    WHEN (NEW.type IN ('edited', 'removed', 'restored') AND NEW.article_id IS NOT NULL) EXECUTE FUNCTION alert_note_article_event()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of DDL) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS alert_article_event ON events`.execute(db);
  await sql`DROP TRIGGER IF EXISTS alert_new_article ON articles`.execute(db);
  await sql`DROP FUNCTION IF EXISTS alert_note_article_event()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS alert_note_new_article()`.execute(db);
  for (const t of ['alert_deliveries', 'alert_outbox', 'alert_changes', 'saved_searches']) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
