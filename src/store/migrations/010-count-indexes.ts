import { sql, type Kysely } from 'kysely';

// Partial indexes so the archive's counts (duplicates, damaged) never scan the article texts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('articles_duplicates').on('articles').column('duplicate_of').where('duplicate_of', 'is not', null).execute();
  await db.schema.createIndex('articles_damaged').on('articles').column('id').where(sql.ref('damaged'), '=', 1).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_damaged').execute();
  await db.schema.dropIndex('articles_duplicates').execute();
}
