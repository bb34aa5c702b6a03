import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../fetch/fetcher.js';
import { startTestServer, type TestServer } from '../fetch/test-server.js';
import { parseSource } from '../sources/load.js';
import type { SourceDef } from '../sources/schema.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { createApp } from '../web/app.js';
import { Crawler } from './crawler.js';
import { upsertSourceDef } from './sync.js';

/**
 * Markup drift on a real kcna.kp page: the home page of 4 August 2024 (testdata/real/kcna-kp-en), served
 * from loopback, first as saved, then with its markup changed the way an outlet's redesign changes it.
 */
const REAL = join(import.meta.dirname, '../../testdata/real/kcna-kp-en');
const SITES = join(import.meta.dirname, '../../testdata/sites/kcna-kp-en');
const realHome = readFileSync(join(REAL, 'home-2024-08-04.html'), 'utf8');

/** A real article page of the outlet when one is saved; the re-created 2022 page otherwise. */
function articleTemplate(): string {
  const expected = JSON.parse(readFileSync(join(REAL, 'expected.json'), 'utf8')) as { pages: { file: string; kind: string }[] };
  const real = expected.pages.find((p) => p.kind === 'article' && existsSync(join(REAL, p.file)) && readFileSync(join(REAL, p.file), 'utf8').includes('content-wrapper'));
  return readFileSync(real ? join(REAL, real.file) : join(SITES, 'article-2022-1.html'), 'utf8');
}
const template = articleTemplate();
const LONG =
  '<p>The participants stressed the importance of the event for the whole country and for the years ahead, and said that further efforts were needed to carry it through to the end.</p>';

const site = {
  /** `ok`: as saved; `listing`: the listing's item class renamed; `down`: every page answers 503. */
  mode: 'ok' as 'ok' | 'listing' | 'down',
  /** The article pages' content classes renamed. */
  articleChanged: false,
  /** Bumped to make a listing differ by a byte (a page that is re-read, not skipped as unchanged). */
  serial: 0,
};

function listingPage(): string {
  let html = `${realHome}<!-- ${site.serial} -->`;
  if (site.mode === 'listing') html = html.replaceAll("class='pointer", "class='news-line");
  return html;
}

function articlePage(key: string): string {
  // Each URL serves its own text (one text is one article).
  let html = template.replace(/<p(\s[^>]*)?>/, (p) => `${p}Report ${key}. `).replace('</p>', `</p>${LONG}`);
  if (site.articleChanged) html = html.replaceAll('article-content-body', 'article-body').replaceAll('content-wrapper', 'body-text');
  return html;
}

let server: TestServer;
let def: SourceDef;
let store: SqliteStore;
let crawler: Crawler;
let app: ReturnType<typeof createApp>;
const listingUrl = () => `${server.origin}/en`;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('User-agent: *\nAllow: /\n');
    }
    if (site.mode === 'down') {
      res.writeHead(503);
      return void res.end('Service unavailable');
    }
    if (path === '/en') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(listingPage());
    }
    const art = /^\/en\/article\/q\/([0-9a-f]+)\.kcmsf$/.exec(path);
    if (art) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(articlePage(art[1]));
    }
    res.writeHead(404);
    res.end();
  });
  def = parseSource(
    {
      slug: 'kcna-drift',
      name: 'KCNA (drift test)',
      homepage: `${server.origin}/en`,
      languages: ['en'],
      adapter: {
        kind: 'html',
        listings: [{ url: `${server.origin}/en` }],
        items: ['p.pointer1 > a, p.pointer2 > a'],
        itemDate: ['span.datemark'],
        itemContainer: 'p',
        articleUrl: '/en/article/q/[0-9a-f]+\\.kcmsf$',
        article: { title: ['div.article-main-title'], paragraphs: ['.article-content-body .content-wrapper p'], date: ['span.publish-time'], remove: ['.media-icon'] },
      },
      schedule: { maxNewPerPass: 3 },
      politeness: { allowPrivate: true, minIntervalMs: 0, concurrency: 4, retries: 1 },
    },
    'test',
  );
  store = await SqliteStore.open(':memory:');
  await upsertSourceDef(store, def);
  crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, timeoutMs: 2000 }), log: () => {} });
  app = createApp(store);
});

afterAll(async () => {
  await crawler.close();
  await store.close();
  await server.close();
});

type Health = { markupChanged: { since: string; lastSeenAt: string; url: string; what: string; count: number } | null; networkError: { problem: string; status: number | null } | null; lastSuccessAt: string | null };
const health = async () => (await (await app.request('/api/sources/kcna-drift/health')).json()) as Health;
const driftEvents = async () =>
  ((await (await app.request('/api/events?type=markup-changed')).json()) as { items: { type: string; source: string; url: string; at: string; article: number | null; detail: { what: string } }[] }).items;
