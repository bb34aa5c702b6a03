import { z } from 'zod';
import { IMAGE_EVENT_TYPES } from '../../crawl/image-changes.js';
import { CURSOR, PAGE } from './route-doc.js';

/**
 * The query parameters of the JSON API (search's are in search-queries.ts), as zod schemas the routes
 * validate requests with (queryOf, src/web/api/query.ts) and the OpenAPI document is generated from.
 * Page sizes of the lists: the default and the most a page gives.
 */
export const PAGE_SIZES = {
  sources: [1000, 1000],
  sourceArticles: [50, 500],
  stories: [30, 500],
  events: [100, 1000],
  versions: [1000, 1000],
  entities: [50, 500],
  appearances: [5000, 5000],
  savedSearches: [100, 1000],
  deliveries: [100, 1000],
  users: [1000, 1000],
  tokens: [1000, 1000],
} as const satisfies Record<string, readonly [number, number]>;

const limit = ([fallback, max]: readonly [number, number]) => z.number().int().min(1).max(max).optional().describe(`items a page gives (default ${fallback})`);
const paged = (sizes: readonly [number, number]) => z.object({ cursor: CURSOR, limit: limit(sizes) });

export const SourcesQuery = paged(PAGE_SIZES.sources);
export const SourceArticlesQuery = PAGE.extend({ cursor: CURSOR, limit: limit(PAGE_SIZES.sourceArticles) });
export const StoriesQuery = PAGE.extend({ cursor: CURSOR, limit: limit(PAGE_SIZES.stories) });
export const EVENT_TYPES = ['removed', 'restored', 'edited', 'markup-changed', ...IMAGE_EVENT_TYPES] as const;
export const EventsQuery = z.object({ type: z.enum(EVENT_TYPES).optional(), limit: limit(PAGE_SIZES.events), cursor: CURSOR });
export const VersionsQuery = z.object({
  from: z.number().int().min(1).optional().describe('the older version compared (default: the one before `to`)'),
  to: z.number().int().min(1).optional().describe('the newer version compared (default: the newest)'),
  cursor: CURSOR,
  limit: limit(PAGE_SIZES.versions),
});
export const EntitiesQuery = z.object({ q: z.string().optional().describe('empty: people'), cursor: CURSOR, limit: limit(PAGE_SIZES.entities) });
export const AppearancesQuery = z.object({
  person: z.string().describe('an entity id, e.g. kim-jong-un'),
  year: z.number().int().min(1000).max(9999).optional().describe('YYYY; default every year'),
  cursor: CURSOR,
  limit: limit(PAGE_SIZES.appearances),
});
export const SavedSearchesQuery = paged(PAGE_SIZES.savedSearches);
export const DeliveriesQuery = paged(PAGE_SIZES.deliveries);
export const UsersQuery = paged(PAGE_SIZES.users);
export const TokensQuery = paged(PAGE_SIZES.tokens);


export const ArticleByUrlQuery = z.object({ url: z.string().describe('the original or an alias URL') });
export const YearlyAppearancesQuery = z.object({ person: z.string().describe('an entity id, e.g. kim-jong-un') });
