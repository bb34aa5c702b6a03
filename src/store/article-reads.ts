import { sql, type Kysely, type Selectable } from 'kysely';
import { urlLookupForms } from '../urls/equivalent.js';
import type { ArticlesTable, Database as Schema } from './schema.js';
import type { Article, ArticleSummary, SourceRow } from './store.js';

/**
 * The archive's reads that every backend words the same way (Kysely builds them for either dialect): the
 * stores call these, and keep only what needs their own SQL or caching.
 */

export async function readArticle(db: Kysely<Schema>, id: number): Promise<Article | null> {
  const row = await db
    .selectFrom('articles as a')
    .innerJoin('sources as s', 's.id', 'a.source_id')
    .selectAll('a')
    .select(['s.slug as source_slug', 's.name as source_name'])
    .select((eb) => eb.selectFrom('versions as v').whereRef('v.article_id', '=', 'a.id').select(eb.fn.countAll<number>().as('n')).as('version_count'))
    // The capture that read the current text tells how it was read.
    .select((eb) =>
      eb
        .selectFrom('captures as c')
        .whereRef('c.article_id', '=', 'a.id')
        .whereRef('c.content_hash', '=', 'a.content_hash')
        .select('c.extractor')
        .orderBy('c.taken_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(1)
        .as('extractor'),
    )
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const urls = await db
    .selectFrom('article_urls')
    .select(['url', 'is_copy'])
    .where('article_id', '=', id)
    .where('is_canonical', '=', 0)
    .orderBy('url')
    .execute();
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceSlug: row.source_slug,
    sourceName: row.source_name,
    url: row.url,
    aliases: urls.map((u) => u.url).filter((u) => u !== row.url),
    copies: urls.filter((u) => u.is_copy === 1 && u.url !== row.url).map((u) => u.url),
    lang: row.lang,
    title: row.title,
    titleDerived: row.title_derived === 1,
    published: row.published,
    publishedAt: row.published_at,
    datePrecision: row.date_precision,
    dateFrom: row.date_from,
    body: row.body.split('\n'),
    status: row.status,
    damaged: row.damaged === 1,
    repaired: row.repaired === 1,
    duplicateOf: row.duplicate_of,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    listingDate: row.listing_date,
    removedAt: row.removed_at ?? null,
    versions: 1 + Number(row.version_count ?? 0),
    extractor: row.extractor ?? null,
  };
}

/** The article stored under this URL or an equivalent form of it (src/urls/equivalent.ts: scheme, www., slash, tracking). */
export async function articleIdByUrl(db: Kysely<Schema>, url: string): Promise<number | null> {
  const forms = urlLookupForms(url);
  const rows = await db.selectFrom('article_urls').select(['url', 'article_id']).where('url', 'in', forms).execute();
  const byForm = new Map(rows.map((r) => [r.url, r.article_id]));
  for (const f of forms) if (byForm.has(f)) return byForm.get(f)!;
  return null;
}

export async function sourcesWithCounts(db: Kysely<Schema>): Promise<SourceRow[]> {
  const rows = await db
    .selectFrom('sources as s')
    .select(['s.id', 's.slug', 's.name', 's.homepage', 's.lang'])
    .select((eb) => eb.selectFrom('articles as a').whereRef('a.source_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('articles'))
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({ ...r, articles: Number(r.articles ?? 0) }));
}

/** One page of a source's newest-first listing. */
export async function sourcePageItems(db: Kysely<Schema>, sourceId: number, page: number, perPage: number): Promise<ArticleSummary[]> {
  // Page through the covering index first; only the rows shown are read from the table.
  const pageIds = db
    .selectFrom('articles')
    .select('id')
    .where('source_id', '=', sourceId)
    .orderBy('published', 'desc')
    .orderBy('id', 'desc')
    .limit(perPage)
    .offset(Math.max(0, page - 1) * perPage);
  const rows = await summaryQuery(db).where('a.id', 'in', pageIds).orderBy('a.published', 'desc').orderBy('a.id', 'desc').execute();
  return rows.map(toSummary);
}

export async function yearCounts(db: Kysely<Schema>, sourceId: number): Promise<{ year: string; count: number }[]> {
  const rows = await db
    .selectFrom('articles')
    .select([sql<string>`substr(published, 1, 4)`.as('year'), (eb) => eb.fn.countAll<number>().as('count')])
    .where('source_id', '=', sourceId)
    .groupBy(sql`substr(published, 1, 4)`)
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => ({ year: r.year, count: Number(r.count) }));
}

/** Articles of the same source next to one, in (published, id) order; row values keep it on the index. */
export async function neighbours(db: Kysely<Schema>, article: Article, side: 'older' | 'newer', limit: number): Promise<ArticleSummary[]> {
  if (limit <= 0) return [];
  const key = sql`(${sql.ref('a.published')}, ${sql.ref('a.id')})`;
  const at = sql`(${article.published}, ${article.id})`;
  const dir = side === 'older' ? 'desc' : 'asc';
  const rows = await summaryQuery(db)
    .where('a.source_id', '=', article.sourceId)
    .where(side === 'older' ? sql<boolean>`${key} < ${at}` : sql<boolean>`${key} > ${at}`)
    .orderBy('a.published', dir)
    .orderBy('a.id', dir)
    .limit(limit)
    .execute();
  return rows.map(toSummary);
}

/** The page of the source's listing that holds the article at `position`, read outward from it along the index. */
export async function pageAround(db: Kysely<Schema>, article: Article, position: number, perPage: number): Promise<{ page: number; items: ArticleSummary[] }> {
  const above = position % perPage;
  const newer = above ? await neighbours(db, article, 'newer', above) : [];
  const older = await neighbours(db, article, 'older', perPage - 1 - above);
  const self = await summaryQuery(db).where('a.id', '=', article.id).executeTakeFirstOrThrow();
  return { page: Math.floor(position / perPage) + 1, items: [...newer.reverse(), toSummary(self), ...older] };
}

export async function latestArticles(db: Kysely<Schema>, limit: number): Promise<ArticleSummary[]> {
  const rows = await summaryQuery(db).orderBy('a.published', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
  return rows.map(toSummary);
}

export async function articlesOfDay(db: Kysely<Schema>, day: string): Promise<ArticleSummary[]> {
  const rows = await summaryQuery(db).where('a.published', '=', day).orderBy('s.name').orderBy('a.id').execute();
  return rows.map(toSummary);
}

export async function countsByDay(db: Kysely<Schema>, from: string, to: string): Promise<{ day: string; count: number }[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['published as day', (eb) => eb.fn.countAll<number>().as('count')])
    .where('published', '>=', from)
    .where('published', '<=', to)
    .groupBy('published')
    .orderBy('published')
    .execute();
  return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
}

export function summaryQuery(db: Kysely<Schema>) {
  return db
    .selectFrom('articles as a')
    .innerJoin('sources as s', 's.id', 'a.source_id')
    .select(['a.id', 'a.title', 'a.published', 'a.url', 'a.lang', 'a.duplicate_of', 'a.status', 's.slug as source_slug', 's.name as source_name']);
}

type SummaryRow = Pick<Selectable<ArticlesTable>, 'id' | 'title' | 'published' | 'url' | 'lang' | 'duplicate_of' | 'status'> & {
  source_slug: string;
  source_name: string;
};

export function toSummary(r: SummaryRow): ArticleSummary {
  return {
    id: r.id,
    title: r.title,
    published: r.published,
    url: r.url,
    lang: r.lang,
    sourceSlug: r.source_slug,
    sourceName: r.source_name,
    duplicateOf: r.duplicate_of,
    status: r.status,
  };
}
