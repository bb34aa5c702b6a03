import { sql, type Kysely } from 'kysely';

/**
 * Search index writes tuned for bulk loads (measured on the whole kcna.co.jp corpus, docs/scaling.md):
 * - The GIN index's pending-list limit moves from the index to the session: every connection of the
 *   archive sets 256 kB (openPostgres), so searches never scan a long pending list, while an import's
 *   transactions raise it to 64 MB and merge far larger runs of entries at once (PgIndexer.beginBulk).
 * - Vectors and article bodies are compressed with lz4 where the server has it (PostgreSQL 14 or later,
 *   built with lz4, as Debian's is): several times cheaper than pglz to write and, for rankings, to read.
 *   New values only; `wirewatch reindex` rewrites the vectors.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER INDEX search_index_doc RESET (gin_pending_list_limit)`.execute(db);
  await sql
    .raw(
      // EXECUTE: a server older than 14 does not know the clause, and fails it here, not when reading the block.
      `DO $$ BEGIN
         EXECUTE 'ALTER TABLE search_index ALTER COLUMN doc SET COMPRESSION lz4';
         EXECUTE 'ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4';
       EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
         NULL;
       END $$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER INDEX search_index_doc SET (gin_pending_list_limit = 256)`.execute(db);
  await sql.raw(`DO $$ BEGIN
      EXECUTE 'ALTER TABLE search_index ALTER COLUMN doc SET COMPRESSION default';
      EXECUTE 'ALTER TABLE articles ALTER COLUMN body SET COMPRESSION default';
    EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN NULL; END $$`).execute(db);
}
