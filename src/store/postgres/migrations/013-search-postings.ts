import { sql, type Kysely } from 'kysely';
import { POSTINGS_LOCK } from '../../../search/postgres/postings/postings-store.js';
import { rebuildPostings } from '../../../search/postgres/postings/rebuild.js';

/**
 * Positional postings beside search_index (docs/search.md, "Postings on PostgreSQL"): per segment, blocks
 * of lexemes' doclists with every position, so ids, phrases and BM25 counts come without reading any
 * vector. Segments are written in the ingest transaction and merged as they accumulate; an article's
 * entries in segments older than its mark in search_dead are stale (it was indexed again, or removed):
 * the triggers below mark it whenever its row of search_index changes or goes.
 */
const DDL = [
  `CREATE SEQUENCE search_segment_ids`,
  `CREATE TABLE search_segments (
    id bigint PRIMARY KEY,
    hi bigint NOT NULL,
    bytes bigint NOT NULL,
    articles integer NOT NULL,
    first_id bigint,
    last_id bigint)`,
  // A block larger than a part (a frequent word's doclist) is stored in parts: the driver reads one large
  // value far slower than many small ones (5 MB in one row: 72–168 ms; in 64 kB rows: 15–37 ms).
  `CREATE TABLE search_blocks (
    seg bigint NOT NULL REFERENCES search_segments (id) ON DELETE CASCADE,
    first_lexeme text COLLATE "C" NOT NULL,
    part integer NOT NULL,
    data bytea NOT NULL,
    pos bytea NOT NULL,
    PRIMARY KEY (seg, first_lexeme, part))`,
  // Varints compress poorly: stored as they are, read without decompressing. The positions are a column
  // of their own: a word alone is read without them (most of a frequent word's bytes).
  `ALTER TABLE search_blocks ALTER COLUMN data SET STORAGE EXTERNAL, ALTER COLUMN pos SET STORAGE EXTERNAL`,
  `CREATE TABLE search_dead (
    article_id bigint PRIMARY KEY,
    since bigint NOT NULL)`,
  `CREATE FUNCTION search_index_stale() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_advisory_xact_lock(${POSTINGS_LOCK});
     INSERT INTO search_dead (article_id, since) VALUES (OLD.article_id, nextval('search_segment_ids'))
       ON CONFLICT (article_id) DO UPDATE SET since = excluded.since;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER search_index_removed AFTER DELETE ON search_index FOR EACH ROW EXECUTE FUNCTION search_index_stale()`,
  `CREATE TRIGGER search_index_rewritten AFTER UPDATE OF doc ON search_index FOR EACH ROW EXECUTE FUNCTION search_index_stale()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of DDL) await sql.raw(statement).execute(db);
  await rebuildPostings(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP TRIGGER IF EXISTS search_index_removed ON search_index').execute(db);
  await sql.raw('DROP TRIGGER IF EXISTS search_index_rewritten ON search_index').execute(db);
  await sql.raw('DROP FUNCTION IF EXISTS search_index_stale()').execute(db);
  await sql.raw('DROP TABLE IF EXISTS search_dead, search_blocks, search_segments').execute(db);
  await sql.raw('DROP SEQUENCE IF EXISTS search_segment_ids').execute(db);
}
