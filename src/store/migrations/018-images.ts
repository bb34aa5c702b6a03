import { sql, type Kysely } from 'kysely';
import { IMAGE_TABLES_DDL } from '../image-tables.js';

/**
 * Captured images, content-addressed by SHA-256, and per article the ordered image slots each image
 * version held (see src/store/image-tables.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of IMAGE_TABLES_DDL('sqlite')) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['image_slots', 'image_sets', 'images']) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
