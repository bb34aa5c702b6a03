import type { ColumnType, Generated } from 'kysely';

/** One typed schema for every backend. Dates are ISO strings; booleans are 0/1 integers. */
export interface Database {
  sources: SourcesTable;
  articles: ArticlesTable;
  article_urls: ArticleUrlsTable;
  captures: CapturesTable;
  versions: VersionsTable;
  events: EventsTable;
  blobs: BlobsTable;
  crawl_urls: CrawlUrlsTable;
  crawl_listings: CrawlListingsTable;
  source_state: SourceStateTable;
  fetch_log: FetchLogTable;
}

export interface SourcesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  homepage: string | null;
  lang: string | null;
  /** The source definition (adapter, date rules, schedule) as JSON. */
  config: string;
  enabled: number;
  created_at: string;
}

export type DatePrecision = 'day' | 'instant';
export type DateFrom = 'page' | 'dateline' | 'listing' | 'url' | 'capture';
export type ArticleStatus = 'live' | 'removed' | 'restored';

export interface ArticlesTable {
  id: Generated<number>;
  source_id: number;
  url: string;
  lang: string;
  title: string;
  title_derived: number;
  /** Calendar date at the source, `YYYY-MM-DD`. */
  published: string;
  /** Exact instant when the source gave one (precision `instant`). */
  published_at: string | null;
  date_precision: DatePrecision;
  date_from: DateFrom;
  /** Paragraphs joined by `\n` (a paragraph never contains a newline). */
  body: string;
  /** SHA-256 of the normalized body: exact duplicates share it. */
  body_hash: string;
  /** SHA-256 of normalized title and body: a change is a new version. */
  content_hash: string;
  /** Boilerplate-insensitive key of the body (src/normalize/text-key.ts): finds copies of one text. */
  text_key: ColumnType<number | null, number | null | undefined, number | null>;
  first_seen: string;
  last_seen: string;
  status: ArticleStatus;
  damaged: number;
  /** Control characters were dropped from the text as received (1). */
  repaired: ColumnType<number, number | undefined, number>;
  /** Set when the same normalized body was already stored in this source. */
  duplicate_of: number | null;
  listing_date: string | null;
  /** When the source stopped serving it (first failed check of the two that confirmed it). */
  removed_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the current text was first seen. */
  text_seen_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ArticleUrlsTable {
  url: string;
  article_id: number;
  is_canonical: number;
  /** 1 when the URL is another publication of the article's text (a copy folded into it), not a spelling of its URL. */
  is_copy: ColumnType<number, number | undefined, number>;
}

export interface CapturesTable {
  id: Generated<number>;
  article_id: number;
  taken_at: string;
  origin: string;
  url: string;
  http_status: number | null;
  content_hash: string | null;
  raw_sha256: string | null;
  extractor: string | null;
  /** Response headers that matter (JSON), for crawled captures. */
  headers: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why the fetch failed, when it did. */
  error_kind: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Earlier or alternative texts of an article; the current text lives on the article row. */
export interface VersionsTable {
  id: Generated<number>;
  article_id: number;
  title: string;
  body: string;
  content_hash: string;
  seen_at: string;
}

export interface EventsTable {
  id: Generated<number>;
  type: string;
  article_id: number | null;
  source_id: number | null;
  at: string;
  detail: string | null;
}

/** Raw fetched bodies, compressed, addressed by the SHA-256 of the uncompressed bytes. */
export interface BlobsTable {
  sha256: string;
  encoding: string;
  size: number;
  data: Buffer;
  stored_at: string;
}

/** Every article URL the crawler knows: queued once, then rechecked on a decaying schedule. */
export interface CrawlUrlsTable {
  id: Generated<number>;
  source_id: number;
  url: string;
  fetch_url: string;
  /** `page` (fetch and extract), `wp-json` (WordPress REST item). */
  mode: string;
  /** `queued` (never captured), `done` (captured, rechecked), `failed` (gave up). */
  state: string;
  article_id: number | null;
  listing_date: string | null;
  /** JSON: title, date and text the listing or feed gave. */
  hint: string | null;
  discovered_at: string;
  last_checked_at: string | null;
  next_check_at: string;
  recheck_step: number;
  missing_count: number;
  missing_since: string | null;
  fail_count: number;
  etag: string | null;
  last_modified: string | null;
  raw_sha256: string | null;
  /** Content hash of the text this URL served when last read (a near-exact copy's own wording is no edit). */
  content_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CrawlListingsTable {
  url: string;
  source_id: number;
  etag: string | null;
  last_modified: string | null;
  raw_sha256: string | null;
  last_polled_at: string | null;
}

export interface SourceStateTable {
  source_id: number;
  next_listing_at: string | null;
  last_listing_at: string | null;
}

export interface FetchLogTable {
  id: Generated<number>;
  source_id: number;
  url: string;
  /** `listing`, `article`, `recheck`. */
  purpose: string;
  at: string;
  ok: number;
  status: number | null;
  error_kind: string | null;
  message: string | null;
  elapsed_ms: number | null;
}
