import type { VersionRow } from '../../store/crawl-store.js';
import type { Article, Store } from '../../store/store.js';

/** One archived version of an original URL (RFC 7089's URI-M) and when it was captured. */
export interface Memento {
  n: number;
  uri: string;
  at: Date;
}

/** What the Memento answers for one article need: its original URL, TimeGate, TimeMap, and versions oldest first. */
export interface MementoSet {
  articleId: number;
  original: string;
  timegate: string;
  timemap: string;
  mementos: Memento[];
}

/** RFC 1123 date in GMT, the only form RFC 7089 allows: `Tue, 20 Jun 2000 18:02:59 GMT`. */
export function httpDate(d: Date): string {
  return d.toUTCString();
}

const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** An `Accept-Datetime` value as a date, or null when it is not an RFC 1123 date (a 400 for the client). */
export function parseAcceptDatetime(value: string): Date | null {
  const v = value.trim();
  if (!RFC1123.test(v)) return null;
  const d = new Date(v);
  // Round trip past the weekday: rejects 31 Feb or 25:00 rather than letting Date roll them over.
  return !Number.isNaN(d.getTime()) && d.toUTCString().slice(5) === v.slice(5) ? d : null;
}

/** A URL inside `<…>` of a Link header or link-format body: characters that would end or split it are escaped. */
export function linkTarget(url: string): string {
  return `<${url.replace(/[<>"\s]/g, (ch) => encodeURIComponent(ch))}>`;
}

/** One link-value: `<uri>; rel="…"` plus any further parameters (each value quoted). */
export function linkValue(uri: string, rel: string, params: Record<string, string> = {}): string {
  return [linkTarget(uri), `rel="${rel}"`, ...Object.entries(params).map(([k, v]) => `${k}="${v}"`)].join('; ');
}

/**
 * The memento to send a TimeGate client to: the latest captured at or before the requested time (the
 * text a reader would have seen then); when the request is earlier than every capture, the first.
 * Without a requested time, the latest.
 */
export function chooseMemento(mementos: Memento[], at: Date | null): Memento {
  if (!at) return mementos[mementos.length - 1];
  let best = mementos[0];
  for (const m of mementos) if (m.at.getTime() <= at.getTime()) best = m;
  return best;
}

/** The original URL to name: the one asked for when the article holds it as written, else the article's own. */
function originalOf(article: Article, asked: string | null): string {
  return asked !== null && (article.url === asked || article.aliases.includes(asked)) ? asked : article.url;
}

export function mementoUrls(origin: string, original: string): { timegate: string; timemap: string } {
  return { timegate: `${origin}/timegate/${original}`, timemap: `${origin}/timemap/link/${original}` };
}

/**
 * The article's versions as mementos at `origin`; null when there is no such article or it has no
 * versions. `known`: the article and its versions when the caller has read them already.
 */
export async function mementoSet(
  store: Store,
  articleId: number,
  origin: string,
  asked: string | null = null,
  known?: { article: Article; versions: VersionRow[] },
): Promise<MementoSet | null> {
  const article = known?.article ?? (await store.getArticle(articleId));
  if (!article) return null;
  const versions = known?.versions ?? (await store.crawl.versions(articleId));
  const mementos = versions
    .map((v) => ({ n: v.n, uri: `${origin}/articles/${articleId}/versions/${v.n}`, at: new Date(v.seenAt) }))
    .filter((m) => !Number.isNaN(m.at.getTime()));
  if (!mementos.length) return null;
  const original = originalOf(article, asked);
  return { articleId, original, ...mementoUrls(origin, original), mementos };
}

/** The original URL written after a route prefix in the request: path and query as sent, percent-decoded if it came encoded whole. */
export function originalFromRequest(requestUrl: string, prefix: string): string | null {
  const u = new URL(requestUrl);
  if (!u.pathname.startsWith(prefix)) return null;
  const rest = u.pathname.slice(prefix.length) + u.search;
  if (!rest) return null;
  // `http%3A%2F%2F…`: a client that escaped the whole URL (its query is then inside the path too).
  if (/^[a-z][a-z0-9+.-]*%3A/i.test(rest)) {
    try {
      return decodeURIComponent(rest);
    } catch {
      return rest;
    }
  }
  return rest;
}
