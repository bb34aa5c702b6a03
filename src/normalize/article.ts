import { findDateline, datelineDate } from '../dates/dateline.js';
import { formatYmd, parseYmd, type Ymd } from '../dates/calendar.js';
import { parsePageDate } from '../dates/page-date.js';
import { pyongyangDate } from '../dates/pyongyang-time.js';
import { detectLanguage, leadingText } from '../lang/detect.js';
import type { DateFrom, DatePrecision } from '../store/schema.js';
import type { StoryFeatures } from '../stories/features.js';
import type { PreparedEntities } from '../entities/extract.js';
import { canonicalUrl, type CanonicalOptions } from '../urls/canonical.js';
import { stripEndMark } from './end-marks.js';
import { bodyText } from './body-text.js';
import { articleHashes } from './hash.js';
import { textKey } from './text-key.js';
import { stripRepeatedTitle } from './headline.js';
import { unglueLeaderNames } from './leader-names.js';
import { toParagraphs } from './paragraphs.js';
import { cleanText, isDamaged, squashSpaces } from './text.js';
import { cleanTitle, deriveTitle } from './title.js';
import type { IndexedText } from '../search/postgres/ts-text.js';

/** An article as a scrape or a fetch delivers it, before any cleaning. */
export interface RawArticle {
  url: string;
  aliases?: string[];
  title?: string | null;
  body: string | string[];
  /** Date of the listing/index page that linked it (`YYYY-MM-DD`). */
  listingDate?: string | null;
  /** A date printed on the page, in any of the outlets' forms. */
  pageDate?: string | null;
  /** An exact publication instant, when the source gives one (feeds). */
  publishedAt?: string | null;
  /** When this copy was taken (ISO instant). */
  capturedAt?: string | null;
  lang?: string | null;
  /** Title and body come out of parsed HTML (a crawl), entities already decoded; a dump's text is decoded here, once. */
  decoded?: boolean;
}

export interface DateRules extends CanonicalOptions {
  dayFirst?: boolean;
  /** Where the URL itself carries the date (Rodong's `newsID=2021-07-28-0006`). */
  urlDate?: RegExp;
}

export interface NormalizedArticle {
  url: string;
  aliases: string[];
  lang: string;
  title: string;
  titleDerived: boolean;
  published: string;
  publishedAt: string | null;
  datePrecision: DatePrecision;
  dateFrom: DateFrom;
  paragraphs: string[];
  bodyHash: string;
  contentHash: string;
  /** Boilerplate-insensitive key of the body (`text-key.ts`): copies of one text share it. */
  textKey: number;
  damaged: boolean;
  /** Control characters (NUL, C0 but tab and line breaks, DEL, C1) were dropped from the text received. */
  repaired: boolean;
  listingDate: string | null;
  /** Shingles, MinHash signature and anchors for story clustering, when computed ahead (import worker). */
  story?: StoryFeatures;
  /** Mention rows, name candidates and appearances, when computed ahead (import worker). */
  entities?: PreparedEntities;
  /** The PostgreSQL search index's vector of title and body, when computed ahead (import worker). */
  searchPostings?: IndexedText;
}

export type NormalizeResult = { ok: true; article: NormalizedArticle } | { ok: false; reason: string };

