import { sql, type Kysely } from 'kysely';

/**
 * The bucket-key filter of `story_bands` (src/stories/band-filter.ts), one row. Written whenever pending
 * bucket rows move into `story_bands`; built from `story_bands` when missing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE story_band_filter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    bits BLOB NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS story_band_filter`.execute(db);
}
