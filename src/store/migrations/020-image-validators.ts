import { sql, type Kysely } from 'kysely';
import { IMAGE_VALIDATORS_DDL } from '../image-tables.js';

/** The validators an image was served with, so a recheck can ask "changed since?" (see src/store/image-tables.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of IMAGE_VALIDATORS_DDL('sqlite')) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE image_slots DROP COLUMN etag`.execute(db);
  await sql`ALTER TABLE image_slots DROP COLUMN last_modified`.execute(db);
}
