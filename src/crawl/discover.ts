import { pyongyangDate } from '../dates/pyongyang-time.js';
import { parseFeedItems, parseSitemap, parseWordpressPost } from '../extract/feed.js';
import { formToken, nextPageUrl, type ListingItem } from '../extract/listing.js';
import type { FetchRequest, FetchResult } from '../fetch/fetcher.js';
import type { SourceDef } from '../sources/schema.js';
import type { NewUrl, Validators } from '../store/crawl-store.js';
import { tryCanonicalUrl } from '../urls/canonical.js';
import { readListingPage } from './read-page.js';

/** What discovery needs from the crawler: polite fetches, logged, with the listing's validators. */
export interface DiscoverContext {
  fetch(req: FetchRequest, purpose: 'listing'): Promise<FetchResult>;
  validators(url: string): Promise<Validators | null>;
  saveValidators(url: string, v: Validators): Promise<void>;
  /** Records a listing that loaded but yielded nothing (an adapter no longer fitting the site). */
  adapterProblem(url: string, message: string): Promise<void>;
  /** Queues what a page found; returns how many were new (pagination stops on a page with none). */
  found(items: NewUrl[]): Promise<number>;
}

export const WP_FIELDS = 'id,link,date,date_gmt,modified_gmt,title,content';

function pageItem(it: ListingItem, lang?: string): NewUrl | null {
  const url = tryCanonicalUrl(it.url);
  if (!url) return null;
  return { url, fetchUrl: it.url, mode: 'page', listingDate: it.date, hint: it.title || lang ? { title: it.title, lang } : null };
}

/** Polls a source's listings, feeds, sitemaps or API and hands every article URL found to `ctx.found`. */
export async function discover(def: SourceDef, ctx: DiscoverContext): Promise<void> {
  // A page's validators are saved only once what it lists is queued: saved first, a crash in between
  // left the page "unchanged" to every later poll and its links never queued.
  const held: [string, Validators][] = [];
  const release = async () => {
    for (const [url, v] of held.splice(0)) await ctx.saveValidators(url, v);
  };
  await discoverAll(def, {
    fetch: (req, purpose) => ctx.fetch(req, purpose),
    validators: (url) => ctx.validators(url),
    saveValidators: async (url, v) => void held.push([url, v]),
    adapterProblem: (url, message) => ctx.adapterProblem(url, message),
    found: async (items) => {
      const added = await ctx.found(items);
      await release();
      return added;
    },
  });
  await release();
}

