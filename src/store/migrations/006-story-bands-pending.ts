import { sql, type Kysely } from 'kysely';

/**
 * New LSH bucket rows are appended here (rowid order: only the last page is written) and moved into
 * `story_bands` in key order every 120,000 rows (10,000 articles). Inserting bucket keys, which are random, one
 * article at a time rewrote a page of `story_bands` per row per commit (gigabytes of WAL for the corpus).
 * Replaced by migration 007: pending rows now live in memory and come back from the stored signatures.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE story_bands_pending (
    key INTEGER NOT NULL,
    article_id INTEGER NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS story_bands_pending`.execute(db);
}
