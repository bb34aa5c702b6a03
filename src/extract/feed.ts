import { decodeHTML } from 'entities';
import { parseFeed } from 'feedsmith';
import { loadMarkup, nodeText, textLines } from './text.js';

export interface FeedItem {
  url: string;
  title: string | null;
  /** An instant (ISO) when the feed gives one. */
  publishedAt: string | null;
  /** The item's text as paragraphs, when the feed carries it. */
  paragraphs: string[];
}

type Loose = Record<string, unknown> | undefined;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const textOf = (v: unknown): string | null => str(v) ?? str((v as Loose)?.value) ?? str((v as Loose)?.rendered);

function htmlParagraphs(html: string | null): string[] {
  if (!html) return [];
  // A description is HTML even without tags: its entities are decoded here, once (`&amp;nbsp;` stays the text `&nbsp;`).
  if (!/<[a-z]/i.test(html)) return textLines(decodeHTML(html));
  return textLines(nodeText(loadMarkup(html).root().toArray()));
}

function instant(v: string | null): string | null {
  if (!v) return null;
  const t = new Date(v);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

/** Items of an RSS, Atom, RDF or JSON feed; throws on anything that is not a feed. */
export function parseFeedItems(text: string, feedUrl: string): FeedItem[] {
  const { format, feed } = parseFeed(text) as { format: string; feed: Record<string, unknown> };
  const rawItems = ((format === 'atom' ? feed.entries : feed.items) ?? []) as Record<string, unknown>[];
  const out: FeedItem[] = [];
  for (const it of rawItems) {
    let link: string | null = null;
    let title: string | null = null;
    let date: string | null = null;
    let html: string | null = null;
    if (format === 'atom') {
      const links = (it.links ?? []) as { href?: string; rel?: string }[];
      link = str(links.find((l) => !l.rel || l.rel === 'alternate')?.href) ?? str(links[0]?.href) ?? null;
      title = textOf(it.title);
      date = str(it.published) ?? str(it.updated);
      html = textOf(it.content) ?? textOf(it.summary);
    } else if (format === 'json') {
      link = str(it.url) ?? str(it.external_url) ?? str(it.id);
      title = str(it.title);
      date = str(it.date_published) ?? str(it.date_modified);
      html = str(it.content_html) ?? str(it.content_text) ?? str(it.summary);
    } else {
      link = str(it.link) ?? textOf(it.guid);
      title = str(it.title);
      const dc = it.dc as { dates?: string[]; date?: string } | undefined;
      date = str(it.pubDate) ?? str(dc?.dates?.[0]) ?? str(dc?.date);
      html = str((it.content as Loose)?.encoded) ?? str(it.description);
    }
    if (!link) continue;
    let url: string;
    try {
      url = new URL(link, feedUrl).toString();
    } catch {
      continue;
    }
    out.push({ url, title, publishedAt: instant(date), paragraphs: htmlParagraphs(html) });
  }
  return out;
}

/** `<loc>` entries of a sitemap (with `<lastmod>`), or the child sitemaps of an index. */
export function parseSitemap(xml: string, sitemapUrl: string): { urls: { url: string; lastmod: string | null }[]; sitemaps: string[] } {
  const $ = loadMarkup(xml, { xml: true });
  const abs = (s: string) => {
    try {
      return new URL(s.trim(), sitemapUrl).toString();
    } catch {
      return null;
    }
  };
  const sitemaps = $('sitemapindex > sitemap > loc')
    .toArray()
    .map((el) => abs($(el).text()))
    .filter((u): u is string => !!u);
  const urls = $('urlset > url')
    .toArray()
    .map((el) => ({ url: abs($(el).find('loc').first().text()), lastmod: str($(el).find('lastmod').first().text()) }))
    .filter((u): u is { url: string; lastmod: string | null } => !!u.url);
  return { urls, sitemaps };
}

export interface WordpressPost {
  id: number;
  url: string;
  title: string | null;
  publishedAt: string | null;
  paragraphs: string[];
}

/** A post from the WordPress REST API (`/wp-json/wp/v2/posts`). */
export function parseWordpressPost(p: Record<string, unknown>): WordpressPost | null {
  const id = typeof p.id === 'number' ? p.id : null;
  const link = str(p.link);
  if (id === null || !link) return null;
  const title = textOf(p.title);
  const gmt = str(p.date_gmt);
  const publishedAt = gmt ? instant(`${gmt}Z`) : instant(str(p.date));
  return {
    id,
    url: link,
    title: title ? textLines(nodeText(loadMarkup(title).root().toArray())).join(' ') : null,
    publishedAt,
    paragraphs: htmlParagraphs(textOf(p.content)),
  };
}
