import type { SortOrder } from './query/ast.js';

export type { SortOrder };
export type Interval = 'day' | 'week' | 'month' | 'year';
export const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'year'];
export const MAX_PER_PAGE = 1000;

export interface SearchRequest {
  q: string;
  page?: number;
  perPage?: number;
  sort?: SortOrder;
  /** `story`: one article per story (the best-placed copy in the chosen order). */
  collapse?: 'none' | 'story';
}

export interface SearchHit {
  id: number;
  url: string;
  title: string;
  published: string;
  source: string;
  lang: string;
  /** HTML: the text escaped, matches wrapped in <mark>. */
  snippet: string;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface Facets {
  source: FacetCount[];
  lang: FacetCount[];
  year: FacetCount[];
}

export interface SearchResponse {
  total: number;
  page: number;
  perPage: number;
  sort: SortOrder;
  /** How the page was ordered: `bm25`, or `newest` when relevance fell back to date (see docs/search.md). */
  ranking: 'bm25' | 'newest' | 'oldest';
  results: SearchHit[];
  facets: Facets;
}

export interface TimelineBucket {
  period: string;
  count: number;
  /** Every article in the bucket (in the source, when one is given). */
  total: number;
}

export interface TimelineRequest {
  q: string;
  interval: Interval;
  source?: string;
}

/** What search asks of a storage backend; the query language and its plan are shared by all. */
export interface SearchBackend {
  search(req: SearchRequest): SearchResponse;
  count(q: string): number;
  /** Every match in order, in chunks of rows (memory bounded by the chunk plus 4 bytes per match id). */
  stream(q: string, sort: SortOrder): Iterable<SearchHit[]>;
  timeline(req: TimelineRequest): { interval: Interval; buckets: TimelineBucket[] };
  /** Rebuilds the index from the stored articles. */
  reindex(onProgress?: (done: number, total: number) => void): { articles: number; seconds: number };
}

/** A request the backend cannot answer as asked (bad parameter): maps to HTTP 400. */
export class SearchRequestError extends Error {}
