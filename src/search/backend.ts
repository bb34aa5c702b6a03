import type { SortOrder } from './query/ast.js';
import type { Script } from './query/script.js';

export type { Script, SortOrder };
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
  /** The result set is exactly these articles (a URL looked up in the store); `q` is not parsed. */
  ids?: readonly number[];
  /** Newest or oldest order: only matches strictly after this hit in the order, from the first of them (`page` is then not an offset). */
  after?: { published: string; id: number };
  /** Only articles with an id up to this one: a walk through the pages keeps to the articles stored when it began. */
  upToId?: number;
}

/** What the counts of a response count: stored articles (one per distinct text), or stories (collapse=story). */
export type CountUnit = 'articles' | 'stories';

export interface SearchHit {
  id: number;
  url: string;
  title: string;
  published: string;
  source: string;
  lang: string;
  /** HTML: the text escaped, matches wrapped in <mark>. */
  snippet: string;
  /** For a query with `added:` or `removed:`: the latest version change of the article that matched. */
  change?: ChangeSnippet;
}

/**
 * Where a version removed or added the text searched for. The versions page shows the whole change:
 * `/articles/<id>/versions?from=<version - 1>&to=<version>`.
 */
export interface ChangeSnippet {
  /** The version that made the change (2 for the first edit). */
  version: number;
  /** When that version was first seen. */
  seenAt: string;
  /** HTML: the removed and the added text (either may be empty), escaped, matches in <mark>, ¶ between paragraphs. */
  removed: string;
  added: string;
  /** HTML: a few unchanged words just before and after the change. */
  before: string;
  after: string;
}

export interface FacetCount {
  value: string;
  count: number;
  /** The source's name (source facets only); `value` is the slug a `source:` filter takes. */
  name?: string;
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
  /** Relevance put the languages of this script first (the query's script, see docs/search.md), or null. */
  languageFirst: Script | null;
  /** What `total` and the facet counts count. */
  counts: CountUnit;
  results: SearchHit[];
  facets: Facets;
  /** The highest article id stored when the search ran: a walk's `upToId`. */
  newestId?: number;
  /** Whether matches follow this page in its order. */
  more?: boolean;
}

export interface TimelineBucket {
  period: string;
  count: number;
  /** Every article in the bucket (in the source, when one is given); stories with collapse=story. */
  total: number;
  /** False when the archive holds no article at all in the bucket: no data, not zero. */
  covered: boolean;
}

export interface TimelineRequest {
  q: string;
  interval: Interval;
  source?: string;
  collapse?: 'none' | 'story';
  /** Exactly these articles (a URL looked up in the store); `q` is not parsed. */
  ids?: readonly number[];
}

export interface StreamOptions {
  collapse?: 'none' | 'story';
  ids?: readonly number[];
}

/** What search asks of a storage backend; the query language and its plan are shared by all. */
export interface SearchBackend {
  /** Loads what the first query would (per-article metadata), so no visitor waits for it. */
  warm?(): Promise<void>;
  search(req: SearchRequest): Promise<SearchResponse>;
  count(q: string, collapse?: 'none' | 'story'): Promise<number>;
  /**
   * Every match in order, in chunks of rows (memory bounded by the chunk plus 4 bytes per match id). The
   * query is parsed and evaluated on the first `next()`: a bad query rejects there, before any row.
   */
  stream(q: string, sort: SortOrder, opts?: StreamOptions): AsyncIterable<SearchHit[]>;
  timeline(req: TimelineRequest): Promise<{ interval: Interval; buckets: TimelineBucket[] }>;
  /**
   * The articles stored under `<url>#N` for a page URL given without its fragment (an outlet page that
   * holds several articles, each addressed by its position), in any equivalent form of the URL.
   */
  articlesOnPage(url: string): Promise<number[]>;
  /** Rebuilds the index from the stored articles. */
  reindex(onProgress?: (done: number, total: number) => void): Promise<{ articles: number; seconds: number }>;
}

/** A request the backend cannot answer as asked (bad parameter): maps to HTTP 400. */
export class SearchRequestError extends Error {}
