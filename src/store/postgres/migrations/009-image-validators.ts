import { sql, type Kysely } from 'kysely';
import { IMAGE_VALIDATORS_DDL } from '../../image-tables.js';

/** The validators an image was served with, as SQLite's migration 020 added them. */
export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of IMAGE_VALIDATORS_DDL('postgres')) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE image_slots DROP COLUMN etag, DROP COLUMN last_modified`.execute(db);
}
