import { sql, type Kysely } from 'kysely';

/**
 * Each image's central-window perceptual hashes (src/images/crop-probes.ts), space-separated, so the
 * similar-image index reads them instead of decoding every stored image when it is built. Null until the
 * index first computes them; empty when the stored bytes do not decode.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE images ADD COLUMN crop_phashes text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE images DROP COLUMN crop_phashes`.execute(db);
}
