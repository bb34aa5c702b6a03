import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pyongyangDate } from '../dates/pyongyang-time.js';
import { awkwardText, FUZZ_TIMEOUT_MS, fuzzParams, HANG_MS, millis } from '../testing/fuzz.js';
import { parseFeedItems, parseSitemap, parseWordpressPost, type FeedItem } from './feed.js';

const FEED_URL = 'https://news.example/rss.xml';

/** Feed-shaped text: fragments of RSS, Atom, RDF and JSON feeds, CDATA, entities and DTDs, shuffled. */
const feedPiece = fc.oneof(
  fc.constantFrom(
    '<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0">', '</rss>', '<channel>', '</channel>', '<item>', '</item>', '<title>', '</title>',
    '<link>', '</link>', '<pubDate>', '</pubDate>', '<description>', '</description>', '<guid isPermaLink="true">', '</guid>', '<content:encoded>',
    '<feed xmlns="http://www.w3.org/2005/Atom">', '</feed>', '<entry>', '</entry>', '<link href="/a/1"/>', '<link rel="self" href="x"/>', '<published>', '<updated>',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">', '</rdf:RDF>', '<dc:date>',
    '<![CDATA[', ']]>', '&amp;', '&lt;p&gt;', '&#0;', '&bogus;', '<!DOCTYPE rss [<!ENTITY e "eee">]>', '&e;', '<!-- c -->',
    '{"version":"https://jsonfeed.org/version/1.1","items":[', ']}', '{"url":"/a/2","title":"t"}', '{"url":5}', 'null', ',', '{"id":"x"}',
  ),
  fc.constantFrom('https://news.example/a/1', '/a/2', 'javascript:alert(1)', 'Thu, 04 May 2024 10:00:00 GMT', '2024-05-04T10:00:00+09:00', 'Juche 113', 'not a date'),
  awkwardText(8),
);
const feedish = fc.array(feedPiece, { maxLength: 40 }).map((ps) => ps.join(''));

function checkItems(items: FeedItem[]): void {
  for (const i of items) {
    expect(() => new URL(i.url)).not.toThrow();
    if (i.publishedAt) {
      expect(new Date(i.publishedAt).toISOString()).toBe(i.publishedAt);
      pyongyangDate(new Date(i.publishedAt));
    }
    expect(i.paragraphs.every((p) => p.length > 0 && p === p.trim())).toBe(true);
  }
}

describe('feed readers on any text', () => {
  it('parseFeedItems gives clean items or throws an Error (not a feed)', () => {
    fc.assert(
      fc.property(fc.oneof(feedish, awkwardText()), (text) => {
        let items: FeedItem[];
        try {
          items = parseFeedItems(text, FEED_URL);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          return;
        }
        checkItems(items);
      }),
      fuzzParams(400),
    );
  }, FUZZ_TIMEOUT_MS);

  it('parseSitemap never throws and gives absolute URLs', () => {
    const sitemapish = fc
      .array(fc.oneof(fc.constantFrom('<urlset>', '</urlset>', '<url>', '</url>', '<loc>', '</loc>', '<lastmod>', '</lastmod>', '<sitemapindex>', '<sitemap>', '</sitemap>', '/a/1', 'http://[::1', '2024-05-04'), awkwardText(6)), { maxLength: 30 })
      .map((ps) => ps.join(''));
    fc.assert(
      fc.property(fc.oneof(sitemapish, awkwardText()), (xml) => {
        const { urls, sitemaps } = parseSitemap(xml, FEED_URL);
        for (const u of [...urls.map((x) => x.url), ...sitemaps]) expect(() => new URL(u)).not.toThrow();
      }),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);

  it('parseWordpressPost gives null or a post with an id and clean paragraphs, for any JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            id: fc.oneof(fc.integer(), fc.string()),
            link: fc.oneof(fc.webUrl(), awkwardText(10)),
            title: fc.oneof(fc.record({ rendered: awkwardText(20) }), awkwardText(10), fc.constant(null)),
            content: fc.oneof(fc.record({ rendered: fc.oneof(awkwardText(40), fc.constant('<p>a</p><p>b &amp; c</p>')) }), fc.constant(7)),
            date_gmt: fc.oneof(fc.constantFrom('2024-05-04T01:02:03', 'garbage', ''), awkwardText(8)),
            date: fc.constantFrom('2024-05-04T10:02:03', 'x'),
          }),
        ),
        (json) => {
          const post = typeof json === 'object' && json !== null && !Array.isArray(json) ? parseWordpressPost(json as Record<string, unknown>) : null;
          if (!post) return;
          expect(typeof post.id).toBe('number');
          expect(post.paragraphs.every((p) => p.length > 0 && p === p.trim())).toBe(true);
        },
      ),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);
});

