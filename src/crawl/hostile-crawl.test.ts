import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../fetch/fetcher.js';
import { HANGUL_TEXT, HOSTILE_PATHS, startHostileServer } from '../fetch/hostile-server.js';
import { startTestServer, type TestServer } from '../fetch/test-server.js';
import { parseSource } from '../sources/load.js';
import type { SourceDef } from '../sources/schema.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { Crawler } from './crawler.js';
import { upsertSourceDef } from './sync.js';

/**
 * Crawl-level hostile outlets: pages that change on every fetch must not become an endless series of
 * edits, and pages served with status 200 that are not the article (block, captcha, maintenance) must
 * neither be stored as articles nor replace a stored text.
 */

const PARAS = ['Pyongyang, May 4 (KCNA) -- A meeting was held in the capital on Saturday.', 'Speakers praised the results of the year. -0-'];
let fetches = 0;
/** What each article path serves now. */
const serving = new Map<string, 'article' | keyof typeof NOT_ARTICLE>();

/** An article page whose surroundings change on every fetch: token, time, counter, nonce, ad rotation. */
function changingPage(body: string[], extra = ''): string {
  const n = ++fetches;
  const token = Math.random().toString(36).slice(2);
  return `<!doctype html><html><head><meta charset="utf-8"><title>Meeting held | Wire</title>
    <meta name="csrf-token" content="${token}"><script nonce="${token}">var t=${Date.now()};</script><!-- rendered in ${n} ms --></head><body>
    <nav><a href="/">Home</a> <span class="clock">${new Date().toISOString()}</span> Visitors: ${n * 37}</nav>
    <form><input type="hidden" name="_token" value="${token}"></form>
    <div class="article"><h1 class="title">Meeting held</h1><span class="published">2024.5.4.</span>
    <div class="body">${body.map((p) => `<p>${p}</p>`).join('')}${extra}</div></div>
    <aside>Most read: item ${n % 7}</aside><img src="/banner.png?v=${token}"><footer>Page generated ${new Date().toISOString()} · ${token}</footer></body></html>`;
}

const NOT_ARTICLE: Record<string, string> = {
  blocked: '<html><head><title>Web Page Blocked</title></head><body>Access to this site is blocked.</body></html>',
  captcha: '<html><head><title>Security check</title></head><body><h1>Are you a robot?</h1><p>Please complete the CAPTCHA below to continue to the site.</p></body></html>',
  maintenance: '<html><head><title>Site under maintenance</title></head><body><h1>We will be back soon</h1><p>The site is down for maintenance. Please come back later; we apologise for the inconvenience.</p></body></html>',
  // Before the fix, these three threw out of extraction and ended the source's pass.
  empty: '',
  plain: 'Pyongyang, May 4 (KCNA) -- plain text with no markup at all.',
  deep: `${'<div>'.repeat(100_000)}<p>${PARAS[0]}</p>`,
};

let server: TestServer;
let def: SourceDef;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') return void res.writeHead(404).end();
    if (path === '/news') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(`<ul class="news">${[...serving.keys()].map((p) => `<li><a href="${p}">${p}</a> <span class="date">2024.05.04</span></li>`).join('')}</ul>`);
    }
    const what = serving.get(path);
    if (!what) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (what !== 'article') return void res.end(NOT_ARTICLE[what]);
    // The one page whose counter sits inside the article text itself.
    if (path === '/a/counter-in-text') return void res.end(changingPage(PARAS, `<p class="views">Views: ${fetches * 13}</p>`));
    res.end(changingPage(PARAS));
  });
  def = parseSource(
    {
      slug: 'hostile',
      name: 'Hostile wire',
      homepage: `${server.origin}/`,
      languages: ['en'],
      adapter: {
        kind: 'html',
        listings: [{ url: `${server.origin}/news` }],
        items: 'ul.news li a',
        itemDate: '.date',
        article: { title: 'h1.title', paragraphs: 'div.body p', date: '.published' },
      },
      schedule: { confirmRemovalMinutes: 0 },
      politeness: { allowPrivate: true, minIntervalMs: 0, concurrency: 4 },
    },
    'test',
  );
});

afterAll(() => server.close());

const crawlerFor = (store: SqliteStore) => new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, timeoutMs: 2000, retries: 0 }), log: () => {} });

