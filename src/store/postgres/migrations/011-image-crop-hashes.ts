import { sql, type Kysely } from 'kysely';

/** Each image's central-window perceptual hashes, as SQLite's migration 022 added them. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE images ADD COLUMN crop_phashes text COLLATE "C"`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE images DROP COLUMN crop_phashes`.execute(db);
}
