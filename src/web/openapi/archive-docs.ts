import { z } from 'zod';
import { ArticleByUrlQuery, EventsQuery, SourceArticlesQuery, SourcesQuery, StoriesQuery, VersionsQuery } from './api-queries.js';
import { BAD_CURSOR, error, ID, json, NEXT_CURSOR, NEXT_LINK, type RouteDoc } from './route-doc.js';
import { ArticleItemSchema, ArticleSchema, EventSchema, SourceSchema, StatsSchema, StoryListItemSchema, StorySchema } from './schemas.js';
import { DaySchema, SourceHealthSchema, VersionListSchema, VersionSchema } from './version-schemas.js';

const int = () => z.number().int();
const tag = 'Archive';

/** The archive's JSON: articles, versions, sources, days, stories and crawl events. */
export const archiveDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/articles',
    tag,
    access: 'read',
    summary: 'The article stored under a URL',
    description: 'Any equivalent form of the URL finds it: http/https, www., a trailing slash, tracking parameters, or one of its aliases.',
    query: ArticleByUrlQuery,
    responses: { 200: json('the article', ArticleSchema), 400: error('no ?url='), 404: error('no article under that URL') },
    example: { url: 'http://www.kcna.kp/en/article/q/1.kcmsf' },
  },
  {
    method: 'get',
    path: '/api/articles/:id',
    tag,
    access: 'read',
    summary: 'An article',
    params: { id: ID },
    responses: {
      200: { ...json('the article, with `Link` headers to its TimeMap and versions (Memento)', ArticleSchema), headers: { Link: 'Memento links: original, timemap, the versions' } },
      404: error('no such article'),
    },
    example: { id: '1' },
  },
  {
    method: 'get',
    path: '/api/articles/:id/versions',
    tag,
    access: 'read',
    summary: "An article's versions and how two compare",
    params: { id: ID },
    query: VersionsQuery,
    responses: { 200: { ...json('the versions, oldest first (a page of them), and the comparison', VersionListSchema), headers: NEXT_LINK }, 400: error(BAD_CURSOR), 404: error('no such article') },
    example: { id: '1' },
  },
  {
    method: 'get',
    path: '/api/articles/:id/versions/:n',
    tag,
    access: 'read',
    summary: 'One version of an article, with its capture, hashes and citation',
    params: { id: ID, n: 'the version, 1 = the first text seen' },
    responses: { 200: json('the version', VersionSchema), 404: error('no such article or version') },
    example: { id: '1', n: '1' },
  },
  {
    method: 'get',
    path: '/api/sources',
    tag,
    access: 'read',
    summary: 'Every source with its number of articles, by name',
    description: 'A bare array: when a `limit` leaves sources out, the `Link` header holds the next page.',
    query: SourcesQuery,
    responses: { 200: { ...json('the sources', z.array(SourceSchema)), headers: NEXT_LINK }, 400: error(BAD_CURSOR) },
  },
  {
    method: 'get',
    path: '/api/sources/:slug/articles',
    tag,
    access: 'read',
    summary: "A source's articles, newest first, 50 a page",
    params: { slug: 'the source slug (GET /api/sources)' },
    query: SourceArticlesQuery,
    responses: {
      200: {
        ...json('a page of articles', z.object({ total: int(), page: int(), perPage: int(), items: z.array(ArticleItemSchema), next_cursor: NEXT_CURSOR })),
        headers: NEXT_LINK,
      },
      400: error(`a page number that is not a positive integer; ${BAD_CURSOR}`),
      404: error('no such source'),
    },
    example: { slug: 'kcna-kp', page: '1' },
  },
  {
    method: 'get',
    path: '/api/sources/:slug/health',
    tag,
    access: 'read',
    summary: "A source's crawl health",
    params: { slug: 'the source slug' },
    responses: { 200: json("the source's health; `daily[].data` false on a day the archive has nothing for", SourceHealthSchema), 404: error('no such source') },
    example: { slug: 'kcna-kp' },
  },
  {
    method: 'get',
    path: '/api/stats',
    tag,
    access: 'read',
    summary: 'Archive totals',
    responses: { 200: json('the totals', StatsSchema) },
  },
  {
    method: 'get',
    path: '/api/days/:day',
    tag,
    access: 'read',
    summary: "Every source's articles of a day",
    params: { day: 'YYYY-MM-DD' },
    responses: { 200: json('the day', DaySchema), 400: error('not a calendar date written YYYY-MM-DD') },
    example: { day: '2024-05-01' },
  },
  {
    method: 'get',
    path: '/api/stories',
    tag,
    access: 'read',
    summary: 'Stories of two or more copies, newest first publication first, 30 a page',
    query: StoriesQuery,
    responses: {
      200: {
        ...json('a page of stories', z.object({ total: int(), page: int(), perPage: int(), items: z.array(StoryListItemSchema), next_cursor: NEXT_CURSOR })),
        headers: NEXT_LINK,
      },
      400: error(`a page number that is not a positive integer; ${BAD_CURSOR}`),
    },
  },
  {
    method: 'get',
    path: '/api/stories/:id',
    tag,
    access: 'read',
    summary: 'A story with its copies and language versions',
    params: { id: ID },
    responses: { 200: json('the story', StorySchema), 404: error('no such story') },
    example: { id: '1' },
  },
  {
    method: 'get',
    path: '/api/events',
    tag,
    access: 'read',
    summary: 'Recent removals, restorations and edits the crawler saw, newest first',
    query: EventsQuery,
    responses: { 200: { ...json('the events', z.object({ items: z.array(EventSchema), next_cursor: NEXT_CURSOR })), headers: NEXT_LINK }, 400: error(`an unknown type; ${BAD_CURSOR}`) },
    example: { type: 'edited', limit: '20' },
  },
];
