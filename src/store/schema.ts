import type { Generated } from 'kysely';

/** One typed schema for every backend. Dates are ISO strings; booleans are 0/1 integers. */
export interface Database {
  sources: SourcesTable;
  articles: ArticlesTable;
  article_urls: ArticleUrlsTable;
  captures: CapturesTable;
  versions: VersionsTable;
  events: EventsTable;
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
  first_seen: string;
  last_seen: string;
  status: ArticleStatus;
  damaged: number;
  /** Set when the same normalized body was already stored in this source. */
  duplicate_of: number | null;
  listing_date: string | null;
}

export interface ArticleUrlsTable {
  url: string;
  article_id: number;
  is_canonical: number;
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
