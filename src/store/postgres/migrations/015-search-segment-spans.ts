import { sql, type Kysely } from 'kysely';

/**
 * Each postings segment's lowest and highest article id: a search within an id range (a date filter, whose
 * articles' ids lie close together) reads only the segments that reach into it. Segments written before
 * have none until merged or rebuilt, and are always read. (Migration 013 creates the columns since, as its
 * rebuild writes segments with them.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw('ALTER TABLE search_segments ADD COLUMN IF NOT EXISTS first_id bigint, ADD COLUMN IF NOT EXISTS last_id bigint').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('ALTER TABLE search_segments DROP COLUMN IF EXISTS first_id, DROP COLUMN IF EXISTS last_id').execute(db);
}