/** Items as an outlet publishes them, written into each feed format and read back. */
const line = fc.stringMatching(/^[A-Za-z가-힣0-9][A-Za-z가-힣0-9,.'&<>"()-]*(?: [A-Za-z가-힣0-9,.'&<>"()-]+){0,6}$/);
const item = fc.record({
  title: line,
  path: fc.stringMatching(/^\/[a-z0-9_-][a-z0-9/_-]{0,19}(?:\?id=[0-9]{1,6})?$/),
  date: fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000)),
  paragraphs: fc.array(line, { minLength: 1, maxLength: 4 }),
});
type Item = typeof item extends fc.Arbitrary<infer T> ? T : never;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const bodyHtml = (i: Item) => i.paragraphs.map((p) => `<p>${xml(p)}</p>`).join('');

const FORMATS: [string, (items: Item[]) => string][] = [
  [
    'RSS 2.0',
    (items) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><link>https://news.example/</link>${items
        .map((i) => `<item><title>${xml(i.title)}</title><link>${xml(i.path)}</link><pubDate>${i.date.toUTCString()}</pubDate><description>${xml(bodyHtml(i))}</description></item>`)
        .join('')}</channel></rss>`,
  ],
  [
    'Atom',
    (items) =>
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title><id>urn:feed</id><updated>2024-01-01T00:00:00Z</updated>${items
        .map((i) => `<entry><title>${xml(i.title)}</title><id>urn:${xml(i.path)}</id><link href="${xml(i.path)}"/><published>${i.date.toISOString()}</published><content type="html">${xml(bodyHtml(i))}</content></entry>`)
        .join('')}</feed>`,
  ],
  [
    'JSON Feed',
    (items) =>
      JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Feed', items: items.map((i) => ({ id: i.path, url: i.path, title: i.title, date_published: i.date.toISOString(), content_html: bodyHtml(i) })) }),
  ],
];

describe('feed readers read back what a feed says', () => {
  it.each(FORMATS)('%s: links, titles, instants and paragraphs', (_, write) => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), (items) => {
        const got = parseFeedItems(write(items), FEED_URL);
        expect(got).toEqual(items.map((i) => ({ url: new URL(i.path, FEED_URL).toString(), title: i.title, publishedAt: i.date.toISOString(), paragraphs: i.paragraphs })));
      }),
      fuzzParams(200),
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('feed readers on large adversarial feeds', () => {
  it('finish quickly, and do not expand entities declared in the feed', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${'x'.repeat(100)}"><!ENTITY b "${'&a;'.repeat(100)}"><!ENTITY c "${'&b;'.repeat(100)}"><!ENTITY d "${'&c;'.repeat(100)}">]><rss version="2.0"><channel><title>t</title><item><title>&d;</title><link>/a</link></item></channel></rss>`;
    let items: FeedItem[] = [];
    expect(millis(() => (items = parseFeedItems(laughs, FEED_URL)))).toBeLessThan(HANG_MS);
    expect((items[0]?.title ?? '').length).toBeLessThan(1000);
    const huge = [
      `<rss version="2.0"><channel><title>t</title>${'<item><title>t</title><link>/a</link><description>&lt;p&gt;x&lt;/p&gt;</description></item>'.repeat(20_000)}</channel></rss>`,
      `<rss version="2.0"><channel><item>${'<x>'.repeat(100_000)}</item></channel></rss>`,
      `<rss version="2.0"><channel><item><link>/a</link><description>${'&lt;div&gt;'.repeat(100_000)}</description></item></channel></rss>`,
      `<rss version="2.0"><channel><item><link>/a</link><description>${'&lt;p&gt;x'.repeat(100_000)}</description></item></channel></rss>`,
      `{"version":"https://jsonfeed.org/version/1.1","items":[${'{"url":"/a","content_html":"<p>x</p>"},'.repeat(20_000)}{"url":"/b"}]}`,
      '<'.repeat(1_000_000),
    ];
    for (const text of huge) {
      expect(
        millis(() => {
          try {
            parseFeedItems(text, FEED_URL);
          } catch {
            // Not a feed: an error is an answer.
          }
        }),
        text.slice(0, 30),
      ).toBeLessThan(HANG_MS);
    }
    expect(millis(() => parseSitemap(`<urlset>${'<url><loc>/a</loc></url>'.repeat(50_000)}</urlset>`, FEED_URL))).toBeLessThan(HANG_MS);
    // A description nested 10,000 deep overflowed the stack walking its text (a RangeError out of the feed reader).
    const deep = `<rss version="2.0"><channel><item><link>/a</link><description>${'&lt;b&gt;'.repeat(10_000)}x</description></item></channel></rss>`;
    expect(parseFeedItems(deep, FEED_URL)).toEqual([{ url: 'https://news.example/a', title: null, publishedAt: null, paragraphs: [] }]);
    expect(millis(() => parseSitemap(`<urlset>${'<url>'.repeat(100_000)}</urlset>`, FEED_URL))).toBeLessThan(HANG_MS);
  }, FUZZ_TIMEOUT_MS);
});
