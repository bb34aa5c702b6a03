import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { alertsOf } from '../alerts/attach.js';
import type { SavedSearch } from '../alerts/saved-searches.js';
import { allFeed, entityFeed, eventsFeed, feedReads, searchFeed, sourceFeed } from '../feeds/build.js';
import { FEED_EVENT_TYPES, type FeedEventType } from '../feeds/event-entry.js';
import { DEFAULT_LIMIT, FEED_FORMATS, feedChanged, MAX_LIMIT, type Feed, type FeedFormat, type FeedOptions } from '../feeds/feed-model.js';
import { FEED_CONTENT_TYPES, renderFeed } from '../feeds/render.js';
import { SearchRequestError } from '../search/backend.js';
import { QuerySyntaxError } from '../search/query/errors.js';
import type { Store } from '../store/store.js';
import { LEVEL } from '../store/accounts.js';
import { ownOrigin, type AuthEnv } from './auth.js';
import { parseId } from './params.js';

/** A bad parameter: 400 with a message. */
class FeedRequestError extends Error {}

/** `all.atom` → name `all`, format `atom`; null for any other ending. */
function splitFile(file: string): { name: string; format: FeedFormat } | null {
  const dot = file.lastIndexOf('.');
  const format = file.slice(dot + 1) as FeedFormat;
  if (dot <= 0 || !(FEED_FORMATS as readonly string[]).includes(format)) return null;
  return { name: file.slice(0, dot), format };
}

function options(c: Context): FeedOptions {
  const content = c.req.query('content') || 'summary';
  if (content !== 'summary' && content !== 'full') throw new FeedRequestError('content must be summary or full');
  const limitText = c.req.query('limit');
  const limit = limitText === undefined || limitText === '' ? DEFAULT_LIMIT : /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) throw new FeedRequestError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  return { origin: ownOrigin(c), content, limit };
}

