import { z } from 'zod';
import { FEED_EVENT_TYPES } from '../../feeds/event-entry.js';
import { error, html, ID, PAGE, redirect, text, type RouteDoc } from './route-doc.js';

const tag = 'Pages';
const page = (path: string, summary: string, extra: Partial<RouteDoc> = {}): RouteDoc => {
  const responses: RouteDoc['responses'] = { 200: html(summary) };
  if (path.includes(':')) responses[404] = html('nothing by that name');
  return { method: 'get', path, tag, access: 'read', summary, responses, ...extra };
};
const form = (path: string, summary: string, fields: string, access: RouteDoc['access'] = 'editor', extra: Partial<RouteDoc> = {}): RouteDoc => ({
  method: 'post',
  path,
  tag,
  access,
  summary,
  body: { form: `${fields}, _csrf (the session's CSRF token)` },
  responses: { 303: redirect('done: back to the page, which says so'), 400: html('refused, with the reason') },
  ...extra,
});

const FEED_TYPES = {
  'application/atom+xml': 'Atom (file ending .atom)',
  'application/rss+xml': 'RSS 2.0 (.rss)',
  'application/feed+json': 'JSON Feed 1.1 (.json)',
};
const feedQuery = z.object({
  content: z.enum(['summary', 'full']).optional().describe('default summary'),
  limit: z.number().int().min(1).max(200).optional().describe('entries, default 50'),
});
const feed = (path: string, summary: string, file: string, extra: Partial<RouteDoc> = {}): RouteDoc => ({
  method: 'get',
  path,
  tag: 'Feeds',
  access: 'read',
  summary,
  params: { file },
  query: feedQuery,
  headers: { 'If-None-Match': 'the ETag last read', 'If-Modified-Since': 'the Last-Modified last read' },
  responses: {
    200: { description: 'the feed', content: FEED_TYPES, headers: { ETag: 'weak validator', 'Last-Modified': 'the newest change' } },
    304: { description: 'not modified since the ETag or date given' },
    400: error('a bad parameter or query'),
    404: error('no such feed, or not a .atom, .rss or .json ending'),
  },
  ...extra,
});
const asset = (path: string, type: string, summary: string): RouteDoc => ({
  method: 'get',
  path,
  tag: 'Static',
  access: 'open',
  summary,
  responses: { 200: { description: summary, content: { [type]: summary } } },
});
const ORIGINAL = 'the original URL, as is (e.g. http://www.kcna.kp/en/article/q/1.kcmsf)';

