import { z } from 'zod';
import { SEARCH_EXPORT_FIELDS } from '../api/search-fields.js';
import { SearchQuery } from './list-queries.js';
import { error, ID, json, NEXT_LINK, type RouteDoc } from './route-doc.js';
import { SearchResponseSchema, TimelineSchema } from './schemas.js';

const tag = 'Search';
const q = z.string().describe('a query (docs/search.md), or a URL: the article stored under it');
const sort = z.enum(['relevance', 'newest', 'oldest']).optional();
const collapse = z.enum(['none', 'story']).optional().describe('story: one article per story');
const interval = z.enum(['day', 'week', 'month', 'year']).optional().describe('default month');
const fields = z.string().optional().describe(`comma-separated, in order, from: ${SEARCH_EXPORT_FIELDS.join(', ')} (body is the full text)`);
const badQuery = error('no query, a bad parameter, or a query that does not parse (`position` says where)');
const WARC = 'application/warc';

/** Search, timelines and their streamed exports, and WARC downloads. */
export const searchDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/search',
    tag,
    access: 'read',
    summary: 'Search the archive',
    query: SearchQuery,
    responses: { 200: { ...json('a page of results with facets', SearchResponseSchema), headers: NEXT_LINK }, 400: badQuery },
    example: { q: 'rice harvest', per_page: '5' },
  },
  {
    method: 'get',
    path: '/api/search.jsonl',
    tag,
    access: 'read',
    summary: 'Every match as JSON Lines, streamed',
    query: z.object({ q, sort: sort.describe('default newest'), collapse, fields }),
    responses: { 200: { description: 'one search hit (or the fields asked for) per line', content: { 'application/x-ndjson': 'one JSON object per line' } }, 400: badQuery },
    example: { q: 'rice', fields: 'id,title,body' },
  },
  {
    method: 'get',
    path: '/api/search.csv',
    tag,
    access: 'read',
    summary: 'Every match as CSV, streamed',
    description: "A cell starting with =, +, -, @, a tab or a carriage return gets a leading ' so a spreadsheet shows it instead of running it.",
    query: z.object({ q, sort: sort.describe('default newest'), collapse, fields }),
    responses: { 200: { description: 'a header row, then one row per match', content: { 'text/csv': 'UTF-8 CSV' }, headers: { 'Content-Disposition': 'attachment; filename="search.csv"' } }, 400: badQuery },
    example: { q: 'rice' },
  },
  {
    method: 'get',
    path: '/api/timeline',
    tag,
    access: 'read',
    summary: 'Matches per day, week, month or year',
    query: z.object({ q: q.optional().describe('a query; empty: every article'), interval, source: z.string().optional().describe('a source slug'), collapse }),
    responses: { 200: json('the buckets', TimelineSchema), 400: badQuery },
    example: { q: 'rice', interval: 'year' },
  },
  {
    method: 'get',
    path: '/api/timeline.csv',
    tag,
    access: 'read',
    summary: 'Up to five queries side by side per period, as CSV',
    query: z.object({
      q: z.array(z.string()).describe('repeat ?q= for each series (up to 5)'),
      interval,
      source: z.string().optional(),
      collapse,
      mode: z.enum(['count', 'share']).optional().describe('share: per cent of all articles in the period'),
    }),
    responses: { 200: { description: 'period, total, then one column per query; an empty cell where the archive holds nothing', content: { 'text/csv': 'UTF-8 CSV' } }, 400: badQuery },
    example: { q: 'rice', interval: 'year' },
  },
  {
    method: 'get',
    path: '/api/search.warc',
    tag: 'Citing',
    access: 'read',
    summary: 'Every match as a WARC 1.1 file',
    query: z.object({ q }),
    responses: { 200: { description: 'gzip-per-record WARC: request/response, resource and metadata records', content: { [WARC]: '.warc.gz' }, headers: { 'Content-Disposition': 'attachment; filename="search.warc.gz"' } }, 400: badQuery },
    example: { q: 'rice' },
  },
  {
    method: 'get',
    path: '/api/articles/:id/warc',
    tag: 'Citing',
    access: 'read',
    summary: "An article's captures as a WARC 1.1 file",
    params: { id: ID },
    responses: { 200: { description: 'gzip-per-record WARC of every captured version', content: { [WARC]: '.warc.gz' }, headers: { 'Content-Disposition': 'attachment; filename="article-ID.warc.gz"' } }, 404: error('no such article') },
    example: { id: '1' },
  },
];
