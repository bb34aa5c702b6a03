import { sql, type Kysely } from 'kysely';
import { IMAGE_IMPORTS_DDL } from '../../image-tables.js';

/** Where imported photos came from, as SQLite's migration 019 made it. */
export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of IMAGE_IMPORTS_DDL('postgres')) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS image_imports`.execute(db);
}
