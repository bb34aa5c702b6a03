import { entitiesOf } from '../entities/attach.js';
import type { SearchBackend } from '../search/backend.js';
import { searchOf } from '../search/attach.js';
import type { Article, Store } from '../store/store.js';
import { articleEntry } from './article-entry.js';
import { eventEntry, FEED_EVENT_TYPES, type FeedEventType } from './event-entry.js';
import { FEED_FORMATS, type Feed, type FeedFormat, type FeedOptions } from './feed-model.js';

/**
 * The feeds: each reads the archive (store, search, entity index) and builds the model that
 * render.ts writes out. Nothing here reaches into the crawler.
 */

export interface FeedReads {
  store: Store;
  search: SearchBackend;
}

export function feedReads(store: Store): FeedReads {
  return { store, search: searchOf(store) };
}

/** A feed's address in every format: `/feeds/search` + `.atom?q=…`. */
function selfUrls(origin: string, base: string, query: Record<string, string | undefined> = {}): Record<FeedFormat, string> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  const qs = params.size ? `?${params}` : '';
  return Object.fromEntries(FEED_FORMATS.map((f) => [f, `${origin}${base}.${f}${qs}`])) as Record<FeedFormat, string>;
}

/** The non-default parameters a feed's own address repeats. */
function shape(opts: FeedOptions): Record<string, string | undefined> {
  return { content: opts.content === 'full' ? 'full' : undefined, limit: opts.limit !== 50 ? String(opts.limit) : undefined };
}

async function articles(store: Store, ids: number[]): Promise<Article[]> {
  const found = await Promise.all(ids.map((id) => store.getArticle(id)));
  return found.filter((a): a is Article => a !== null);
}

function articleFeed(meta: Omit<Feed, 'entries'>, list: Article[], opts: FeedOptions): Feed {
  return { ...meta, entries: list.map((a) => articleEntry(a, opts.origin, opts.content)) };
}

/** Everything: the newest articles of every source (the home page's list). */
export async function allFeed(r: FeedReads, opts: FeedOptions): Promise<Feed> {
  const latest = await r.store.latest(opts.limit);
  return articleFeed(
    {
      id: `${opts.origin}/feeds/all`,
      title: 'Wirewatch: latest articles',
      subtitle: 'The newest articles of every source in this archive.',
      homePage: `${opts.origin}/`,
      self: selfUrls(opts.origin, '/feeds/all', shape(opts)),
    },
    await articles(r.store, latest.map((a) => a.id)),
    opts,
  );
}

/** The articles a search finds, newest first, with the full query language (throws QuerySyntaxError on a bad query). */
export async function queryArticles(r: FeedReads, query: string, limit: number): Promise<{ total: number; list: Article[] }> {
  const res = await r.search.search({ q: query, page: 1, perPage: limit, sort: 'newest' });
  return { total: res.total, list: await articles(r.store, res.results.map((h) => h.id)) };
}

/**
 * The feed of any query: what `/search?q=` finds, newest first. Saved searches' feeds are this feed of
 * their query (give `self` and `title` to name them).
 */
export async function searchFeed(
  r: FeedReads,
  query: string,
  opts: FeedOptions,
  // `params`: what the feed's own address must repeat to be read again (a saved search's `token`).
  named?: { id: string; title: string; base: string; params?: Record<string, string> },
): Promise<Feed> {
  const { list } = await queryArticles(r, query, opts.limit);
  const q = encodeURIComponent(query);
  return articleFeed(
    {
      id: named?.id ?? `${opts.origin}/feeds/search?q=${q}`,
      title: named?.title ?? `Wirewatch search: ${query}`,
      subtitle: `The newest articles matching ${query}.`,
      homePage: `${opts.origin}/search?q=${q}&sort=newest`,
      self: named ? selfUrls(opts.origin, named.base, { ...named.params, ...shape(opts) }) : selfUrls(opts.origin, '/feeds/search', { q: query, ...shape(opts) }),
    },
    list,
    opts,
  );
}

/** One source's newest articles (the search `source:<slug>`); null when there is no such source. */
export async function sourceFeed(r: FeedReads, slug: string, opts: FeedOptions): Promise<Feed | null> {
  const source = await r.store.getSource(slug);
  if (!source) return null;
  const { list } = await queryArticles(r, `source:${source.slug}`, opts.limit);
  return articleFeed(
    {
      id: `${opts.origin}/feeds/sources/${source.slug}`,
      title: `Wirewatch: ${source.name}`,
      subtitle: `The newest articles of ${source.name} in this archive.`,
      homePage: `${opts.origin}/sources/${source.slug}`,
      self: selfUrls(opts.origin, `/feeds/sources/${source.slug}`, shape(opts)),
    },
    list,
    opts,
  );
}

/** The newest articles mentioning a person, organization or place (the search `entity:<id>`); null when unknown. */
export async function entityFeed(r: FeedReads, id: string, opts: FeedOptions): Promise<Feed | null> {
  const entity = /^[a-z0-9][a-z0-9-]*$/.test(id) ? await entitiesOf(r.store).entity(id) : undefined;
  if (!entity) return null;
  const { list } = await queryArticles(r, `entity:${entity.id}`, opts.limit);
  return articleFeed(
    {
      id: `${opts.origin}/feeds/entities/${entity.id}`,
      title: `Wirewatch: ${entity.name}`,
      subtitle: `The newest articles that mention ${entity.name}.`,
      homePage: `${opts.origin}/entities/${entity.id}`,
      self: selfUrls(opts.origin, `/feeds/entities/${entity.id}`, shape(opts)),
    },
    list,
    opts,
  );
}

/** Edits, removals and restorations, newest first: one type, or all three. */
export async function eventsFeed(r: FeedReads, type: FeedEventType | undefined, opts: FeedOptions): Promise<Feed> {
  const types = type ? [type] : FEED_EVENT_TYPES;
  const rows = (await Promise.all(types.map((t) => r.store.crawl.events({ type: t, limit: opts.limit }))))
    .flat()
    .sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1))
    .slice(0, opts.limit)
    .filter((e) => e.articleId !== null);
  const langs = new Map<number, string>();
  const ctx = {
    origin: opts.origin,
    versions: (id: number) => r.store.crawl.versions(id),
    lang: async (id: number) => {
      if (!langs.has(id)) langs.set(id, (await r.store.getArticle(id))?.lang ?? 'en');
      return langs.get(id)!;
    },
  };
  const entries = [];
  // One comparison at a time: each is bounded, and the diff worker is shared with the pages.
  for (const e of rows) entries.push(await eventEntry(e, ctx));
  const what = type ? `${type} articles` : 'edited, removed and restored articles';
  return {
    id: `${opts.origin}/feeds/events${type ? `?type=${type}` : ''}`,
    title: `Wirewatch: ${what}`,
    subtitle: `What the sources changed after publishing: ${what}, as the archive's rechecks saw it.`,
    // The page that lists them: removals have one; edits are shown on each article's versions page.
    homePage: type === 'removed' ? `${opts.origin}/removed` : `${opts.origin}/`,
    self: selfUrls(opts.origin, '/feeds/events', { type, ...shape(opts) }),
    entries,
  };
}
