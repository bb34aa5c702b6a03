import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { crawlCommand } from '../cli/crawl-command.js';
import { addFeedSourceCommand } from '../cli/sources-command.js';
import { dropRepeat, extractArticle } from '../extract/article.js';
import { parseFeedItems } from '../extract/feed.js';
import { Fetcher } from '../fetch/fetcher.js';
import { startTestServer, type TestServer } from '../fetch/test-server.js';
import { loadSourceFile, parseSource, SourceFileError } from '../sources/load.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { Crawler } from './crawler.js';
import { upsertSourceDef } from './sync.js';

const longText = (topic: string) =>
  `<p>The ${topic} was discussed at length by the participants, who stressed its importance for the whole country and for the years ahead.</p>` +
  `<p>Speakers said that the ${topic} had already brought great changes and that further efforts were needed to carry it through to the end.</p>` +
  `<p>The meeting closed with a resolution on the ${topic}, adopted unanimously by all those present in the hall.</p>`;

const page = (title: string, topic: string) =>
  `<!doctype html><html><head><title>${title} - Example News</title></head><body><header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>
  <main><article><h2>${title}</h2><div class="story">${longText(topic)}</div></article></main><aside><ul><li><a href="/x">Most read</a></li></ul></aside><footer>© Example</footer></body></html>`;

