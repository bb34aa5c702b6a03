import { generateAtomFeed, generateJsonFeed, generateRssFeed } from 'feedsmith';
import { feedUpdated, type Feed, type FeedFormat } from './feed-model.js';

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

const GENERATOR = 'Wirewatch';

function atom(feed: Feed): string {
  return generateAtomFeed({
    id: feed.id,
    title: { value: feed.title, type: 'text' },
    subtitle: { value: feed.subtitle, type: 'text' },
    updated: feedUpdated(feed),
    generator: { text: GENERATOR },
    links: [
      { href: feed.self.atom, rel: 'self', type: 'application/atom+xml' },
      { href: feed.homePage, rel: 'alternate', type: 'text/html' },
    ],
    entries: feed.entries.map((e) => ({
      id: e.id,
      title: { value: e.title, type: 'text' },
      published: e.published,
      updated: e.updated,
      links: [{ href: e.link, rel: 'alternate', type: 'text/html' }, ...(e.original ? [{ href: e.original, rel: 'related', type: 'text/html' }] : [])],
      authors: e.author ? [{ name: e.author }] : undefined,
      categories: e.categories.map((term) => ({ term })),
      summary: { value: e.summary || e.title, type: 'text' },
      content: { value: e.html, type: 'html' },
    })),
  });
}

function rss(feed: Feed): string {
  return generateRssFeed({
    title: feed.title,
    link: feed.homePage,
    description: feed.subtitle,
    lastBuildDate: feedUpdated(feed),
    generator: GENERATOR,
    atom: { links: [{ href: feed.self.rss, rel: 'self', type: 'application/rss+xml' }] },
    items: feed.entries.map((e) => ({
      title: e.title,
      link: e.link,
      guid: { value: e.id, isPermaLink: !e.id.includes('#') },
      pubDate: e.published,
      description: e.html,
      categories: e.categories.map((name) => ({ name })),
      dc: e.author ? { creators: [e.author] } : undefined,
    })),
  });
}

function json(feed: Feed): string {
  const doc = generateJsonFeed({
    title: feed.title,
    description: feed.subtitle,
    home_page_url: feed.homePage,
    feed_url: feed.self.json,
    items: feed.entries.map((e) => ({
      id: e.id,
      url: e.link,
      external_url: e.original ?? undefined,
      title: e.title,
      content_html: e.html,
      summary: e.summary || undefined,
      date_published: e.published,
      date_modified: e.updated,
      tags: e.categories,
      authors: e.author ? [{ name: e.author }] : undefined,
      language: e.lang ?? undefined,
    })),
  });
  // JSON Feed requires `items` even when there are none; the generator leaves an empty list out.
  return JSON.stringify({ ...(doc as object), items: (doc as { items?: unknown[] }).items ?? [] }, null, 1);
}

/** The feed written out in one format, with feedsmith's generators. */
export function renderFeed(feed: Feed, format: FeedFormat): string {
  return format === 'atom' ? atom(feed) : format === 'rss' ? rss(feed) : json(feed);
}
