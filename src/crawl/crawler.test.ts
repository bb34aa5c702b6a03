import iconv from 'iconv-lite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../fetch/fetcher.js';
import { startTestServer, type TestServer } from '../fetch/test-server.js';
import { parseSource } from '../sources/load.js';
import type { SourceDef } from '../sources/schema.js';
import { openStore } from '../store/open-store.js';
import { storeDb } from '../store/store-db.js';
import type { Store } from '../store/store.js';
import { searchOf } from '../search/attach.js';
import { testBackends } from '../testing/backends.js';
import { createApp } from '../web/app.js';
import { normalizeArticle } from '../normalize/article.js';
import { Crawler } from './crawler.js';
import { upsertSourceDef } from './sync.js';

/** A small news site with listings, robots.txt and every kind of trouble the outlets give. */
interface SiteState {
  articles: Map<number, { title: string; paras: string[]; date: string }>;
  gone: Set<number>;
  redirectHome: Set<number>;
  blocked: Set<number>;
  failOnce: Map<string, number>;
}

/** The site as it starts; every backend's run begins from it. */
const initialSite = (): SiteState => ({
  articles: new Map([
    [1, { title: 'Respected Comrade Kim Jong Un inspects farm', paras: ['Pyongyang, May 4 (KCNA) -- He gave guidance at<nobr><span class="fSpecCs">Kim Il Sung</span></nobr>Square.', 'The farm fulfilled its plan. -0-'], date: '2024.5.4.' }],
    [2, { title: 'Delegation leaves for Moscow', paras: ['A delegation left Pyongyang on Saturday for talks.', 'It is led by the minister.'], date: '2024.5.4.' }],
    [3, { title: 'EUC-KR', paras: [], date: '' }],
    [4, { title: 'Busy article answers 429 first', paras: ['The first request is told to come back later, politely.'], date: '2024.5.3.' }],
    [5, { title: 'Flaky article answers 503 twice', paras: ['A burst of server errors precedes this perfectly good text.'], date: '2024.5.3.' }],
    [6, { title: 'Article later redirected home', paras: ['This article is replaced by a redirect to the home page later on.'], date: '2024.5.2.' }],
    [7, { title: 'Article later blocked', paras: ['A network later serves a block page with status 200 in place of this article.'], date: '2024.5.2.' }],
  ]),
  gone: new Set(),
  redirectHome: new Set(),
  blocked: new Set(),
  failOnce: new Map([
    ['/a/4', 1],
    ['/a/5', 2],
  ]),
});
let site = initialSite();

