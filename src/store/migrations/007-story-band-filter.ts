import { sql, type Kysely } from 'kysely';

/**
 * The bucket-key filter of `story_bands` (src/stories/band-filter.ts) and `through`: every article up to
 * that id has its bucket rows in `story_bands`; later ones are computed again from their stored signatures
 * (src/stories/sqlite/sqlite-stories.ts), so rows waiting to move need no table of their own. The rows of
 * `story_bands_pending` (migration 006) move into `story_bands` here; the filter row is built on first use.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE story_band_filter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    bits BLOB NOT NULL,
    through INTEGER NOT NULL
  )`.execute(db);
  await sql`INSERT OR IGNORE INTO story_bands (key, article_id) SELECT key, article_id FROM story_bands_pending ORDER BY key, article_id`.execute(db);
  await sql`DROP TABLE story_bands_pending`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS story_band_filter`.execute(db);
  await sql`CREATE TABLE story_bands_pending (key INTEGER NOT NULL, article_id INTEGER NOT NULL)`.execute(db);
}