const pass = async (o: { recheckAll?: boolean } = {}) => {
  site.serial++;
  return (await crawler.runPass({ source: 'kcna-drift', ...o })).sources[0];
};

describe('markup drift, told apart from silence and network errors', () => {
  it('a crawl of pages that match records no drift; nothing new and a down outlet are not drift either', async () => {
    let s = await pass();
    expect(s).toMatchObject({ stored: 3, markupChanged: 0 });
    expect(s.discovered).toBeGreaterThan(30);
    // A listing that matched but had nothing new behind it: silence, not drift.
    s = await pass();
    expect(s).toMatchObject({ discovered: 0, markupChanged: 0 });
    // The outlet down: a network error, not drift.
    site.mode = 'down';
    s = await pass();
    expect(s.markupChanged).toBe(0);
    expect(s.errors).toBeGreaterThan(0);
    const h = await health();
    expect(h.markupChanged).toBeNull();
    expect(h.networkError).toMatchObject({ problem: 'http', status: 503 });
    expect(await driftEvents()).toEqual([]);
    const page = await (await app.request('/health')).text();
    expect(page).toContain('HTTP 503');
    expect(page).not.toContain('markup changed</span>');
    site.mode = 'ok';
  });

  it("a listing whose item class changed records markup-changed once, with the URL and the selector that failed", async () => {
    site.mode = 'listing';
    let s = await pass();
    expect(s.markupChanged).toBe(1);
    let events = await driftEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'markup-changed', source: 'kcna-drift', url: listingUrl(), article: null });
    expect(events[0].detail.what).toContain("'p.pointer1 > a, p.pointer2 > a'");
    expect(events[0].at).toBeTruthy();
    let h = await health();
    expect(h.markupChanged).toMatchObject({ url: listingUrl(), count: 1 });
    expect(h.markupChanged!.what).toContain('listing items');
    expect(h.networkError).toBeNull();

    // The same drift seen again: the episode goes on, no second event.
    s = await pass();
    expect(s.markupChanged).toBe(1);
    events = await driftEvents();
    expect(events).toHaveLength(1);
    h = await health();
    expect(h.markupChanged!.count).toBe(2);
    expect(h.markupChanged!.since).toBe(events[0].at);

    const page = await (await app.request('/sources/kcna-drift/health')).text();
    expect(page).toContain('Markup changed');
    expect(page).toContain(`<code dir="auto">${listingUrl()}</code>`);
    expect(page).toContain('p.pointer1 &gt; a, p.pointer2 &gt; a');
    const all = await (await app.request('/health')).text();
    expect(all).toContain('markup changed</span>');
  });

  it('article pages whose content class changed are kept through the generic reader, marked so, and are no edit on recheck', async () => {
    site.mode = 'ok';
    site.articleChanged = true;
    const s = await pass();
    expect(s.stored).toBe(3);
    expect(s.markupChanged).toBe(3);
    expect(await driftEvents()).toHaveLength(1);
    const h = await health();
    expect(h.markupChanged!.what).toContain('article paragraphs');
    expect(h.markupChanged!.what).toContain('.article-content-body .content-wrapper p');
    expect(h.markupChanged!.url).toMatch(/\/en\/article\/q\/[0-9a-f]+\.kcmsf$/);

    const id = (await store.findArticleIdByUrl(h.markupChanged!.url))!;
    const json = (await (await app.request(`/api/articles/${id}`)).json()) as { extractor: string; body: string[] };
    expect(json.extractor).toBe('readability');
    expect(json.body.join(' ')).toContain('further efforts were needed');
    expect(await (await app.request(`/articles/${id}`)).text()).toContain('Read by the generic reader');
    const first = (await store.findArticleIdByUrl(`${server.origin}/en/article/q/81b428e9e01fa31050caddd520d587d6.kcmsf`))!;
    expect(((await (await app.request(`/api/articles/${first}`)).json()) as { extractor: string }).extractor).toBe('selectors');

    // Rechecked while the markup is changed: the generic reader's text is not an edit.
    const r = await pass({ recheckAll: true });
    expect(r.rechecked).toBeGreaterThan(5);
    expect(r.edited).toBe(0);
    expect(await driftEvents()).toHaveLength(1);
  });

  it('pages that match again clear the flag; drift after that is a new episode', async () => {
    site.articleChanged = false;
    const s = await pass();
    expect(s).toMatchObject({ stored: 3, markupChanged: 0 });
    expect((await health()).markupChanged).toBeNull();
    const page = await (await app.request('/sources/kcna-drift/health')).text();
    expect(page).toContain('pages match the adapter');
    expect(page).not.toContain('Markup changed');

    site.mode = 'listing';
    await pass();
    const events = await driftEvents();
    expect(events).toHaveLength(2);
    expect((await health()).markupChanged!.count).toBe(1);
    site.mode = 'ok';
  });
});
