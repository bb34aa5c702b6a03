/** A feed before it is written out: one model, three formats (Atom, RSS 2.0, JSON Feed 1.1). */

export const FEED_FORMATS = ['atom', 'rss', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** `summary`: the first paragraph(s); `full`: the whole stored text. */
export type ContentMode = 'summary' | 'full';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export interface FeedOptions {
  /** This server's origin as readers see it (`https://archive.example`): every link and id is absolute. */
  origin: string;
  content: ContentMode;
  limit: number;
}

export interface FeedEntry {
  /** Stable: the same article (or event) keeps its id in every feed and format. */
  id: string;
  title: string;
  /** The archive's page for the entry. */
  link: string;
  /** The outlet's own address, when there is one. */
  original: string | null;
  published: Date;
  updated: Date;
  /** When the archive last stored anything about the entry: the basis of Last-Modified. */
  changed: Date;
  /** Escaped HTML of the entry's text (summary or full, as asked). */
  html: string;
  /** The same, as plain text (short). */
  summary: string;
  lang: string | null;
  author: string | null;
  categories: string[];
}

export interface Feed {
  /** Stable id of the feed (its address without the format). */
  id: string;
  title: string;
  subtitle: string;
  /** The page people read the same list on. */
  homePage: string;
  /** The feed's own address in each format (query included). */
  self: Record<FeedFormat, string>;
  entries: FeedEntry[];
}

/** When a feed last changed: its newest entry, or the epoch for an empty one (a fixed date keeps the body stable). */
export function feedUpdated(feed: Feed): Date {
  return latest(feed.entries.map((e) => e.updated));
}

export function feedChanged(feed: Feed): Date {
  return latest(feed.entries.map((e) => e.changed));
}

function latest(dates: Date[]): Date {
  let t = 0;
  for (const d of dates) t = Math.max(t, d.getTime());
  return new Date(t);
}

/** Characters XML 1.0 cannot carry at all; dropped so every parser reads the feed. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text: markup in an article stays visible words, never markup. */
export function escapeHtml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}