/** Pages, forms, feeds, Memento and static files. */
export const pageDocs: RouteDoc[] = [
  page('/', 'Latest articles and per-source counts'),
  page('/about/counts', 'How the archive counts articles, copies and stories'),
  page('/sources', 'Every source'),
  page('/sources/:slug', "A source's articles, newest first, with counts per year", { params: { slug: 'the source slug' }, query: PAGE }),
  page('/sources/:slug/health', "A source's crawl health", { params: { slug: 'the source slug' } }),
  page('/health', 'Crawl health of every source'),
  page('/removed', 'Articles the outlets removed'),
  page('/articles/:id', 'An article: its text, date, source, story and citation', {
    params: { id: ID },
    query: z.object({ more: z.number().int().min(1).optional().describe('page of "More from the source"') }),
  }),
  page('/articles/:id/versions', "An article's versions and how two compare", {
    params: { id: ID },
    query: z.object({ from: z.number().int().min(1).optional(), to: z.number().int().min(1).optional(), page: z.number().int().min(1).optional() }),
  }),
  page('/articles/:id/versions/:n', 'The permanent page of a version, with "Cite this version"', {
    params: { id: ID, n: 'the version, 1 = the first text seen' },
    responses: { 200: { ...html('the version'), headers: { 'Memento-Datetime': 'when this version was captured', Link: 'original, timemap, timegate, neighbouring mementos' } }, 404: html('no such version') },
  }),
  {
    method: 'get',
    path: '/articles/:id/versions/:n/raw',
    tag: 'Citing',
    access: 'read',
    summary: 'The bytes the outlet served for a version, as a download',
    params: { id: ID, n: 'the version' },
    example: { id: '1', n: '1' },
    responses: { 200: { description: 'the raw bytes; their SHA-256 is the version page\'s', content: { 'application/octet-stream': 'the page as fetched' } }, 404: text('no such version, or no raw bytes kept (an import)') },
  },
  page('/days/:day', "Every source's articles of a day, with the month's calendar", { params: { day: 'YYYY-MM-DD' }, responses: { 200: html('the day'), 400: html('not a calendar date') } }),
  page('/stories', 'Stories of two or more copies', { query: PAGE }),
  page('/stories/:id', 'A story: its copies over time and how two compare', {
    params: { id: ID },
    query: z.object({ a: z.number().int().optional().describe('a copy to compare'), b: z.number().int().optional().describe('the other copy') }),
  }),
  page('/search', 'Search with facets and the attention chart', {
    query: z.object({
      q: z.string().optional(),
      page: z.number().int().min(1).optional(),
      sort: z.enum(['relevance', 'newest', 'oldest']).optional(),
      collapse: z.string().optional().describe('any value: one article per story'),
    }),
    responses: { 200: html('the results'), 302: redirect('a URL the archive holds: to its article'), 400: html('a query that does not parse') },
  }),
  page('/entities', 'People, organizations and places', { query: z.object({ q: z.string().optional() }) }),
  page('/entities/candidates', 'Candidate names waiting for review'),
  form('/entities/candidates', 'Accept, reject or restore a candidate name', 'name, action (accept, reject or restore)'),
  page('/entities/:id', 'An entity: mentions per month, co-mentions, and for tracked leaders the appearances', {
    params: { id: 'an entity id' },
    query: z.object({ year: z.number().int().optional().describe('appearances of that year') }),
  }),
  form('/entities/:id/remove', "Remove a name accepted into this archive's gazetteer", 'none', 'editor', { params: { id: 'an entity id' } }),
  page('/watch', 'Your saved searches and their alerts', { access: 'user' }),
  form('/watch', 'Save a search', 'name, query, notify_new|edited|removed|restored|imageEdited|imageReplaced|imageRemoved, webhook, email, digest', 'editor', { responses: { 200: html('saved: the page with the webhook secret, shown once'), 303: redirect('saved'), 400: html('not saved, with the reason') } }),
  form('/watch/:id/delete', 'Delete a saved search', 'none', 'editor', { params: { id: ID }, responses: { 303: redirect('deleted'), 404: html('no such saved search, or not yours') } }),
  form('/watch/:id/resume', "Resume a saved search's paused webhook", 'none', 'editor', { params: { id: ID }, responses: { 303: redirect('resumed'), 404: html('no such saved search, or not yours') } }),
  { ...page('/admin', 'The admin area'), access: 'admin', responses: { 303: redirect('to /admin/users') } },
  { ...page('/admin/users', 'Users and API tokens', { query: z.object({ added: z.string().optional(), removed: z.string().optional(), changed: z.string().optional(), revoked: z.string().optional() }) }), access: 'admin' },
  form('/admin/users', 'Add a user', 'name, role, password', 'admin'),
  form('/admin/users/remove', 'Remove a user', 'name', 'admin'),
  form('/admin/users/role', "Change a user's role", 'name, role', 'admin'),
  form('/admin/tokens/revoke', 'Revoke a token', 'id', 'admin'),

  feed('/feeds/:file', 'Everything, a search, or events', 'all.atom|rss|json, search.atom|rss|json (with ?q=), events.atom|rss|json (with ?type=)', {
    query: feedQuery.extend({ q: z.string().optional().describe('search feeds: the query'), type: z.enum(FEED_EVENT_TYPES).optional().describe('events feeds (image-* : docs/photos.md)') }),
    example: { file: 'all.atom' },
  }),
  feed('/feeds/sources/:file', "A source's articles", '<source slug>.atom|rss|json', { example: { file: 'kcna-kp.atom' } }),
  feed('/feeds/entities/:file', 'Articles naming an entity', '<entity id>.atom|rss|json', { example: { file: 'kim-jong-un.atom' } }),
  feed('/feeds/saved/:file', "A saved search's matches", '<saved search id>.atom|rss|json', {
    query: feedQuery.extend({ token: z.string().optional().describe("the saved search's feed token (feed readers cannot sign in)") }),
    example: { file: '1.atom', token: 'FEED_TOKEN' },
  }),

  {
    method: 'get',
    path: '/timemap/link/*',
    tag: 'Citing',
    access: 'read',
    summary: 'Memento TimeMap of an original URL (RFC 7089)',
    wildcard: { name: 'original', description: ORIGINAL },
    responses: { 200: { description: 'original, self, timegate, then every memento oldest first', content: { 'application/link-format': 'RFC 6690 links' } }, 404: text('no versions of that URL') },
    example: { original: 'http://www.kcna.kp/en/article/q/1.kcmsf' },
  },
  {
    method: 'get',
    path: '/timegate/*',
    tag: 'Citing',
    access: 'read',
    summary: 'Memento TimeGate: the version seen at a time (RFC 7089)',
    wildcard: { name: 'original', description: ORIGINAL },
    headers: { 'Accept-Datetime': 'an RFC 1123 date in GMT, e.g. "Tue, 20 Jun 2000 18:02:59 GMT" (default: now)' },
    responses: {
      302: { description: 'to the version nearest that time', headers: { Location: 'the version page', Link: 'original, timemap, first/last/chosen mementos', Vary: 'accept-datetime' } },
      400: text('a bad Accept-Datetime'),
      404: text('no versions of that URL'),
    },
    example: { original: 'http://www.kcna.kp/en/article/q/1.kcmsf' },
  },

  asset('/static/wirewatch.css', 'text/css', 'The stylesheet (linked with ?v=<hash>)'),
  asset('/static/search-chart.js', 'text/javascript', 'The search page chart'),
  asset('/static/uplot/uPlot.iife.min.js', 'text/javascript', 'uPlot, the chart library'),
  asset('/static/uplot/uPlot.min.css', 'text/css', "uPlot's stylesheet"),
  { method: 'get', path: '/favicon.ico', tag: 'Static', access: 'open', summary: 'No icon', responses: { 204: { description: 'nothing' } } },
];
