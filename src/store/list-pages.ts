import { sql, type Kysely } from 'kysely';
import { summaryQuery, toSummary } from './article-reads.js';
import { toEventRow, type EventDbRow } from './crawl-rows.js';
import type { EventRow } from './crawl-store.js';
import { PostgresStore } from './postgres/pg-store.js';
import type { Database as Schema } from './schema.js';
import { SqliteStore } from './sqlite-store.js';
import type { ArticleSummary, Store } from './store.js';

/**
 * Keyset pages of the archive's long lists, worded once for both backends (Kysely builds the SQL for
 * either dialect; row values `(a, b) < (x, y)` keep each page on the list's index). A page starts strictly
 * after the last row of the previous one in the list's order, so rows stored meanwhile shift nothing.
 * Each read asks for one row more than it shows: that row only says whether a next page exists.
 */
export interface ListPages {
  /** A source's articles, newest first: (published, id) descending. */
  sourceArticles(sourceId: number, after: { published: string; id: number } | null, limit: number): Promise<ArticleSummary[]>;
  /** Crawl events, newest first: (at, id) descending. */
  events(opts: { type?: string; articleId?: number }, after: { at: string; id: number } | null, limit: number): Promise<EventRow[]>;
}

const pages = new WeakMap<object, ListPages>();

/** The keyset reads of an opened archive. */
export function listPagesOf(store: Store): ListPages {
  let found = pages.get(store);
  if (!found) {
    found = kyselyListPages(archiveDbOf(store));
    pages.set(store, found);
  }
  return found;
}

/** The archive's database, for keyset reads other domains (stories, alerts) word once for both backends. */
export function archiveDbOf(store: Store): Kysely<Schema> {
  if (!(store instanceof SqliteStore || store instanceof PostgresStore)) throw new Error('keyset pages need a store on SQLite or PostgreSQL');
  return store.db;
}

export function kyselyListPages(db: Kysely<Schema>): ListPages {
  return {
    async sourceArticles(sourceId, after, limit) {
      let q = summaryQuery(db).where('a.source_id', '=', sourceId);
      if (after) q = q.where(sql<boolean>`(${sql.ref('a.published')}, ${sql.ref('a.id')}) < (${after.published}, ${after.id})`);
      const rows = await q.orderBy('a.published', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
      return rows.map(toSummary);
    },

    async events(opts, after, limit) {
      const where = [
        opts.type !== undefined ? sql`e.type = ${opts.type}` : null,
        opts.articleId !== undefined ? sql`e.article_id = ${opts.articleId}` : null,
        after ? sql`(e.at, e.id) < (${after.at}, ${after.id})` : null,
      ].filter((w) => w !== null);
      const { rows } = await sql<EventDbRow>`
        SELECT e.id, e.type, e.at, e.article_id, e.detail, s.slug AS source_slug, a.title, a.url
        FROM events e LEFT JOIN articles a ON a.id = e.article_id LEFT JOIN sources s ON s.id = e.source_id
        ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
        ORDER BY e.at DESC, e.id DESC LIMIT ${limit}`.execute(db);
      return rows.map(toEventRow);
    },
  };
}
