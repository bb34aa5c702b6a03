import { sql, type Kysely } from 'kysely';
import { IMAGE_TABLES_DDL } from '../../image-tables.js';

/** Captured images and article image versions, as SQLite's migration 018 made them. */
export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of IMAGE_TABLES_DDL('postgres')) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['image_slots', 'image_sets', 'images']) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
