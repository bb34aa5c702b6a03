import type { AnyNode, Element } from 'domhandler';
import { parsePageDate } from '../dates/page-date.js';
import { formatYmd } from '../dates/calendar.js';
import { loadMarkup, nodeText, textLines } from './text.js';

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
  /** Patterns whose first group is the real address inside a wrapped link (`javascript:open('…')`). */
  unwrap?: string[];
  dayFirst?: boolean;
}

/** The link's real address: a wrapper's inner URL when an unwrap pattern matches, else the href itself. */
export function unwrapHref(href: string, patterns: RegExp[]): string {
  for (const p of patterns) {
    const m = p.exec(href);
    if (m?.[1]) return m[1];
  }
  return href;
}

const DATE_NEAR = /(?:Juche\s*\d{1,3}|\d{4})\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}\.?|\d{4}\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일|\d{1,2}\/\d{1,2}\/\d{4}/i;

/** Article links on a listing page, in page order, each URL once. */
export function extractListing(html: string, pageUrl: string, rules: ListingRules): ListingItem[] {
  const $ = loadMarkup(html);
  const pattern = rules.articleUrl ? new RegExp(rules.articleUrl, 'u') : null;
  const unwrap = (rules.unwrap ?? []).map((u) => new RegExp(u, 'u'));
  // Containers and their dates are found once per page (a selector per item would be compiled per item).
  const containers = new Set<AnyNode>($(rules.itemContainer).toArray());
  const containerOf = (el: AnyNode): AnyNode | null => {
    for (let n: AnyNode | null = el.parent as AnyNode | null, depth = 0; n && depth < 8; n = n.parent as AnyNode | null, depth++) if (containers.has(n)) return n;
    return null;
  };
  const dates = new Map<AnyNode, string>();
  for (const ds of rules.itemDate ?? []) {
    for (const d of $(ds).toArray()) {
      const c = containerOf(d);
      if (c && !dates.has(c)) dates.set(c, $(d).text());
    }
  }
  const out: ListingItem[] = [];
  const seen = new Set<string>();
  for (const sel of rules.items) {
    for (const el of $(sel).toArray()) {
      const a = (el as Element).name === 'a' ? $(el) : $(el).find('a[href]').first();
      const attr = a.attr('href');
      const href = attr === undefined ? undefined : unwrapHref(attr.trim(), unwrap);
      if (!href || href.startsWith('#') || /^(?:javascript|mailto):/i.test(href)) continue;
      let url: string;
      try {
        url = new URL(href, pageUrl).toString();
      } catch {
        continue;
      }
      if (pattern && !pattern.test(url)) continue;
      if (seen.has(url)) continue;
      seen.add(url);
      const anchor = a.get(0)!;
      const container = containerOf(anchor) ?? anchor.parent;
      // The date may sit inside the link itself (kcna.kp) or beside it in the container.
      let dateText = (container && dates.get(container as AnyNode)) ?? null;
      if (!dateText && rules.itemDate?.length) {
        for (const ds of rules.itemDate) {
          const d = a.find(ds).first();
          if (d.length) {
            dateText = d.text();
            break;
          }
        }
      }
      dateText ??= DATE_NEAR.exec(container ? $(container).text() : a.text())?.[0] ?? null;
      const ymd = dateText ? parsePageDate(dateText, { dayFirst: rules.dayFirst }) : null;
      const title = textLines(nodeText(anchor as Element)).join(' ') || null;
      out.push({ url, title, date: ymd ? formatYmd(ymd) : null });
    }
    if (out.length) break;
  }
  return out;
}

/** The next page's URL from a "next" link. */
export function nextPageUrl(html: string, pageUrl: string, selector: string): string | null {
  const href = loadMarkup(html)(selector).first().attr('href');
  if (!href) return null;
  try {
    return new URL(href, pageUrl).toString();
  } catch {
    return null;
  }
}

/** The value of a hidden form field (a CSRF token) on a listing page. */
export function formToken(html: string, field: string): string | null {
  return loadMarkup(html)(`input[name="${field}"]`).attr('value') ?? null;
}
