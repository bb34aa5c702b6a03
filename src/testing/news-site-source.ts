import { parseSource } from '../sources/load.js';
import type { SourceDef } from '../sources/schema.js';

/** What differs between the crawl tests' loopback news sites. */
export interface NewsSiteOptions {
  slug?: string;
  name?: string;
  /** Article pages carry their date in `.published` (default true). */
  dated?: boolean;
  /** Minutes a vanished page waits before it counts as removed (the source's default when absent). */
  confirmRemovalMinutes?: number;
  concurrency?: number;
}

/**
 * The source definition of a loopback news site as the crawl tests serve it: a listing at `/news` of
 * `ul.news li a` links, articles with `h1.title`, `div.body p` and `.published`, private addresses
 * allowed and no interval.
 */
export function newsSiteSource(origin: string, o: NewsSiteOptions = {}): SourceDef {
  return parseSource(
    {
      slug: o.slug ?? 'wire',
      name: o.name ?? 'Wire',
      homepage: `${origin}/`,
      languages: ['en'],
      adapter: {
        kind: 'html',
        listings: [{ url: `${origin}/news` }],
        items: 'ul.news li a',
        article: { title: 'h1.title', paragraphs: 'div.body p', ...(o.dated === false ? {} : { date: '.published' }) },
      },
      ...(o.confirmRemovalMinutes === undefined ? {} : { schedule: { confirmRemovalMinutes: o.confirmRemovalMinutes } }),
      politeness: { allowPrivate: true, minIntervalMs: 0, concurrency: o.concurrency ?? 2 },
    },
    'test',
  );
}