describe('crawling hostile pages', () => {
  it('records no edit for a page whose token, clock and counters change on every fetch', async () => {
    serving.clear();
    serving.set('/a/changing', 'article');
    const store = await SqliteStore.open(':memory:');
    await upsertSourceDef(store, def);
    const crawler = crawlerFor(store);
    await crawler.runPass({ source: 'hostile' });
    for (let i = 0; i < 5; i++) {
      const s = await crawler.runPass({ source: 'hostile', recheckAll: true });
      expect(s.sources[0]).toMatchObject({ rechecked: 1, unchanged: 1, edited: 0 });
    }
    const id = (await store.findArticleIdByUrl(`${server.origin}/a/changing`))!;
    expect((await store.crawl.versions(id)).length).toBe(1);
    expect(await store.crawl.events({ articleId: id, limit: 10 })).toEqual([]);
    await crawler.close();
    await store.close();
  });

  it('records no edit for a counter inside the article text, yet records a real edit of that page once', async () => {
    serving.clear();
    serving.set('/a/counter-in-text', 'article');
    const store = await SqliteStore.open(':memory:');
    await upsertSourceDef(store, def);
    const crawler = crawlerFor(store);
    await crawler.runPass({ source: 'hostile' });
    for (let i = 0; i < 5; i++) {
      const s = await crawler.runPass({ source: 'hostile', recheckAll: true });
      expect(s.sources[0]).toMatchObject({ rechecked: 1, unchanged: 1, edited: 0 });
      // The text differed from the stored one: the page was read once more to tell a counter from an edit.
      expect(s.fetches).toBe(3);
    }
    const id = (await store.findArticleIdByUrl(`${server.origin}/a/counter-in-text`))!;
    expect((await store.crawl.versions(id)).length).toBe(1);
    const edited = [PARAS[0].replace('Saturday', 'Sunday'), PARAS[1]];
    PARAS.splice(0, 2, ...edited);
    try {
      const s = await crawler.runPass({ source: 'hostile', recheckAll: true });
      expect(s.sources[0]).toMatchObject({ edited: 1 });
      const again = await crawler.runPass({ source: 'hostile', recheckAll: true });
      expect(again.sources[0]).toMatchObject({ edited: 0, unchanged: 1 });
    } finally {
      PARAS.splice(0, 2, PARAS[0].replace('Sunday', 'Saturday'), PARAS[1]);
    }
    const versions = await store.crawl.versions(id);
    expect(versions.map((v) => v.body[0])).toEqual([expect.stringContaining('Saturday'), expect.stringContaining('Sunday')]);
    expect((await store.crawl.events({ articleId: id, limit: 10 })).map((e) => e.type)).toEqual(['edited']);
    await crawler.close();
    await store.close();
  });

  it('stores no captcha or maintenance page as a new article; logs it as blocked and stores the article once it is served', async () => {
    serving.clear();
    serving.set('/a/captcha', 'captcha');
    serving.set('/a/maintenance', 'maintenance');
    serving.set('/a/blocked', 'blocked');
    const store = await SqliteStore.open(':memory:');
    await upsertSourceDef(store, def);
    const crawler = crawlerFor(store);
    const s = await crawler.runPass({ source: 'hostile' });
    expect(s.sources[0]).toMatchObject({ discovered: 3, stored: 0, errors: 3 });
    for (const p of serving.keys()) expect(await store.findArticleIdByUrl(`${server.origin}${p}`)).toBeNull();
    const log = store.raw.prepare(`SELECT url, error_kind, message FROM fetch_log WHERE purpose = 'article' ORDER BY url`).all() as { url: string; error_kind: string; message: string }[];
    expect(log.map((l) => [new URL(l.url).pathname, l.error_kind, l.message])).toEqual([
      ['/a/blocked', 'blocked', 'block page served instead of the content'],
      ['/a/captcha', 'blocked', 'captcha page served instead of the content'],
      ['/a/maintenance', 'blocked', 'maintenance page served instead of the content'],
    ]);
    const health = (await store.crawl.sourceHealth('hostile', new Date()))!;
    expect(health.lastError).toMatchObject({ kind: 'blocked' });
    expect(health.queued).toBe(3);

    for (const p of serving.keys()) serving.set(p, 'article');
    // Failed URLs wait before their next try; the test's clock jumps past it.
    const later = new Crawler(store, { fetcher: crawler.fetcher, log: () => {}, now: () => new Date(Date.now() + 3_600_000) });
    const after = await later.runPass({ source: 'hostile' });
    expect(after.sources[0]).toMatchObject({ stored: 3, errors: 0 });
    await crawler.close();
    await store.close();
  });

  it('reads an empty, a plain-text and a 100,000-deep page as extraction failures, quickly, and the pass goes on', async () => {
    serving.clear();
    for (const what of ['empty', 'plain', 'deep'] as const) serving.set(`/a/${what}`, what);
    serving.set('/a/fine', 'article');
    const store = await SqliteStore.open(':memory:');
    await upsertSourceDef(store, def);
    const crawler = crawlerFor(store);
    const started = performance.now();
    const s = await crawler.runPass({ source: 'hostile' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(s.sources[0]).toMatchObject({ discovered: 4, stored: 1, errors: 3 });
    const log = store.raw.prepare(`SELECT url, error_kind, message FROM fetch_log WHERE error_kind IS NOT NULL`).all() as { url: string; error_kind: string; message: string }[];
    expect(log.map((l) => [new URL(l.url).pathname, l.error_kind]).sort()).toEqual([['/a/deep', 'extract'], ['/a/empty', 'extract'], ['/a/plain', 'extract']]);
    await crawler.close();
    await store.close();
  });

  it('keeps the text when a recheck meets a captcha or maintenance page (a failure), and counts a block page as missing', async () => {
    serving.clear();
    serving.set('/a/later', 'article');
    const store = await SqliteStore.open(':memory:');
    await upsertSourceDef(store, def);
    const crawler = crawlerFor(store);
    await crawler.runPass({ source: 'hostile' });
    const id = (await store.findArticleIdByUrl(`${server.origin}/a/later`))!;
    for (const what of ['captcha', 'maintenance'] as const) {
      serving.set('/a/later', what);
      for (let i = 0; i < 2; i++) {
        const s = await crawler.runPass({ source: 'hostile', recheckAll: true });
        expect(s.sources[0], what).toMatchObject({ rechecked: 1, edited: 0, suspect: 0, removed: 0, errors: 1 });
      }
    }
    const a = (await store.getArticle(id))!;
    expect([a.status, a.versions, a.body[0]]).toEqual(['live', 1, PARAS[0]]);
    const kinds = store.raw.prepare('SELECT error_kind FROM captures WHERE article_id = ? AND error_kind IS NOT NULL').all(id) as { error_kind: string }[];
    expect(kinds.map((k) => k.error_kind)).toEqual(['blocked', 'blocked', 'blocked', 'blocked']);
    serving.set('/a/later', 'blocked');
    expect((await crawler.runPass({ source: 'hostile', recheckAll: true })).sources[0]).toMatchObject({ suspect: 1 });
    expect((await crawler.runPass({ source: 'hostile', recheckAll: true })).sources[0]).toMatchObject({ removed: 1 });
    await crawler.close();
    await store.close();
  });

  it('crawls an outlet where every article misbehaves: the pass ends in bounded time, each page logged with its kind', async () => {
    const hostile = await startHostileServer({ dripMs: 50 });
    const src = parseSource(
      {
        slug: 'worst',
        name: 'Worst outlet',
        homepage: `${hostile.origin}/`,
        languages: ['ko'],
        adapter: { kind: 'html', listings: [{ url: `${hostile.origin}/index` }], items: 'ul.news li a', itemDate: '.date', article: { title: 'title', paragraphs: 'body p' } },
        politeness: { allowPrivate: true, minIntervalMs: 0, concurrency: 4, timeoutMs: 500, maxBytes: 1024 * 1024, retries: 0 },
      },
      'test',
    );
    const store = await SqliteStore.open(':memory:');
    await upsertSourceDef(store, src);
    const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, maxRetryAfterMs: 300 }), log: () => {} });
    const started = performance.now();
    const s = await crawler.runPass({ source: 'worst' });
    // Three pages take the whole 500 ms timeout, four at a time: well under 10 s.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(s.sources[0]).toMatchObject({ discovered: HOSTILE_PATHS.length, stored: 2, errors: HOSTILE_PATHS.length - 2 });
    const rows = store.raw.prepare(`SELECT url, error_kind FROM fetch_log WHERE purpose = 'article'`).all() as { url: string; error_kind: string | null }[];
    const kinds = Object.fromEntries(rows.map((r) => [new URL(r.url).pathname, r.error_kind]));
    expect(kinds).toEqual({
      '/slowloris/headers': 'timeout',
      '/slowloris/body': 'timeout',
      '/endless': 'too-large',
      '/bomb/gzip': 'too-large',
      '/bomb/deflate': 'too-large',
      '/bomb/br': 'too-large',
      '/compressed/damaged': 'network',
      '/compressed/empty-members': 'too-large',
      '/redirect/self': 'redirect-loop',
      '/redirect/hop/0': 'too-many-redirects',
      '/redirect/query': 'too-many-redirects',
      '/redirect/slow/0': 'timeout',
      '/429/0': 'http',
      '/429/1000000000': 'http',
      '/charset/euc-kr-as-utf-8': null,
      '/charset/utf-8-as-euc-kr': null,
      '/blocked/title': 'blocked',
      '/blocked/captcha': 'blocked',
      '/blocked/maintenance': 'blocked',
    });
    for (const p of ['/charset/euc-kr-as-utf-8', '/charset/utf-8-as-euc-kr']) {
      const a = (await store.getArticle((await store.findArticleIdByUrl(`${hostile.origin}${p}`))!))!;
      expect(a.body, p).toEqual([HANGUL_TEXT]);
    }
    const health = (await store.crawl.sourceHealth('worst', new Date()))!;
    expect(health.networkError).toBeNull();
    expect(health.lastError).not.toBeNull();
    await crawler.close();
    await store.close();
    await hostile.close();
  });
});
