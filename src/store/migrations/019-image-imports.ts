import { sql, type Kysely } from 'kysely';
import { IMAGE_IMPORTS_DDL } from '../image-tables.js';

/** Where imported photos came from (see src/store/image-tables.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of IMAGE_IMPORTS_DDL('sqlite')) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS image_imports`.execute(db);
}
