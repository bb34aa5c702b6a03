import { z } from 'zod';
import { MAX_PER_PAGE } from '../../search/backend.js';
import { SEARCH_EXPORT_FIELDS } from '../api/search-fields.js';
import { CURSOR } from './route-doc.js';

/**
 * The query parameters of search, its exports and timelines, as zod schemas the routes validate
 * requests with (queryOf, src/web/api/query.ts) and the OpenAPI document is generated from.
 */
const q = z.string().describe('a query (docs/search.md), or a URL: the article stored under it');
const sort = z.enum(['relevance', 'newest', 'oldest']).optional();
const collapse = z.enum(['none', 'story']).optional().describe('story: one article per story');
const interval = z.enum(['day', 'week', 'month', 'year']).optional().describe('default month');
const fields = z.string().optional().describe(`comma-separated, in order, from: ${SEARCH_EXPORT_FIELDS.join(', ')} (body is the full text)`);

export const SearchQuery = z.object({
  q,
  page: z.number().int().min(1).optional(),
  per_page: z.number().int().min(1).max(MAX_PER_PAGE).optional().describe('default 20'),
  sort: sort.describe('default relevance'),
  collapse,
  cursor: CURSOR,
});
export const SearchExportQuery = z.object({ q, sort: sort.describe('default newest'), collapse, fields });
export const TimelineQuery = z.object({ q: q.optional().describe('a query; empty: every article'), interval, source: z.string().optional().describe('a source slug'), collapse });
export const TimelineCsvQuery = z.object({
  q: z.array(z.string()).describe('repeat ?q= for each series (up to 5)'),
  interval,
  source: z.string().optional(),
  collapse,
  mode: z.enum(['count', 'share']).optional().describe('share: per cent of all articles in the period'),
});
export const SearchWarcQuery = z.object({ q });