let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wirewatch-adapters-'));
  server = await startTestServer((req, res) => {
    const url = req.url ?? '/';
    const send = (type: string, body: string) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    if (url === '/robots.txt') return send('text/plain', 'User-agent: *\nAllow: /\n');
    if (url === '/rss.xml')
      return send(
        'application/rss+xml',
        `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example</title><link>${server.origin}/</link>
        <item><title>Harvest plan adopted</title><link>${server.origin}/news/1</link><pubDate>Tue, 04 Jun 2024 01:30:00 GMT</pubDate><description>Short summary.</description></item>
        <item><title>Feed-only item</title><link>${server.origin}/news/blank</link><pubDate>Mon, 03 Jun 2024 01:30:00 GMT</pubDate><content:encoded><![CDATA[${longText('feed-only report')}]]></content:encoded></item>
        </channel></rss>`,
      );
    if (url === '/atom.xml')
      return send(
        'application/atom+xml',
        `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title><id>urn:x</id><updated>2024-06-04T00:00:00Z</updated>
        <entry><title>Atom entry</title><id>urn:1</id><link rel="alternate" href="${server.origin}/news/2"/><published>2024-06-02T03:00:00Z</published><updated>2024-06-02T03:00:00Z</updated><content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>`,
      );
    if (url === '/feed.json')
      return send('application/feed+json', JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Example', items: [{ id: '3', url: `${server.origin}/news/3`, title: 'JSON item', content_text: 'x', date_published: '2024-06-01T00:00:00Z' }] }));
    if (url === '/sitemap.xml')
      return send('application/xml', `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${server.origin}/sitemap-news.xml</loc></sitemap></sitemapindex>`);
    if (url === '/sitemap-news.xml')
      return send(
        'application/xml',
        `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>${server.origin}/news/4</loc><lastmod>2024-05-30T10:00:00+09:00</lastmod></url>
        <url><loc>${server.origin}/news/5</loc><lastmod>2024-05-29</lastmod></url>
        <url><loc>${server.origin}/about</loc></url></urlset>`,
      );
    const m = /^\/news\/(\d+)$/.exec(url);
    if (m) return send('text/html; charset=utf-8', page(`Story number ${m[1]}`, `plan number ${m[1]}`));
    if (url === '/news/blank') return send('text/html', '<html><body><p>Log in to read.</p></body></html>');
    res.writeHead(404);
    res.end();
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('feed sources (sources add --feed, crawl --once)', () => {
  it('adds a plain feed source and crawls it: pages through Readability, the feed text when a page has none', async () => {
    const db = join(dir, 'feed.db');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await addFeedSourceCommand({ feed: `${server.origin}/rss.xml`, slug: 'example', minIntervalMs: 0, allowPrivate: true, db });
      await crawlCommand({ db, source: 'example' });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const store = await SqliteStore.open(db);
    const a = (await store.getArticle((await store.findArticleIdByUrl(`${server.origin}/news/1`))!))!;
    expect(a.title).toBe('Harvest plan adopted');
    expect(a.body).toHaveLength(3);
    expect(a.publishedAt).toBe('2024-06-04T01:30:00.000Z');
    expect(a.published).toBe('2024-06-04');
    const cap = store.raw.prepare('SELECT extractor FROM captures WHERE article_id = ?').get(a.id) as { extractor: string };
    expect(cap.extractor).toBe('readability');
    const b = (await store.getArticle((await store.findArticleIdByUrl(`${server.origin}/news/blank`))!))!;
    expect(b.body[0]).toContain('feed-only report');
    expect((store.raw.prepare('SELECT extractor FROM captures WHERE article_id = ?').get(b.id) as { extractor: string }).extractor).toBe('feed');
    await store.close();
  });

  it('reads Atom and JSON Feed items', () => {
    expect(parseFeedItems(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2024-01-01T00:00:00Z</updated><entry><title>A</title><id>i</id><link href="http://h/a"/><updated>2024-01-01T00:00:00Z</updated><content type="html">&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two&lt;/p&gt;</content></entry></feed>`, 'http://h/')).toEqual([
      { url: 'http://h/a', title: 'A', publishedAt: '2024-01-01T00:00:00.000Z', paragraphs: ['One', 'Two'] },
    ]);
    expect(parseFeedItems(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items: [{ id: '1', url: '/b', title: 'B', content_html: '<p>x</p>' }] }), 'http://h/')[0].url).toBe('http://h/b');
    expect(() => parseFeedItems('<html>not a feed</html>', 'http://h/')).toThrow();
  });
});

describe('sitemap sources', () => {
  it('follows a sitemap index and takes article URLs with their dates', async () => {
    const store = await SqliteStore.open(':memory:');
    await upsertSourceDef(
      store,
      parseSource(
        {
          slug: 'maps',
          name: 'Maps',
          homepage: `${server.origin}/`,
          languages: ['en'],
          adapter: { kind: 'sitemap', urls: [`${server.origin}/sitemap.xml`], articleUrl: '/news/\\d+$', article: { title: 'article h2', paragraphs: '.story p' } },
          politeness: { allowPrivate: true, minIntervalMs: 0 },
        },
        'test',
      ),
    );
    const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, retries: 0 }) });
    const s = await crawler.runPass({ source: 'maps' });
    expect(s.sources[0]).toMatchObject({ discovered: 2, stored: 2 });
    const a = (await store.getArticle((await store.findArticleIdByUrl(`${server.origin}/news/4`))!))!;
    expect(a.title).toBe('Story number 4');
    expect(a.listingDate).toBe('2024-05-30');
    await crawler.close();
    await store.close();
  });
});

describe('continuous crawling', () => {
  it('runs each enabled source on its schedule until stopped', async () => {
    const store = await SqliteStore.open(':memory:');
    await upsertSourceDef(
      store,
      parseSource(
        {
          slug: 'loop',
          name: 'Loop',
          homepage: `${server.origin}/`,
          languages: ['en'],
          adapter: { kind: 'sitemap', urls: [`${server.origin}/sitemap-news.xml`], articleUrl: '/news/\\d+$', article: { title: 'article h2', paragraphs: '.story p' } },
          politeness: { allowPrivate: true, minIntervalMs: 0 },
        },
        'test',
      ),
    );
    const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, retries: 0 }) });
    const running = crawler.runForever(50);
    for (let i = 0; i < 100 && (await store.stats()).articles < 2; i++) await new Promise((r) => setTimeout(r, 50));
    crawler.stop();
    await running;
    expect((await store.stats()).articles).toBe(2);
    expect((await store.crawl.sourceState(1)).nextListingAt).toBeTruthy();
    await crawler.close();
    await store.close();
  });
});

describe('extraction', () => {
  it('never glues leader names to their neighbours, and leaves Hangul particles attached', () => {
    const html = `<div class="t">Report</div><div class="b"><p>He spoke at<nobr><span class="fSpecCs">Kim Il Sung</span></nobr>Square with<nobr><span class="fSpecCs">Kim Jong Un</span></nobr>'s guidance.</p><p>경애하는 <nobr><span class="fSpecCs">김정은</span></nobr>동지께서 말씀하시였다.</p></div>`;
    const x = extractArticle(html, 'http://h/', { title: ['.t'], paragraphs: ['.b p'], titleFromFirstParagraph: false })!;
    expect(x.paragraphs).toEqual(["He spoke at Kim Il Sung Square with Kim Jong Un's guidance.", '경애하는 김정은동지께서 말씀하시였다.']);
    expect(x.extractor).toBe('selectors');
  });

  it('falls back to Readability when the selectors find nothing, and says so', () => {
    const x = extractArticle(page('Layout changed', 'new layout'), 'http://h/', { title: ['.gone'], paragraphs: ['.gone p'], titleFromFirstParagraph: false })!;
    expect(x.extractor).toBe('readability');
    expect(x.paragraphs).toHaveLength(3);
  });

  it('keeps one copy of an article printed twice', () => {
    expect(dropRepeat(['a', 'b', 'a', 'b'])).toEqual(['a', 'b']);
    expect(dropRepeat(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});

describe('source files', () => {
  it('name the file and the field that is wrong', () => {
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, JSON.stringify({ slug: 'broken', name: 'B', homepage: 'http://x/', languages: ['en'], adapter: { kind: 'html', listings: [{ url: 'not a url' }], items: 'a' } }));
    expect(() => loadSourceFile(bad)).toThrow(SourceFileError);
    expect(() => loadSourceFile(bad)).toThrow(/broken\.json: adapter\.listings\[0\]\.url: must be an http\(s\) URL/);
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ slug: 'mismatch', name: 'B', homepage: 'http://x/', languages: ['en'], adapter: { kind: 'wordpress', api: 'http://x' } }));
    expect(() => loadSourceFile(join(dir, 'other.json'))).toThrow(/other\.json: slug: 'mismatch' differs from the file name/);
    expect(() => parseSource({ slug: 'x', name: 'X', homepage: 'http://x/', languages: ['en'], adapter: { kind: 'ftp' } }, 'inline')).toThrow(/inline: adapter\.kind/);
    expect(() => parseSource({ slug: 'x', name: 'X', homepage: 'http://x/', languages: ['en'], adapter: { kind: 'wordpress', api: 'http://x' }, dates: { urlDate: '([' } }, 'inline')).toThrow(
      /dates\.urlDate: not a valid regular expression/,
    );
  });
});
