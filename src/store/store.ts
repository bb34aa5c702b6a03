import type { NormalizedArticle } from '../normalize/article.js';
import type { AccountStore } from './accounts.js';
import type { CrawlStore } from './crawl-store.js';
import type { ArticleStatus, DateFrom, DatePrecision } from './schema.js';

export interface SourceInput {
  slug: string;
  name: string;
  homepage?: string | null;
  lang?: string | null;
  config?: unknown;
}

export interface SourceRow {
  id: number;
  slug: string;
  name: string;
  homepage: string | null;
  lang: string | null;
  articles: number;
}

export interface IngestItem {
  sourceId: number;
  article: NormalizedArticle;
  seenAt: string;
  origin: 'import' | 'crawl';
  httpStatus?: number | null;
  extractor?: string | null;
  rawSha256?: string | null;
}

export type IngestOutcome =
  | { kind: 'imported'; id: number }
  /** Another URL of a text this source already holds: recorded as a URL of that article, not stored twice. */
  | { kind: 'folded'; id: number; how: 'exact' | 'near' }
  | { kind: 'merged'; id: number }
  | { kind: 'unchanged'; id: number };

export interface Article {
  id: number;
  sourceId: number;
  sourceSlug: string;
  sourceName: string;
  url: string;
  aliases: string[];
  /** Of the aliases, the other addresses the same text was published under (copies folded into this article). */
  copies: string[];
  lang: string;
  title: string;
  titleDerived: boolean;
  published: string;
  publishedAt: string | null;
  datePrecision: DatePrecision;
  dateFrom: DateFrom;
  body: string[];
  status: ArticleStatus;
  damaged: boolean;
  /** Control characters were dropped from the text as received. */
  repaired: boolean;
  duplicateOf: number | null;
  firstSeen: string;
  lastSeen: string;
  listingDate: string | null;
  versions: number;
  /** When the source stopped serving it (status `removed`). */
  removedAt: string | null;
  /**
   * How the current text was read from the page: `selectors` (the source's adapter), `readability` (the
   * generic reader, when the adapter's selectors found no text), `feed`, `wordpress`; null for an import.
   */
  extractor?: string | null;
}

export interface ArticleSummary {
  id: number;
  title: string;
  published: string;
  url: string;
  lang: string;
  sourceSlug: string;
  sourceName: string;
  duplicateOf: number | null;
  status: ArticleStatus;
}

export interface Stats {
  /** Distinct stored texts (copies of one text under several URLs are one article). */
  articles: number;
  sources: number;
  /** URLs stored as further copies of an article's text (the article counts once). */
  duplicates: number;
  damaged: number;
}

/** What the archive's ingest hooks can use computed ahead, off the writing thread (`Store.preparedAhead`). */
export interface AheadWork {
  /** PostgreSQL's search index: each article's vector. */
  searchPostings?: boolean;
}

/** Everything the application asks of the archive; only implementations of this touch SQL. */
export interface Store {
  ensureSource(input: SourceInput): Promise<number>;
  /** Stores a batch in one transaction; either the whole batch lands or none of it. */
  ingestBatch(items: IngestItem[]): Promise<IngestOutcome[]>;
  /**
   * Runs `work` as one transaction: the batches it ingests land together, or none of them does (an
   * import's commits come every few batches, while each batch is let go as soon as it is stored). For a
   * single writer: nothing else should write through this store meanwhile.
   */
  bulk<T>(work: () => Promise<T>): Promise<T>;
  /** What an import should compute for this archive's ingest hooks while it reads (on its worker thread). */
  preparedAhead(): AheadWork;
  getArticle(id: number): Promise<Article | null>;
  findArticleIdByUrl(url: string): Promise<number | null>;
  listSources(): Promise<SourceRow[]>;
  getSource(slug: string): Promise<SourceRow | null>;
  sourceArticles(sourceId: number, page: number, perPage: number): Promise<{ total: number; items: ArticleSummary[] }>;
  sourceYearCounts(sourceId: number): Promise<{ year: string; count: number }[]>;
  /** Position of an article in its source's newest-first listing (0-based). */
  sourcePosition(article: Article): Promise<number>;
  /** The page of the source's newest-first listing that holds the article, read without skipping rows. */
  sourcePageOf(article: Article, perPage: number): Promise<{ page: number; total: number; items: ArticleSummary[] }>;
  previousAndNext(article: Article): Promise<{ previous: ArticleSummary | null; next: ArticleSummary | null }>;
  latest(limit: number): Promise<ArticleSummary[]>;
  stats(): Promise<Stats>;
  /** The crawler's queue, schedule, captures, events and source health. */
  readonly crawl: CrawlStore;
  /** Users, API tokens and web sessions. */
  readonly accounts: AccountStore;
  close(): Promise<void>;
  /** Days from `from` to `to` (YYYY-MM-DD) on which a source has stored articles or was fetched successfully: the days it has data for. */
  sourceDataDays(slug: string, from: string, to: string): Promise<string[]>;
  /** Every article published on `day` (YYYY-MM-DD), by source name, then in the order stored. */
  dayArticles(day: string): Promise<ArticleSummary[]>;
  /** The nearest days before and after `day` (YYYY-MM-DD) on which articles were published. */
  daysAround(day: string): Promise<{ previous: string | null; next: string | null }>;
  /** Articles published each day from `from` to `to` (YYYY-MM-DD, both included); days without any are left out. */
  dayCounts(from: string, to: string): Promise<{ day: string; count: number }[]>;
}
