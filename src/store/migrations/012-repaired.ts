import { sql, type Kysely } from 'kysely';

/**
 * `repaired`: control characters (NUL, other C0 controls but tab and line breaks, DEL, C1) were dropped
 * from the text as received. Articles stored before keep 0: their text was stored as received.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE articles ADD COLUMN repaired INTEGER NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE articles DROP COLUMN repaired`.execute(db);
}
