import { sql, type Kysely } from 'kysely';
import { foldStoredCopies } from '../fold-copies.js';

/**
 * One text, one article: the same text under several URLs of a source is one article with those URLs.
 * Adds the boilerplate-insensitive text key (computed for every stored body by the `text_key` SQL function
 * the store registers), indexes it in place of the body hash, marks URLs that are copies, and folds the
 * copies stored before as articles of their own (`duplicate_of`) into the article holding the text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE articles ADD COLUMN text_key INTEGER`.execute(db);
  await sql`ALTER TABLE article_urls ADD COLUMN is_copy INTEGER NOT NULL DEFAULT 0`.execute(db);
  // The text each crawled URL served last: a copy's own wording, seen again, is not an edit of the article.
  await sql`ALTER TABLE crawl_urls ADD COLUMN content_hash TEXT`.execute(db);
  await sql`UPDATE articles SET text_key = text_key(body)`.execute(db);
  await sql`DROP INDEX IF EXISTS articles_source_body`.execute(db);
  await sql`DROP INDEX IF EXISTS articles_duplicates`.execute(db);
  await sql`CREATE INDEX articles_source_text ON articles (source_id, text_key)`.execute(db);
  await sql`CREATE INDEX article_urls_copies ON article_urls (article_id) WHERE is_copy = 1`.execute(db);
  await foldStoredCopies(db);
}

export async function down(): Promise<void> {
  throw new Error('011-one-text cannot be undone: folded copies are URLs of their article now');
}
