import { sql, type Kysely } from 'kysely';

/**
 * search_index keeps only each article's token count (BM25's document length) and the triggers that mark
 * its postings stale: searches read the positional postings (migration 013), and the vectors with their
 * GIN index, written for every article but read by no search, took a third of an import's time
 * (docs/search.md, "Why no tsvector"). A rewrite of the row, of any column, marks the article stale.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP TRIGGER IF EXISTS search_index_rewritten ON search_index').execute(db);
  await sql.raw('CREATE TRIGGER search_index_rewritten AFTER UPDATE ON search_index FOR EACH ROW EXECUTE FUNCTION search_index_stale()').execute(db);
  await sql.raw('DROP INDEX IF EXISTS search_index_doc').execute(db);
  await sql.raw('DROP INDEX IF EXISTS search_index_inexact').execute(db);
  await sql.raw('ALTER TABLE search_index DROP COLUMN IF EXISTS doc, DROP COLUMN IF EXISTS exact').execute(db);
}

/** The columns and indexes back, empty: vectors are no longer written. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`ALTER TABLE search_index ADD COLUMN doc tsvector NOT NULL DEFAULT '', ADD COLUMN exact boolean NOT NULL DEFAULT true`).execute(db);
  await sql.raw('CREATE INDEX search_index_doc ON search_index USING gin (doc)').execute(db);
  await sql.raw('CREATE INDEX search_index_inexact ON search_index (article_id) WHERE NOT exact').execute(db);
  await sql.raw('DROP TRIGGER IF EXISTS search_index_rewritten ON search_index').execute(db);
  await sql.raw('CREATE TRIGGER search_index_rewritten AFTER UPDATE OF doc ON search_index FOR EACH ROW EXECUTE FUNCTION search_index_stale()').execute(db);
}