function articleHtml(id: number): string {
  const a = site.articles.get(id)!;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${a.title} | Wire</title></head><body>
    <nav><a href="/">Home</a></nav>
    <div class="article"><h1 class="title">${a.title}</h1><span class="published">${a.date}</span>
    <div class="body">${a.paras.map((p) => `<p>${p}</p>`).join('\n')}</div></div><footer>© Wire</footer></body></html>`;
}

function listing(page: number): string {
  const ids = page === 1 ? [1, 2, 3, 4] : [5, 6, 7];
  const items = ids.map((id) => `<li><a href="/a/${id}">${site.articles.get(id)!.title}</a> <span class="date">2024.05.0${id > 5 ? 2 : 4}</span></li>`).join('');
  const more = page === 1 ? '<li><a href="/private/secret">members only</a></li>' : '';
  return `<html><body><ul class="news">${items}${more}</ul></body></html>`;
}

let server: TestServer;
let dir: string;
let def: SourceDef;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wirewatch-crawl-'));
  server = await startTestServer((req, res) => {
    const path = req.url ?? '/';
    const failures = site.failOnce.get(path);
    if (failures) {
      site.failOnce.set(path, failures - 1);
      if (path === '/a/4') res.writeHead(429, { 'retry-after': '0' });
      else res.writeHead(503);
      return void res.end('try later');
    }
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('User-agent: *\nDisallow: /private/\n');
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html><body><h1>Wire home</h1></body></html>');
    }
    const list = /^\/news(?:\?page=(\d+))?$/.exec(path);
    if (list) {
      const body = listing(Number(list[1] ?? 1));
      const etag = `"l${list[1] ?? 1}-${body.length}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag });
      return void res.end(body);
    }
    const art = /^\/a\/(\d+)$/.exec(path);
    if (art) {
      const id = Number(art[1]);
      if (site.gone.has(id)) {
        res.writeHead(404);
        return void res.end('<h1>Not found</h1>');
      }
      if (site.redirectHome.has(id)) {
        res.writeHead(302, { location: '/' });
        return void res.end();
      }
      if (site.blocked.has(id)) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<html><head><title>Web Page Blocked</title></head><body>Access denied.</body></html>');
      }
      if (id === 3) {
        res.writeHead(200, { 'content-type': 'text/html; charset=euc-kr' });
        const html = '<html><body><div class="article"><h1 class="title">김정은동지께서 농장을 현지지도하시였다</h1><span class="published">2024.5.4.</span><div class="body"><p>(평양 5월 4일발 조선중앙통신) 경애하는 김정은동지께서 농장을 현지지도하시였다.</p><p>농장은 계획을 넘쳐 수행하였다. (끝)</p></div></div></body></html>';
        return void res.end(iconv.encode(html, 'euc-kr'));
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'last-modified': 'Sat, 04 May 2024 00:00:00 GMT' });
      return void res.end(articleHtml(id));
    }
    res.writeHead(404);
    res.end();
  });
  def = parseSource(
    {
      slug: 'wire',
      name: 'Wire',
      homepage: `${server.origin}/`,
      languages: ['en'],
      adapter: {
        kind: 'html',
        listings: [{ url: `${server.origin}/news`, pagination: { kind: 'param', name: 'page', first: 1, maxPages: 3 } }],
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

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const newCrawler = (store: Store) => new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, timeoutMs: 2000 }), log: () => {} });

