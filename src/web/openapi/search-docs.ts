import { error, ID, json, NEXT_LINK, type RouteDoc } from './route-doc.js';
import { SearchResponseSchema, TimelineSchema } from './schemas.js';
import { SearchExportQuery, SearchQuery, SearchWarcQuery, TimelineCsvQuery, TimelineQuery } from './search-queries.js';

const tag = 'Search';
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
    query: SearchExportQuery,
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
    query: SearchExportQuery,
    responses: { 200: { description: 'a header row, then one row per match', content: { 'text/csv': 'UTF-8 CSV' }, headers: { 'Content-Disposition': 'attachment; filename="search.csv"' } }, 400: badQuery },
    example: { q: 'rice' },
  },
  {
    method: 'get',
    path: '/api/timeline',
    tag,
    access: 'read',
    summary: 'Matches per day, week, month or year',
    query: TimelineQuery,
    responses: { 200: json('the buckets', TimelineSchema), 400: badQuery },
    example: { q: 'rice', interval: 'year' },
  },
  {
    method: 'get',
    path: '/api/timeline.csv',
    tag,
    access: 'read',
    summary: 'Up to five queries side by side per period, as CSV',
    query: TimelineCsvQuery,
    responses: { 200: { description: 'period, total, then one column per query; an empty cell where the archive holds nothing', content: { 'text/csv': 'UTF-8 CSV' } }, 400: badQuery },
    example: { q: 'rice', interval: 'year' },
  },
  {
    method: 'get',
    path: '/api/search.warc',
    tag: 'Citing',
    access: 'read',
    summary: 'Every match as a WARC 1.1 file',
    query: SearchWarcQuery,
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