export function normalizeArticle(raw: RawArticle, rules: DateRules = {}): NormalizeResult {
  if (!raw.url || typeof raw.url !== 'string') return { ok: false, reason: 'no URL' };
  let url: string;
  try {
    url = canonicalUrl(raw.url, rules);
  } catch {
    return { ok: false, reason: `bad URL: ${raw.url}` };
  }
  const aliases = [...new Set([raw.url.trim(), ...(raw.aliases ?? [])])].filter((a) => a !== url);

  const clean = { decoded: raw.decoded === true, report: { repaired: false } };
  const givenTitle = raw.title ? cleanTitle(unglueLeaderNames(cleanText(raw.title, clean))) : '';
  let paragraphs = toParagraphs(raw.body ?? '', clean).map(unglueLeaderNames);
  paragraphs = stripEndMark(stripRepeatedTitle(paragraphs, givenTitle || null));
  if (!hasText(paragraphs, givenTitle)) return { ok: false, reason: 'no text' };

  const date = resolveDate(raw, paragraphs, url, rules);
  if (!date) return { ok: false, reason: 'unparseable date' };

  const derived = givenTitle.length === 0;
  const title = derived ? deriveTitle(paragraphs) ?? '' : squashSpaces(givenTitle);
  const lang = raw.lang && raw.lang !== 'und' ? raw.lang : detectLanguage(leadingText(paragraphs));
  const hashes = articleHashes(title, bodyText({ paragraphs }));
  return {
    ok: true,
    article: {
      url,
      aliases,
      lang,
      title,
      titleDerived: derived,
      published: date.published,
      publishedAt: date.publishedAt,
      datePrecision: date.precision,
      dateFrom: date.from,
      paragraphs,
      bodyHash: hashes.body,
      contentHash: hashes.content,
      textKey: textKey(paragraphs),
      damaged: isDamaged(title) || paragraphs.some(isDamaged),
      repaired: clean.report.repaired,
      listingDate: raw.listingDate ? (parseYmd(raw.listingDate) ? raw.listingDate.slice(0, 10) : null) : null,
    },
  };
}

interface ResolvedDate {
  published: string;
  publishedAt: string | null;
  precision: DatePrecision;
  from: DateFrom;
}

/** Page date, then dateline (year from the listing or capture date), then listing, URL, capture. */
export function resolveDate(raw: RawArticle, paragraphs: string[], url: string, rules: DateRules): ResolvedDate | null {
  if (raw.publishedAt) {
    const t = new Date(raw.publishedAt);
    if (!Number.isNaN(t.getTime())) return { published: pyongyangDate(t), publishedAt: t.toISOString(), precision: 'instant', from: 'page' };
  }
  if (raw.pageDate) {
    const d = parsePageDate(raw.pageDate, { dayFirst: rules.dayFirst });
    if (d) return day(d, 'page');
  }
  const listing = raw.listingDate ? parseYmd(raw.listingDate) : null;
  const captured = raw.capturedAt && !Number.isNaN(new Date(raw.capturedAt).getTime()) ? parseYmd(pyongyangDate(new Date(raw.capturedAt))) : null;
  const reference = listing ?? captured;
  const dl = findDateline(paragraphs);
  if (dl && reference) {
    const d = datelineDate(dl, reference);
    if (d) return day(d, 'dateline');
  }
  if (listing) return day(listing, 'listing');
  const fromUrl = urlDate(url, rules.urlDate);
  if (fromUrl) return day(fromUrl, 'url');
  if (captured) return day(captured, 'capture');
  return null;
}

function urlDate(url: string, pattern?: RegExp): Ymd | null {
  const m = (pattern ?? /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/).exec(url);
  return m ? parseYmd(`${m[1]}-${m[2]}-${m[3]}`) : null;
}

function day(d: Ymd, from: DateFrom): ResolvedDate {
  return { published: formatYmd(d), publishedAt: null, precision: 'day', from };
}

const MIN_LETTERS = 15;

/** A body needs text of its own: "BACK HOME" or a photo item's title plus date is not an article. */
function hasText(paragraphs: string[], title: string): boolean {
  if (paragraphs.length > 3 || paragraphs.reduce((n, p) => n + p.length, 0) > 300) return true;
  let rest = paragraphs.join(' ');
  if (title) rest = rest.split(title).join(' ');
  rest = rest.replace(/\[[^\]]{0,20}\]|\([^)]{0,20}\)/g, ' ');
  return (rest.match(/\p{L}/gu)?.length ?? 0) >= MIN_LETTERS;
}