describe.each(testBackends())('crawler end to end ($name)', (backend) => {
  let location: string;
  beforeAll(async () => {
    site = initialSite();
    location = await backend.location();
  });
  afterAll(() => backend.cleanup());
  const openArchive = () => openStore(location);

  it('discovers, captures and stores a site, surviving 429s, 5xx bursts, robots.txt and EUC-KR', async () => {
    const store = await openArchive();
    await upsertSourceDef(store, def);
    const crawler = newCrawler(store);
    const s = await crawler.runPass({ source: 'wire' });
    // The link under /private/ is queued, then refused by robots.txt without a request.
    expect(s.sources[0]).toMatchObject({ discovered: 8, stored: 7, failed: 1 });
    expect(server.hits.some((h) => h.path.startsWith('/private'))).toBe(false);

    const id1 = (await store.findArticleIdByUrl(`${server.origin}/a/1`))!;
    const a1 = (await store.getArticle(id1))!;
    expect(a1.title).toBe('Respected Comrade Kim Jong Un inspects farm');
    expect(a1.body[0]).toBe('Pyongyang, May 4 (KCNA) -- He gave guidance at Kim Il Sung Square.');
    expect(a1.body[1]).toBe('The farm fulfilled its plan.');
    expect(a1.published).toBe('2024-05-04');
    expect(a1.dateFrom).toBe('page');

    const a3 = (await store.getArticle((await store.findArticleIdByUrl(`${server.origin}/a/3`))!))!;
    expect(a3.title).toBe('김정은동지께서 농장을 현지지도하시였다');
    expect(a3.lang).toBe('ko');
    expect(a3.body[1]).toBe('농장은 계획을 넘쳐 수행하였다.');

    const cap = (await storeDb(store).selectFrom('captures').selectAll().where('article_id', '=', id1).executeTakeFirstOrThrow()) as unknown as Record<string, string>;
    expect(cap.origin).toBe('crawl');
    expect(cap.extractor).toBe('selectors');
    expect(cap.http_status).toBe(200);
    expect(JSON.parse(cap.headers)['last-modified']).toBe('Sat, 04 May 2024 00:00:00 GMT');
    const blob = await store.crawl.getBlob(cap.raw_sha256);
    expect(blob?.toString('utf8')).toContain('Respected Comrade');
    await crawler.close();
    await store.close();
  });

  it('resumes after a restart without repeating work; unchanged listings cost a 304', async () => {
    const store = await openArchive();
    const crawler = newCrawler(store);
    const before = server.hits.filter((h) => h.path.startsWith('/a/')).length;
    const s = await crawler.runPass({ source: 'wire' });
    expect(s.sources[0]).toMatchObject({ discovered: 0, stored: 0, rechecked: 0 });
    expect(server.hits.filter((h) => h.path.startsWith('/a/')).length).toBe(before);
    const lastListing = server.hits.filter((h) => h.path === '/news').at(-1)!;
    expect(lastListing.headers['if-none-match']).toMatch(/^"l1-/);
    await crawler.close();
    await store.close();
  });

  it('records an edit as a new version, ignoring whitespace-only changes', async () => {
    const store = await openArchive();
    const search = searchOf(store);
    const crawler = newCrawler(store);
    site.articles.get(2)!.paras = ['A delegation   left Pyongyang on Saturday for talks.', 'It is led by the minister.'];
    let s = await crawler.runPass({ source: 'wire', recheckAll: true });
    expect(s.sources[0]).toMatchObject({ rechecked: 7, edited: 0, unchanged: 7 });
    site.articles.get(2)!.paras = ['A delegation left Pyongyang on Sunday for talks in Moscow.', 'It is led by the minister.'];
    s = await crawler.runPass({ source: 'wire', recheckAll: true });
    expect(s.sources[0]).toMatchObject({ edited: 1 });
    const id2 = (await store.findArticleIdByUrl(`${server.origin}/a/2`))!;
    const a2 = (await store.getArticle(id2))!;
    expect(a2.versions).toBe(2);
    expect(a2.body[0]).toContain('Sunday');
    const versions = await store.crawl.versions(id2);
    expect(versions.map((v) => v.body[0])).toEqual(['A delegation left Pyongyang on Saturday for talks.', 'A delegation left Pyongyang on Sunday for talks in Moscow.']);
    // The edited text is what search finds (indexed at the end of the crawl's transaction).
    expect((await search.search({ q: '"sunday for talks in moscow"' })).results.map((h) => h.id)).toEqual([id2]);
    const app = createApp(store);
    const page = await (await app.request(`/articles/${id2}`)).text();
    expect(page).toContain('Edited 1 time');
    const diff = await (await app.request(`/articles/${id2}/versions`)).text();
    expect(diff).toContain('<del>Saturday</del>');
    expect(diff).toContain('<ins>Sunday</ins>');
    const events = (await (await app.request('/api/events?type=edited')).json()) as { items: { article: number }[] };
    expect(events.items.map((e) => e.article)).toContain(id2);
    await crawler.close();
    await store.close();
  });

  it('marks removal only after a confirming check, then restoration; redirects home and block pages count too', async () => {
    const store = await openArchive();
    const crawler = newCrawler(store);
    const app = createApp(store);
    const id = async (n: number) => (await store.findArticleIdByUrl(`${server.origin}/a/${n}`))!;
    site.gone.add(1);
    site.redirectHome.add(6);
    site.blocked.add(7);
    let s = await crawler.runPass({ source: 'wire', recheckAll: true });
    expect(s.sources[0]).toMatchObject({ suspect: 3, removed: 0 });
    expect((await store.getArticle(await id(1)))!.status).toBe('live');
    s = await crawler.runPass({ source: 'wire', recheckAll: true });
    expect(s.sources[0]).toMatchObject({ removed: 3 });
    const a1 = (await store.getArticle(await id(1)))!;
    expect(a1.status).toBe('removed');
    expect(a1.removedAt).toBeTruthy();
    expect(a1.body[1]).toBe('The farm fulfilled its plan.');
    const json = (await (await app.request(`/api/articles/${a1.id}`)).json()) as { status: string; removedAt: string; versions: number };
    expect(json).toMatchObject({ status: 'removed', versions: 1 });
    expect(json.removedAt).toBe(a1.removedAt);
    expect(await (await app.request(`/articles/${a1.id}`)).text()).toContain('Removed from the source');
    expect(await (await app.request('/removed')).text()).toContain('Respected Comrade Kim Jong Un inspects farm');
    const removed = (await (await app.request('/api/events?type=removed')).json()) as { items: { article: number; detail: { reason: string } }[] };
    expect(removed.items.map((e) => e.detail.reason).sort()).toEqual(['HTTP 404', 'block page', 'redirect to the home page']);

    site.gone.delete(1);
    s = await crawler.runPass({ source: 'wire', recheckAll: true });
    expect(s.sources[0].restored).toBe(1);
    expect((await store.getArticle(await id(1)))!.status).toBe('restored');
    const restored = (await (await app.request('/api/events?type=restored')).json()) as { items: { article: number }[] };
    expect(restored.items.map((e) => e.article)).toEqual([await id(1)]);
    expect((await app.request('/api/events?type=bogus')).status).toBe(400);

    const health = (await (await app.request('/api/sources/wire/health')).json()) as { lastSuccessAt: string; lastError: { kind: string }; fetches: { total: number } };
    expect(health.lastSuccessAt).toBeTruthy();
    expect(['http', 'blocked']).toContain(health.lastError.kind);
    expect(health.fetches.total).toBeGreaterThan(20);
    expect((await app.request('/health')).status).toBe(200);
    expect(await (await app.request('/sources/wire/health')).text()).toContain('Articles per day');
    await crawler.close();
    await store.close();
  });

  it('does not report an imported text that differs from the first crawl as an edit', async () => {
    const store = await openStore(await backend.location());
    const { id: sourceId } = await upsertSourceDef(store, def);
    const imported = normalizeArticle({ url: `${server.origin}/a/4`, title: 'Busy article answers 429 first', body: 'The first request is told to come back later, politely, said an old scrape.', listingDate: '2024-05-03' });
    if (!imported.ok) throw new Error(imported.reason);
    await store.ingestBatch([{ sourceId, article: imported.article, seenAt: '2024-05-04T00:00:00Z', origin: 'import' }]);
    const crawler = newCrawler(store);
    await crawler.runPass({ source: 'wire' });
    const s = await crawler.runPass({ source: 'wire', recheckAll: true });
    expect(s.sources[0].edited).toBe(0);
    const id = (await store.findArticleIdByUrl(`${server.origin}/a/4`))!;
    const a = (await store.getArticle(id))!;
    expect(a.body).toEqual(['The first request is told to come back later, politely.']);
    expect(a.versions).toBe(2);
    expect((await store.crawl.events({ articleId: id, limit: 10 })).map((e) => e.type)).toEqual(['recaptured']);
    await crawler.close();
    await store.close();
  });

  it('schedules rechecks on a decaying schedule', async () => {
    const store = await openArchive();
    const row = await storeDb(store).selectFrom('crawl_urls').select(['recheck_step', 'next_check_at', 'last_checked_at']).where('url', '=', `${server.origin}/a/4`).executeTakeFirstOrThrow();
    // Captured, then rechecked unchanged five times: 1 h, 6 h, 1 d, 3 d, 7 d are used up, 30 days is next.
    expect(row.recheck_step).toBe(5);
    const hours = (Date.parse(row.next_check_at) - Date.parse(row.last_checked_at!)) / 3_600_000;
    expect(hours).toBeCloseTo(720, 0);
    await store.close();
  });
});
