import { sql, type Kysely } from 'kysely';

/** Crawler state: what to fetch and when, raw bodies by hash, fetch log for source health. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('removed_at', 'text').execute();
  // When the current text was first seen (an edit moves the old text to `versions`).
  await db.schema.alterTable('articles').addColumn('text_seen_at', 'text').execute();
  await sql`UPDATE articles SET text_seen_at = first_seen`.execute(db);
  await db.schema.alterTable('captures').addColumn('headers', 'text').execute();
  await db.schema.alterTable('captures').addColumn('error_kind', 'text').execute();

  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', 'blob', (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('crawl_urls')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id'))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('fetch_url', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.references('articles.id'))
    .addColumn('listing_date', 'text')
    .addColumn('hint', 'text')
    .addColumn('discovered_at', 'text', (c) => c.notNull())
    .addColumn('last_checked_at', 'text')
    .addColumn('next_check_at', 'text', (c) => c.notNull())
    .addColumn('recheck_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('missing_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('missing_since', 'text')
    .addColumn('fail_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('raw_sha256', 'text')
    .execute();
  await db.schema.createIndex('crawl_urls_due').on('crawl_urls').columns(['source_id', 'state', 'next_check_at']).execute();
  await db.schema.createIndex('crawl_urls_article').on('crawl_urls').column('article_id').execute();

  await db.schema
    .createTable('crawl_listings')
    .addColumn('url', 'text', (c) => c.primaryKey())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('raw_sha256', 'text')
    .addColumn('last_polled_at', 'text')
    .execute();

  await db.schema
    .createTable('source_state')
    .addColumn('source_id', 'integer', (c) => c.primaryKey())
    .addColumn('next_listing_at', 'text')
    .addColumn('last_listing_at', 'text')
    .execute();

  await db.schema
    .createTable('fetch_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error_kind', 'text')
    .addColumn('message', 'text')
    .addColumn('elapsed_ms', 'integer')
    .execute();
  await db.schema.createIndex('fetch_log_source_at').on('fetch_log').columns(['source_id', 'at']).execute();
  await db.schema.createIndex('events_article').on('events').columns(['article_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['fetch_log', 'source_state', 'crawl_listings', 'crawl_urls', 'blobs']) await db.schema.dropTable(t).execute();
  await db.schema.dropIndex('events_article').execute();
}
