import { HTML_PARSE } from './text.js';
import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { parsePageDate } from '../dates/page-date.js';
import { formatYmd } from '../dates/calendar.js';
import { nodeText, textLines } from './text.js';

export interface ListingItem {
  url: string;
  title: string | null;
  /** `YYYY-MM-DD` from the listing, when it shows one. */
  date: string | null;
}

export interface ListingRules {
  items: string[];
  itemDate?: string[];
  itemContainer: string;
  articleUrl?: string;
  dayFirst?: boolean;
}

const DATE_NEAR = /(?:Juche\s*\d{1,3}|\d{4})\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}\.?|\d{4}\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일|\d{1,2}\/\d{1,2}\/\d{4}/i;

/** Article links on a listing page, in page order, each URL once. */
export function extractListing(html: string, pageUrl: string, rules: ListingRules): ListingItem[] {
  const $ = load(html, HTML_PARSE);
  const pattern = rules.articleUrl ? new RegExp(rules.articleUrl, 'u') : null;
  const out: ListingItem[] = [];
  const seen = new Set<string>();
  for (const sel of rules.items) {
    $(sel).each((_, el) => {
      const a = (el as Element).name === 'a' ? $(el) : $(el).find('a[href]').first();
      const href = a.attr('href');
      if (!href || href.startsWith('#') || /^(?:javascript|mailto):/i.test(href)) return;
      let url: string;
      try {
        url = new URL(href, pageUrl).toString();
      } catch {
        return;
      }
      if (pattern && !pattern.test(url)) return;
      if (seen.has(url)) return;
      seen.add(url);
      const container = a.closest(rules.itemContainer);
      const scope = container.length ? container : a.parent();
      let dateText: string | null = null;
      for (const ds of rules.itemDate ?? []) {
        const d = scope.find(ds).first();
        if (d.length) {
          dateText = d.text();
          break;
        }
      }
      dateText ??= DATE_NEAR.exec(scope.text())?.[0] ?? null;
      const ymd = dateText ? parsePageDate(dateText, { dayFirst: rules.dayFirst }) : null;
      const title = textLines(nodeText(a.toArray() as Element[])).join(' ') || null;
      out.push({ url, title, date: ymd ? formatYmd(ymd) : null });
    });
    if (out.length) break;
  }
  return out;
}

/** The next page's URL from a "next" link. */
export function nextPageUrl(html: string, pageUrl: string, selector: string): string | null {
  const href = load(html, HTML_PARSE)(selector).first().attr('href');
  if (!href) return null;
  try {
    return new URL(href, pageUrl).toString();
  } catch {
    return null;
  }
}

/** The value of a hidden form field (a CSRF token) on a listing page. */
export function formToken(html: string, field: string): string | null {
  return load(html, HTML_PARSE)(`input[name="${field}"]`).attr('value') ?? null;
}