/** The validators of a written feed: a weak ETag (the body may be compressed on the way) and its newest change. */
function validators(body: string, feed: Feed): { etag: string; lastModified: string | null } {
  const changed = feedChanged(feed);
  return {
    etag: `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    lastModified: changed.getTime() > 0 ? changed.toUTCString() : null,
  };
}

/** RFC 9110: If-None-Match decides when given (weak comparison); otherwise If-Modified-Since. */
function notModified(c: Context, v: { etag: string; lastModified: string | null }): boolean {
  const inm = c.req.header('if-none-match');
  if (inm !== undefined) {
    const opaque = (t: string) => t.trim().replace(/^W\//, '');
    return inm.trim() === '*' || inm.split(',').some((t) => opaque(t) === opaque(v.etag));
  }
  const ims = c.req.header('if-modified-since');
  if (ims === undefined || v.lastModified === null) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Date.parse(v.lastModified) <= since;
}

function send(c: Context, feed: Feed, format: FeedFormat): Response {
  const body = renderFeed(feed, format);
  const v = validators(body, feed);
  const headers: Record<string, string> = { etag: v.etag, 'cache-control': 'no-cache' };
  if (v.lastModified) headers['last-modified'] = v.lastModified;
  if (notModified(c, v)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'content-type': FEED_CONTENT_TYPES[format] });
}

/** Bad parameters and queries answer 400 (a query with the position of its mistake, as /api/search does). */
async function guard(c: Context, f: () => Promise<Response>): Promise<Response> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof QuerySyntaxError) return c.json(e.toJSON(), 400);
    if (e instanceof SearchRequestError || e instanceof FeedRequestError) return c.json({ error: 'bad_request', message: e.message }, 400);
    throw e;
  }
}

const notFound = (c: Context, message: string) => c.json({ error: 'not_found', message }, 404);

/** A query with a name and an address of its own (a saved search). */
export interface NamedQuery {
  query: string;
  title: string;
  /** Parameters the feed's own address repeats (a saved search's `token`). */
  params?: Record<string, string>;
}

/**
 * Answers `<base>/<id>.<format>` with the feed of a named query, looked up by id: a saved search's feed is
 * one line, `app.get('/feeds/saved/:file', (c) => sendQueryFeed(c, store, '/feeds/saved', (id) => …))`.
 */
export function sendQueryFeed(c: Context, store: Store, base: string, find: (id: string) => NamedQuery | null | Promise<NamedQuery | null>): Promise<Response> {
  return guard(c, async () => {
    const file = splitFile(c.req.param('file') ?? '');
    if (!file) return notFound(c, 'feeds end in .atom, .rss or .json');
    const named = await find(file.name);
    if (!named) return notFound(c, `there is no feed ${c.req.path}`);
    const opts = options(c);
    const path = `${base}/${encodeURIComponent(file.name)}`;
    return send(c, await searchFeed(feedReads(store), named.query, opts, { id: `${opts.origin}${path}`, title: named.title, base: path, params: named.params }), file.format);
  });
}

/** Compares digests, so the time taken says nothing about how much of a token was right. */
function sameToken(given: string, expected: string): boolean {
  const digest = (t: string) => createHash('sha256').update(t).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Whether a request may read a saved search's feed: its owner or an admin (session or token), or anyone
 * with the search's feed token in `?token=` (feed readers cannot sign in).
 */
function mayReadSaved(c: Context<AuthEnv>, s: SavedSearch): boolean {
  const token = c.req.query('token');
  if (token !== undefined) return sameToken(token, s.feedToken);
  const auth = c.get('auth');
  return !!auth && (auth.level >= LEVEL.admin || s.ownerUserId === auth.user.id);
}

/**
 * Feeds in Atom, RSS 2.0 and JSON Feed 1.1 (see docs/alerts.md): everything, each source, any search,
 * each entity, and events. GET routes like the pages: in a private archive they need a login or a token.
 */
export function feedRoutes(store: Store): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const reads = () => feedReads(store);

  app.get('/feeds/:file', (c) =>
    guard(c, async () => {
      const file = splitFile(c.req.param('file'));
      if (!file) return notFound(c, 'feeds end in .atom, .rss or .json');
      const opts = options(c);
      if (file.name === 'all') return send(c, await allFeed(reads(), opts), file.format);
      if (file.name === 'search') {
        const q = c.req.query('q');
        if (q === undefined || !q.trim()) throw new FeedRequestError('give a query: ?q=…');
        return send(c, await searchFeed(reads(), q, opts), file.format);
      }
      if (file.name === 'events') {
        const type = c.req.query('type') || undefined;
        if (type !== undefined && !(FEED_EVENT_TYPES as readonly string[]).includes(type)) throw new FeedRequestError(`type must be one of ${FEED_EVENT_TYPES.join(', ')}`);
        return send(c, await eventsFeed(reads(), type as FeedEventType | undefined, opts), file.format);
      }
      return notFound(c, `there is no feed ${c.req.path}`);
    }),
  );

  // A saved search's feed. Unknown ids and wrong tokens answer the same 404: neither says the other exists.
  app.get('/feeds/saved/:file', (c) =>
    sendQueryFeed(c, store, '/feeds/saved', async (id) => {
      const n = parseId(id);
      const s = n === null ? null : await alertsOf(store).searches.get(n);
      if (!s || !mayReadSaved(c, s)) return null;
      const token = c.req.query('token');
      return { query: s.query, title: s.name, params: token ? { token } : undefined };
    }),
  );

  app.get('/feeds/sources/:file', (c) =>
    guard(c, async () => {
      const file = splitFile(c.req.param('file'));
      if (!file) return notFound(c, 'feeds end in .atom, .rss or .json');
      const feed = await sourceFeed(reads(), file.name, options(c));
      return feed ? send(c, feed, file.format) : notFound(c, `there is no source called ${file.name}`);
    }),
  );

  app.get('/feeds/entities/:file', (c) =>
    guard(c, async () => {
      const file = splitFile(c.req.param('file'));
      if (!file) return notFound(c, 'feeds end in .atom, .rss or .json');
      const feed = await entityFeed(reads(), file.name, options(c));
      return feed ? send(c, feed, file.format) : notFound(c, `there is no entity ${file.name}`);
    }),
  );
  return app;
}