async function discoverAll(def: SourceDef, ctx: DiscoverContext): Promise<void> {
  const a = def.adapter;
  const pol = { allowPrivate: def.politeness.allowPrivate, robots: def.politeness.robots };
  const conditional = async (url: string, extra: Partial<FetchRequest> = {}) => {
    const v = await ctx.validators(url);
    const res = await ctx.fetch({ url, ...pol, etag: v?.etag, lastModified: v?.lastModified, ...extra }, 'listing');
    if (res.ok && !res.notModified) await ctx.saveValidators(url, { etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null, rawSha256: res.sha256 });
    const unchanged = res.ok && (res.notModified || (v?.rawSha256 !== null && v?.rawSha256 === res.sha256));
    return { res, unchanged };
  };

  if (a.kind === 'html') {
    for (const listing of a.listings) {
      const p = listing.pagination;
      const max = p?.maxPages ?? 1;
      let url = listing.url;
      let token: string | null = null;
      let cookies: string[] = [];
      for (let page = 1; page <= max; page++) {
        let res: FetchResult;
        let unchanged = false;
        if (page > 1 && p?.kind === 'form') {
          const form = new URLSearchParams();
          for (const [k, v] of Object.entries(p.fields)) form.set(k, v.replaceAll('{page}', String(page)));
          if (p.tokenField && token) form.set(p.tokenField, token);
          res = await ctx.fetch({ url: listing.url, method: 'POST', body: form.toString(), headers: cookies.length ? { cookie: cookies.join('; ') } : {}, ...pol }, 'listing');
        } else {
          ({ res, unchanged } = await conditional(url));
        }
        if (!res.ok) break;
        // An unchanged first page means nothing new behind it either.
        if (unchanged) break;
        const items = readListingPage(def, res.text, res.finalUrl)
          .map((it) => pageItem(it, listing.lang))
          .filter((x): x is NewUrl => x !== null);
        if (items.length === 0) {
          if (page === 1) await ctx.adapterProblem(url, 'listing loaded but its item selectors found no article links');
          break;
        }
        const added = await ctx.found(items);
        if (added === 0 && page > 1) break;
        if (!p || page === max) break;
        if (p.kind === 'param') {
          const u = new URL(listing.url);
          u.searchParams.set(p.name, String(p.first + page));
          url = u.toString();
        } else if (p.kind === 'template') {
          url = p.url.replaceAll('{page}', String(p.first + page)).replaceAll('%7Bpage%7D', String(p.first + page));
        } else if (p.kind === 'next') {
          const next = nextPageUrl(res.text, res.finalUrl, p.selector);
          if (!next) break;
          url = next;
        } else {
          if (p.tokenField) token = formToken(res.text, p.tokenField) ?? token;
          if (res.cookies.length) cookies = res.cookies;
        }
      }
    }
    return;
  }

  if (a.kind === 'feed') {
    const pattern = a.articleUrl ? new RegExp(a.articleUrl, 'u') : null;
    for (const feedUrl of a.urls) {
      const { res, unchanged } = await conditional(feedUrl);
      if (!res.ok || unchanged) continue;
      let items;
      try {
        items = parseFeedItems(res.text, res.finalUrl);
      } catch (e) {
        await ctx.adapterProblem(feedUrl, `not a feed: ${(e as Error).message}`);
        continue;
      }
      const found: NewUrl[] = [];
      for (const it of items) {
        if (pattern && !pattern.test(it.url)) continue;
        const url = tryCanonicalUrl(it.url);
        if (!url) continue;
        found.push({
          url,
          fetchUrl: it.url,
          mode: a.content === 'feed' ? 'feed' : 'page',
          listingDate: it.publishedAt ? pyongyangDate(new Date(it.publishedAt)) : null,
          hint: { title: it.title, publishedAt: it.publishedAt, paragraphs: it.paragraphs.length ? it.paragraphs : undefined },
        });
      }
      if (found.length === 0 && items.length === 0) await ctx.adapterProblem(feedUrl, 'feed has no items');
      await ctx.found(found);
    }
    return;
  }

  if (a.kind === 'sitemap') {
    const pattern = a.articleUrl ? new RegExp(a.articleUrl, 'u') : null;
    const queue = [...a.urls];
    const all: { url: string; lastmod: string | null }[] = [];
    for (let i = 0; i < queue.length && i < 25; i++) {
      const { res } = await conditional(queue[i]);
      if (!res.ok || res.notModified) continue;
      const { urls, sitemaps } = parseSitemap(res.text, res.finalUrl);
      queue.push(...sitemaps);
      all.push(...urls.filter((u) => !pattern || pattern.test(u.url)));
    }
    all.sort((x, y) => (y.lastmod ?? '').localeCompare(x.lastmod ?? ''));
    const found: NewUrl[] = [];
    for (const u of all.slice(0, a.maxUrls)) {
      const url = tryCanonicalUrl(u.url);
      const t = u.lastmod ? new Date(u.lastmod) : null;
      if (url) found.push({ url, fetchUrl: u.url, mode: 'page', listingDate: t && !Number.isNaN(t.getTime()) ? pyongyangDate(t) : null, hint: null });
    }
    await ctx.found(found);
    return;
  }

  // WordPress: the REST API lists posts with their full text.
  const base = a.api.replace(/\/+$/, '');
  for (let page = 1; page <= a.pages; page++) {
    const url = `${base}/wp-json/wp/v2/posts?per_page=${a.perPage}&page=${page}&_fields=${WP_FIELDS}`;
    const { res, unchanged } = await conditional(url);
    if (!res.ok || unchanged) break;
    let posts: unknown;
    try {
      posts = JSON.parse(res.text);
    } catch {
      await ctx.adapterProblem(url, 'WordPress API answered something that is not JSON');
      break;
    }
    if (!Array.isArray(posts)) {
      await ctx.adapterProblem(url, 'WordPress API answered no list of posts');
      break;
    }
    const found: NewUrl[] = [];
    for (const raw of posts) {
      const p = parseWordpressPost(raw as Record<string, unknown>);
      const canonical = p ? tryCanonicalUrl(p.url) : null;
      if (!p || !canonical) continue;
      found.push({
        url: canonical,
        fetchUrl: `${base}/wp-json/wp/v2/posts/${p.id}?_fields=${WP_FIELDS}`,
        mode: 'wp-json',
        listingDate: p.publishedAt ? pyongyangDate(new Date(p.publishedAt)) : null,
        hint: { postId: p.id, title: p.title, publishedAt: p.publishedAt, paragraphs: p.paragraphs },
      });
    }
    const added = await ctx.found(found);
    if (added === 0 || posts.length < a.perPage) break;
  }
}
