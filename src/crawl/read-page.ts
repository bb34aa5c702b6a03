import { formatYmd, inferYear, parseYmd } from '../dates/calendar.js';
import { pyongyangDate } from '../dates/pyongyang-time.js';
import { extractArticle, type Extracted, type ExtractorName } from '../extract/article.js';
import { parseWordpressPost } from '../extract/feed.js';
import { extractListing, type ListingItem, type ListingRules } from '../extract/listing.js';
import { detectLanguage } from '../lang/detect.js';
import { normalizeArticle, type DateRules, type NormalizedArticle, type RawArticle } from '../normalize/article.js';
import { decodeRodongKey } from '../sources/rodong-key.js';
import type { SourceDef } from '../sources/schema.js';
import type { UrlHint } from '../store/crawl-store.js';

/**
 * How a source's adapter reads one fetched page. The crawler and `wirewatch extract` both call these,
 * so what the command shows for a saved page is what a crawl stores from it.
 */

/** The listing rules of an HTML source (null for feeds, sitemaps and APIs). */
export function listingRulesOf(def: SourceDef): ListingRules | null {
  const a = def.adapter;
  if (a.kind !== 'html') return null;
  return { items: a.items, itemDate: a.itemDate, itemContainer: a.itemContainer, articleUrl: a.articleUrl, unwrap: a.unwrap, dayFirst: def.dates.dayFirst };
}

/** Article links of a listing page, absolute, with their titles and listing dates. */
export function readListingPage(def: SourceDef, html: string, url: string): ListingItem[] {
  const rules = listingRulesOf(def);
  if (!rules) throw new Error(`source '${def.slug}' is a ${def.adapter.kind} source: it has no HTML listings`);
  return extractListing(html, url, rules);
}

/** One URL to read, as the crawl queue holds it. */
export interface ArticleTarget {
  /** The archive's URL of the article (canonical). */
  url: string;
  /** The URL fetched (as linked). */
  fetchUrl: string;
  /** `page`: an HTML page; `feed`: a feed item's own text; `wp-json`: a WordPress API post. */
  mode: string;
  listingDate: string | null;
  hint: UrlHint | null;
}

/** A fetched page: its text, where it was finally served from, and when. */
export interface FetchedPage {
  text: string;
  finalUrl: string;
  fetchedAt: string;
}

export type ReadArticleResult =
  | { ok: true; article: NormalizedArticle; extractor: ExtractorName; extracted: Extracted | null }
  | { ok: false; reason: string; extracted: Extracted | null };

/** Builds the archive's article from a fetched page (or a feed item's text when `page` is null). */
export function readArticle(def: SourceDef, target: ArticleTarget, page: FetchedPage | null, now: () => Date = () => new Date()): ReadArticleResult {
  let title: string | null = null;
  let paragraphs: string[] = [];
  let pageDate: string | null = null;
  let publishedAt: string | null = target.hint?.publishedAt ?? null;
  let extractor: ExtractorName;
  let extracted: Extracted | null = null;
  if (target.mode === 'wp-json' && page) {
    let post;
    try {
      post = parseWordpressPost(JSON.parse(page.text) as Record<string, unknown>);
    } catch {
      post = null;
    }
    if (!post) return { ok: false, reason: 'WordPress API answered no post', extracted };
    ({ title, paragraphs, publishedAt } = post);
    extractor = 'wordpress';
  } else if (page && target.mode === 'page') {
    const rules = def.adapter.kind === 'wordpress' ? undefined : def.adapter.article;
    extracted = extractArticle(page.text, page.finalUrl, rules);
    const ex = extracted;
    if (ex) {
      ({ title, paragraphs, pageDate, extractor } = ex);
      // A feed's title is cleaner than a generic extractor's guess.
      if (ex.extractor === 'readability' && target.hint?.title) title = target.hint.title;
    } else if (target.hint?.paragraphs?.length) {
      title = target.hint.title ?? null;
      paragraphs = target.hint.paragraphs;
      extractor = 'feed';
    } else return { ok: false, reason: 'no article text found on the page (selectors and Readability)', extracted };
  } else {
    if (!target.hint?.paragraphs?.length) return { ok: false, reason: 'the feed item carries no text', extracted };
    title = target.hint.title ?? null;
    paragraphs = target.hint.paragraphs;
    extractor = target.mode === 'wp-json' ? 'wordpress' : 'feed';
  }
  const capturedAt = page?.fetchedAt ?? now().toISOString();
  let listingDate = target.listingDate;
  if (!listingDate && def.dates.urlKey === 'rodong-base64') listingDate = decodeRodongKey(target.fetchUrl)?.date ?? null;
  if (!pageDate && def.dates.datelines.length) pageDate = customDateline(def.dates.datelines, paragraphs, listingDate ?? pyongyangDate(new Date(capturedAt)));
  // Outlets mislabel languages: the text decides, the listing or source only when the text cannot.
  const detected = detectLanguage(`${title ?? ''} ${paragraphs.join(' ')}`);
  const declared = target.hint?.lang ?? (def.languages.length === 1 && def.languages[0] !== 'und' ? def.languages[0] : null);
  const lang = detected !== 'und' ? detected : declared;
  // Extraction decoded the page's entities: the text is not decoded a second time.
  const raw: RawArticle = { url: target.url, title, body: paragraphs, pageDate, listingDate, publishedAt: pageDate ? null : publishedAt, capturedAt, lang, decoded: true };
  const rules: DateRules = { dayFirst: def.dates.dayFirst, urlDate: def.dates.urlDate ? new RegExp(def.dates.urlDate, 'u') : undefined };
  const n = normalizeArticle(raw, rules);
  if (!n.ok) {
    // A page with nothing usable (a login wall, a stub): the feed's own text, when it carried one.
    if (extractor !== 'feed' && target.mode === 'page' && target.hint?.paragraphs?.length) {
      const fromFeed = normalizeArticle({ ...raw, title: target.hint.title ?? raw.title, body: target.hint.paragraphs, pageDate: null, publishedAt }, rules);
      if (fromFeed.ok) return { ok: true, article: fromFeed.article, extractor: 'feed', extracted };
    }
    return { ok: false, reason: n.reason, extracted };
  }
  return { ok: true, article: n.article, extractor, extracted };
}

/** Reads a saved or fetched HTML article page of a source, exactly as a crawl of `url` would. */
export function readArticlePage(
  def: SourceDef,
  html: string,
  url: string,
  opts: { listingDate?: string | null; capturedAt?: string; finalUrl?: string; hint?: UrlHint | null } = {},
): ReadArticleResult {
  const capturedAt = opts.capturedAt ?? new Date().toISOString();
  return readArticle(
    def,
    { url, fetchUrl: url, mode: 'page', listingDate: opts.listingDate ?? null, hint: opts.hint ?? null },
    { text: html, finalUrl: opts.finalUrl ?? url, fetchedAt: capturedAt },
    () => new Date(capturedAt),
  );
}

function customDateline(patterns: string[], paragraphs: string[], reference: string): string | null {
  const ref = parseYmd(reference);
  if (!ref) return null;
  for (const p of paragraphs.slice(0, 3)) {
    for (const src of patterns) {
      const m = new RegExp(src, 'u').exec(p);
      const month = Number(m?.groups?.month);
      const day = Number(m?.groups?.day);
      if (m && month && day) {
        const d = inferYear(month, day, ref);
        if (d) return formatYmd(d);
      }
    }
  }
  return null;
}
