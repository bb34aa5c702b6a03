import { sql, type Kysely } from 'kysely';

const KINDS = `'new', 'edited', 'removed', 'restored', 'image-edited', 'image-replaced', 'image-removed'`;

/**
 * Saved searches follow image events, as SQLite's migration 021: the alert tables admit the image kinds,
 * the events trigger notes them, and each search gets an option per kind (existing searches: on when
 * they asked for edits, an image changed in an article being an edit of it).
 */
const DDL = [
  `ALTER TABLE alert_changes DROP CONSTRAINT alert_changes_kind_check`,
  `ALTER TABLE alert_changes ADD CONSTRAINT alert_changes_kind_check CHECK (kind IN (${KINDS}))`,
  `ALTER TABLE alert_outbox DROP CONSTRAINT alert_outbox_kind_check`,
  `ALTER TABLE alert_outbox ADD CONSTRAINT alert_outbox_kind_check CHECK (kind IN (${KINDS}))`,
  ...['notify_image_edited', 'notify_image_replaced', 'notify_image_removed'].flatMap((col) => [
    `ALTER TABLE saved_searches ADD COLUMN ${col} integer NOT NULL DEFAULT 1`,
    `UPDATE saved_searches SET ${col} = notify_edited`,
  ]),
  `DROP TRIGGER alert_article_event ON events`,
  `CREATE TRIGGER alert_article_event AFTER INSERT ON events FOR EACH ROW
    WHEN (NEW.type IN ('edited', 'removed', 'restored', 'image-edited', 'image-replaced', 'image-removed') AND NEW.article_id IS NOT NULL)
    EXECUTE FUNCTION alert_note_article_event()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of DDL) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER alert_article_event ON events`.execute(db);
  await sql`CREATE TRIGGER alert_article_event AFTER INSERT ON events FOR EACH ROW
    WHEN (NEW.type IN ('edited', 'removed', 'restored') AND NEW.article_id IS NOT NULL) EXECUTE FUNCTION alert_note_article_event()`.execute(db);
  for (const col of ['notify_image_edited', 'notify_image_replaced', 'notify_image_removed']) await sql.raw(`ALTER TABLE saved_searches DROP COLUMN ${col}`).execute(db);
}
