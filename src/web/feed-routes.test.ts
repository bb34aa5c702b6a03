import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { entitiesOf } from '../entities/attach.js';
import { FEED_FORMATS, type FeedFormat } from '../feeds/feed-model.js';
import { feedsmithParse, pythonFeedparser } from '../feeds/testing/feed-parsers.js';
import { importFile } from '../import/importer.js';
import { normalizeArticle } from '../normalize/article.js';
import { searchOf } from '../search/attach.js';
import type { CaptureInput, CrawlUrlRow } from '../store/crawl-store.js';
import { openSqliteStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { createApp } from './app.js';
import { alertsOf } from '../alerts/attach.js';
import { signIn } from './testing/sign-in.js';

const ORIGIN = 'https://archive.example';
const HOSTILE_TITLE = 'Hostile <script>alert(1)</script> ]]> \u202Etxt.exe & more';
const HOSTILE_URL = 'https://hostile.example/news/1';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;

const get = (path: string, headers: Record<string, string> = {}) => app.request(`${ORIGIN}${path}`, { headers: { 'x-forwarded-proto': 'https', ...headers } });

function capture(at: string, contentHash: string | null, status = 200): CaptureInput {
  return { takenAt: at, url: HOSTILE_URL, httpStatus: status, headers: null, rawSha256: null, contentHash, extractor: 'selectors', errorKind: null };
}

function article(body: string[]) {
  const r = normalizeArticle({ url: HOSTILE_URL, title: HOSTILE_TITLE, body, pageDate: '2024-05-01', lang: 'en', decoded: true });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
}

/** A crawled article edited once (a word replaced, a sentence added), then removed, then served again. */
async function crawlHistory(): Promise<number> {
  const sourceId = await store.ensureSource({ slug: 'hostile-outlet', name: 'Hostile <b>Outlet</b>', lang: 'en' });
  const c = store.crawl;
  await c.enqueue(sourceId, [{ url: HOSTILE_URL, fetchUrl: HOSTILE_URL, mode: 'page', listingDate: '2024-05-01', hint: null }], '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z');
  const [row] = await c.queuedUrls(sourceId, '2024-05-01T00:00:00Z', 1);
  const first = article(['The delegation praised the harvest.', 'Control <b>text</b> stays text.']);
  const v = { etag: null, lastModified: null, rawSha256: null };
  await c.storeNew(row, { sourceId, article: first, seenAt: '2024-05-01T01:00:00Z', origin: 'crawl' }, capture('2024-05-01T01:00:00Z', first.contentHash), v, '2024-05-02T00:00:00Z');
  const due = async (): Promise<CrawlUrlRow> => (await c.dueRechecks(sourceId, '2030-01-01T00:00:00Z', 1, true))[0];
  const edited = article(['The delegation criticized the harvest.', 'Control <b>text</b> stays text.', 'A sentence added later.']);
  const next = () => ({ step: 0, at: '2024-06-01T00:00:00Z' });
  expect(await c.storeRecheck(await due(), edited, capture('2024-05-03T02:00:00Z', edited.contentHash), v, next)).toBe('edited');
  await c.recordMissing(await due(), capture('2024-05-04T00:00:00Z', null, 404), 'http-404', '2024-05-05T00:00:00Z');
  expect(await c.recordMissing(await due(), capture('2024-05-05T00:00:00Z', null, 404), 'http-404', '2024-05-06T00:00:00Z')).toBe('removed');
  expect(await c.storeRecheck(await due(), null, capture('2024-05-07T00:00:00Z', null), v, next)).toBe('restored');
  return row.articleId ?? (await store.findArticleIdByUrl(HOSTILE_URL))!;
}

let hostileId = 0;

beforeAll(async () => {
  store = await openSqliteStore(join(tempDir(), 'feeds.db'));
  await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
  await importFile(store, corpusSample('nkarchive-ko-sample.jsonl'), { spec: { preset: 'nkarchive-ko' }, worker: false });
  app = createApp(store);
  hostileId = await crawlHistory();
}, 60_000);
afterAll(async () => store.close());

/** Stored events of these types (the crawled article's three, and the samples' second wordings, which imports record as edits). */
function events(...types: string[]): number {
  return Number(store.raw.prepare(`SELECT count(*) FROM events WHERE type IN (${types.map(() => '?').join(',')})`).pluck().get(...types));
}

/** Every kind of feed, with the number of entries it must hold (null: checked elsewhere). */
async function kinds(): Promise<{ path: string; query?: string; count: number }[]> {
  const search = searchOf(store);
  return [
    { path: '/feeds/all', count: Math.min(50, await search.count('date:..9999')) },
    { path: '/feeds/sources/kcna-co-jp', count: await search.count('source:kcna-co-jp') },
    { path: '/feeds/search', query: `q=${encodeURIComponent('korea OR 김정은')}`, count: await search.count('korea OR 김정은') },
    { path: '/feeds/search', query: `q=${encodeURIComponent('title:(party OR 당) date:2010..')}`, count: await search.count('title:(party OR 당) date:2010..') },
    { path: '/feeds/entities/kim-jong-il', count: await search.count('entity:kim-jong-il') },
    { path: '/feeds/events', count: events('edited', 'removed', 'restored') },
    { path: '/feeds/events', query: 'type=edited', count: events('edited') },
    { path: '/feeds/events', query: 'type=removed', count: events('removed') },
    { path: '/feeds/events', query: 'type=restored', count: events('restored') },
  ];
}

describe('feeds read by two real parsers', () => {
  it('has a sample big enough to mean something', async () => {
    const search = searchOf(store);
    expect(await search.count('korea OR 김정은')).toBeGreaterThan(5);
    expect(await search.count('entity:kim-jong-il')).toBe((await entitiesOf(store).articleIds('kim-jong-il')).length);
  });

  for (const format of FEED_FORMATS) {
    it(`${format}: every kind parses in feedparser (bozo 0) and feedsmith, with the search's count and ids`, async () => {
      for (const k of await kinds()) {
        for (const content of ['summary', 'full']) {
          const url = `${k.path}.${format}?${k.query ? `${k.query}&` : ''}content=${content}`;
          const res = await get(url);
          expect(res.status, url).toBe(200);
          expect(res.headers.get('content-type')).toBe({ atom: 'application/atom+xml', rss: 'application/rss+xml', json: 'application/feed+json' }[format] + '; charset=utf-8');
          const body = await res.text();
          const py = pythonFeedparser(body, format as FeedFormat);
          expect(py.bozo, `${url}: ${py.exc}`).toBe(0);
          expect(py.version).toBe({ atom: 'atom10', rss: 'rss20', json: 'json11' }[format]);
          expect(py.ids.length, url).toBe(k.count);
          const fs = feedsmithParse(body);
          expect(fs.format).toBe(format);
          expect(fs.ids).toEqual(py.ids);
          // Stable, absolute ids: the archive's permalinks.
          for (const id of py.ids) expect(id).toMatch(/^https:\/\/archive\.example\/articles\/\d+(\/versions#event-\d+)?$/);
        }
      }
    });
  }

  it('lists the same articles in the same order as the search, newest first', async () => {
    const q = 'korea OR 김정은';
    const hits = (await searchOf(store).search({ q, perPage: 200, sort: 'newest' })).results.map((h) => `${ORIGIN}/articles/${h.id}`);
    const feed = JSON.parse(await (await get(`/feeds/search.json?q=${encodeURIComponent(q)}&limit=200`)).text()) as { items: { id: string; date_published: string }[] };
    expect(feed.items.map((i) => i.id)).toEqual(hits);
    for (const i of feed.items) expect(i.date_published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });

  it('dates a day-precision article at 00:00 Pyongyang time', async () => {
    const feed = JSON.parse(await (await get('/feeds/search.json?q=date:2016-01-01')).text()) as { items: { date_published: string }[] };
    expect(feed.items.length).toBeGreaterThan(0);
    // 2016 fell in the UTC+8:30 years.
    expect(feed.items[0].date_published).toBe('2015-12-31T15:30:00.000Z');
  });
});

describe('feed parameters', () => {
  it('limits entries (default 50, at most 200) and gives the summary unless asked for the full text', async () => {
    const two = pythonFeedparser(await (await get('/feeds/all.atom?limit=2')).text(), 'atom');
    expect(two.ids.length).toBe(2);
    expect((await get('/feeds/all.atom?limit=201')).status).toBe(400);
    expect((await get('/feeds/all.atom?limit=0')).status).toBe(400);
    expect((await get('/feeds/all.atom?content=everything')).status).toBe(400);
    const latest = await store.latest(50);
    const full = JSON.parse(await (await get('/feeds/all.json?content=full')).text()) as { items: { content_html: string }[] };
    const summary = JSON.parse(await (await get('/feeds/all.json')).text()) as { items: { content_html: string }[] };
    expect(summary.items.length).toBe(latest.length);
    let shorter = 0;
    for (const [i, s] of latest.entries()) {
      const body = (await store.getArticle(s.id))!.body;
      // Every paragraph, plus the line naming the original.
      expect((full.items[i].content_html.match(/<p>/g) ?? []).length).toBeGreaterThanOrEqual(body.length);
      expect(summary.items[i].content_html.length).toBeLessThanOrEqual(full.items[i].content_html.length);
      if (summary.items[i].content_html.length < full.items[i].content_html.length) shorter++;
    }
    expect(shorter).toBeGreaterThan(0);
  });

  it('answers a bad query with 400 and its position, an unknown source or entity with 404', async () => {
    const bad = await get('/feeds/search.atom?q=(korea');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_query', position: expect.any(Number) });
    expect((await get('/feeds/search.rss')).status).toBe(400);
    expect((await get('/feeds/sources/nowhere.atom')).status).toBe(404);
    expect((await get('/feeds/entities/nobody-at-all.json')).status).toBe(404);
    expect((await get('/feeds/all.xml')).status).toBe(404);
    expect((await get('/feeds/events.atom?type=markup-changed')).status).toBe(400);
  });

  it('makes every link absolute from the forwarded origin', async () => {
    const body = await (await get('/feeds/all.atom?limit=3')).text();
    expect(body).toContain('<link href="https://archive.example/feeds/all.atom?limit=3" rel="self"');
    expect(body).not.toMatch(/href="\//);
  });
});

describe('conditional requests', () => {
  it('answers 304 to a matching If-None-Match or an If-Modified-Since at or after Last-Modified', async () => {
    for (const format of FEED_FORMATS) {
      const first = await get(`/feeds/sources/kcna-co-jp.${format}`);
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect(etag).toMatch(/^W\/".+"$/);
      expect(new Date(lastModified).toUTCString()).toBe(lastModified);
      const again = await get(`/feeds/sources/kcna-co-jp.${format}`, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect((await get(`/feeds/sources/kcna-co-jp.${format}`, { 'if-none-match': '"other"' })).status).toBe(200);
      expect((await get(`/feeds/sources/kcna-co-jp.${format}`, { 'if-modified-since': lastModified })).status).toBe(304);
      expect((await get(`/feeds/sources/kcna-co-jp.${format}`, { 'if-modified-since': 'Mon, 01 Jan 1990 00:00:00 GMT' })).status).toBe(200);
    }
  });

  it('gives another ETag when the feed changes (other content)', async () => {
    const a = (await get('/feeds/all.atom')).headers.get('etag');
    const b = (await get('/feeds/all.atom?content=full')).headers.get('etag');
    expect(a).not.toBe(b);
  });
});

describe('hostile text stays text', () => {
  it('keeps a title with <script>, ]]> and U+202E as text in every format', async () => {
    const stored = (await store.getArticle(hostileId))!;
    expect(stored.title).toContain('<script>');
    for (const format of FEED_FORMATS) {
      const body = await (await get(`/feeds/sources/hostile-outlet.${format}?content=full`)).text();
      const py = pythonFeedparser(body, format);
      expect(py.bozo, py.exc).toBe(0);
      expect(py.titles).toEqual([stored.title]);
      // The body's markup-like words are escaped HTML: readers show them, never run them.
      expect(py.contents[0]).toContain('Control &lt;b&gt;text&lt;/b&gt; stays text.');
      expect(body).not.toMatch(/<script>alert\(1\)<\/script>(?![^]*?\]\]>)/);
      expect(feedsmithParse(body).ids).toEqual([`${ORIGIN}/articles/${hostileId}`]);
    }
  });
});

describe('the events feed', () => {
  it('says which words an edit added and removed, and links to the versions', async () => {
    const body = await (await get('/feeds/events.json?type=edited')).text();
    const feed = JSON.parse(body) as { items: { id: string; url: string; title: string; content_html: string; summary: string; date_published: string }[] };
    const edit = feed.items.find((i) => i.url.startsWith(`${ORIGIN}/articles/${hostileId}/`))!;
    expect(edit.title).toBe(`Edited: ${(await store.getArticle(hostileId))!.title}`);
    expect(edit.url).toBe(`${ORIGIN}/articles/${hostileId}/versions?from=1&to=2`);
    expect(edit.date_published).toBe('2024-05-03T02:00:00.000Z');
    expect(edit.content_html).toMatch(/<p>5 words added, 1 removed \(version 1 → 2\)\.<\/p>/);
    expect(edit.content_html).toContain('<ins>criticized</ins>');
    expect(edit.content_html).toContain('<ins>A sentence added later.</ins>');
    expect(edit.content_html).toContain('<del>praised</del>');
    expect(edit.summary).toContain('Removed: “praised”.');
    expect(pythonFeedparser(await (await get('/feeds/events.atom?type=edited')).text(), 'atom').contents.some((c) => c.includes('criticized'))).toBe(true);
  });

  it('lists removals and restorations newest first', async () => {
    const feed = JSON.parse(await (await get('/feeds/events.json')).text()) as { items: { url: string; tags: string[] }[] };
    const hostile = feed.items.filter((i) => i.url.startsWith(`${ORIGIN}/articles/${hostileId}`));
    expect(hostile.map((i) => i.tags[0])).toEqual(['restored', 'removed', 'edited']);
    expect(events('edited')).toBeGreaterThan(1); // the samples' second wordings, recorded as edits by the import
  });
});

describe('autodiscovery', () => {
  it('announces the feed in the head of every page that has one, and links it visibly', async () => {
    const pages: [string, string][] = [
      ['/', '/feeds/all'],
      ['/sources/kcna-co-jp', '/feeds/sources/kcna-co-jp'],
      ['/search?q=korea', '/feeds/search'],
      ['/entities/kim-jong-il', '/feeds/entities/kim-jong-il'],
      ['/removed', '/feeds/events'],
    ];
    for (const [page, feed] of pages) {
      const html = await (await get(page)).text();
      const head = html.slice(0, html.indexOf('</head>'));
      const links = [...head.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)"/g)].map((m) => ({ type: m[1], href: m[2].replace(/&amp;/g, '&') }));
      expect(links.map((l) => l.type), page).toEqual(['application/atom+xml', 'application/rss+xml', 'application/feed+json']);
      for (const l of links) {
        expect(l.href.startsWith(feed + '.'), `${page}: ${l.href}`).toBe(true);
        expect((await get(l.href)).status, l.href).toBe(200);
      }
      expect(html).toMatch(/<p class="feed-links">Feed: <a href="[^"]+" type="application\/atom\+xml">Atom<\/a> · <a [^>]+>RSS<\/a> · <a [^>]+>JSON<\/a><\/p>/);
    }
    expect(await (await get('/search?q=korea')).text()).toContain('href="/feeds/search.atom?q=korea"');
    // A page without a list of its own has no feed.
    expect(await (await get('/sources')).text()).not.toContain('rel="alternate"');
  });
});

describe('named query feeds (saved searches)', () => {
  it('serves the feed of a named query under its own address, with the search count', async () => {
    const { Hono } = await import('hono');
    const { sendQueryFeed } = await import('./feed-routes.js');
    const saved = new Hono();
    saved.get('/feeds/saved/:file', (c) => sendQueryFeed(c, store, '/feeds/saved', (id) => (id === '7' ? { query: 'korea', title: 'Korea watch' } : null)));
    for (const format of FEED_FORMATS) {
      const res = await saved.request(`${ORIGIN}/feeds/saved/7.${format}`);
      expect(res.status).toBe(200);
      const body = await res.text();
      const py = pythonFeedparser(body, format);
      expect(py.bozo, py.exc).toBe(0);
      expect(py.ids.length).toBe(await searchOf(store).count('korea'));
      expect(body).toContain(`${ORIGIN}/feeds/saved/7.${format}`);
    }
    expect((await saved.request(`${ORIGIN}/feeds/saved/8.atom`)).status).toBe(404);
  });
});

describe('/feeds/saved/<id>: a saved search\'s feed', () => {
  it('is read by its owner and an admin, not by other users or anyone without its token', async () => {
    const open = createApp(store, { private: false });
    const ed = await signIn(open, store.accounts, 'saved-owner', 'editor');
    const eve = await signIn(open, store.accounts, 'saved-other', 'editor');
    const ada = await signIn(open, store.accounts, 'saved-admin', 'admin');
    const s = await alertsOf(store).searches.create({ name: 'Korea <watch>', query: 'korea' }, (await store.accounts.getUser('saved-owner'))!.id);
    const read = (path: string, cookie?: string) => open.request(path, { headers: cookie ? { cookie } : {} });
    for (const format of FEED_FORMATS) {
      const res = await read(`/feeds/saved/${s.id}.${format}`, ed.cookie);
      expect(res.status).toBe(200);
      const body = await res.text();
      const py = pythonFeedparser(body, format);
      expect(py.bozo, py.exc).toBe(0);
      expect(py.ids.length).toBe(await searchOf(store).count('korea'));
      expect(feedsmithParse(body).ids).toEqual(py.ids);
    }
    expect(JSON.parse(await (await read(`/feeds/saved/${s.id}.json`, ed.cookie)).text()).title).toBe('Korea <watch>');
    expect((await read(`/feeds/saved/${s.id}.atom`, ada.cookie)).status).toBe(200);
    expect((await read(`/feeds/saved/${s.id}.atom`, eve.cookie)).status).toBe(404);
    expect((await read(`/feeds/saved/${s.id}.atom`)).status).toBe(404);
    expect((await read(`/feeds/saved/${s.id}.atom?token=${s.feedToken}`)).status).toBe(200);
  });

  it('in a private archive, opens to its token without login; a wrong token and an unknown id answer the same 404', async () => {
    const closed = createApp(store, { private: true });
    const s = await alertsOf(store).searches.create({ name: 'Party', query: 'title:(party OR 당)' }, null);
    const res = await closed.request(`${ORIGIN}/feeds/saved/${s.id}.atom?token=${s.feedToken}`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(pythonFeedparser(body, 'atom').ids.length).toBe(await searchOf(store).count('title:(party OR 당)'));
    // The feed's own address keeps the token, so a reader that follows it can read it again.
    expect(body).toContain(`${ORIGIN}/feeds/saved/${s.id}.atom?token=${s.feedToken}`);
    // One character changed (never to itself: the token is random and may end in that character).
    const changed = s.feedToken.slice(0, -1) + (s.feedToken.endsWith('x') ? 'y' : 'x');
    const wrong = await closed.request(`/feeds/saved/${s.id}.atom?token=${changed}`);
    const unknown = await closed.request(`/feeds/saved/999999.atom?token=${s.feedToken}`);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect((await wrong.json()).error).toBe((await unknown.json()).error);
    // Without a token: the login, as for every page; and the exception covers these feeds only.
    expect((await closed.request(`/feeds/saved/${s.id}.atom`)).status).toBe(303);
    expect((await closed.request(`/feeds/all.atom?token=${s.feedToken}`)).status).toBe(303);
  });
});

describe('access', () => {
  it('keeps feeds behind login in a private archive, open to a token', async () => {
    const closed = createApp(store, { private: true });
    expect((await closed.request(`${ORIGIN}/feeds/all.atom`)).status).toBe(303);
    if (!(await store.accounts.getUser('feed-reader'))) await store.accounts.addUser('feed-reader', 'reader', 'a-long-password');
    const { token } = await store.accounts.addToken('feed-reader', 'read');
    const res = await closed.request(`${ORIGIN}/feeds/all.atom`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(pythonFeedparser(await res.text(), 'atom').bozo).toBe(0);
  });
});
