import { HtmlValidate } from 'html-validate';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { openSqliteStore } from '../store/open-store.js';
import { createApp } from './app.js';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  store = await openSqliteStore(join(dir, 'web.db'));
  await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
  await importFile(store, corpusSample('nkarchive-ko-sample.jsonl'), { spec: { preset: 'nkarchive-ko' }, worker: false });
  app = createApp(store);
});
afterAll(async () => store.close());

const get = (path: string) => app.request(path);
const idOf = async (url: string) => (await store.findArticleIdByUrl(url))!;
const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'void-style': 'off' } });

async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
  expect(messages).toEqual([]);
}

describe('JSON API', () => {
  it('GET /api/articles/:id has the documented shape', async () => {
    const id = await idOf('http://kcna.co.jp/item/2004/200401/news01/01.htm#3');
    const res = await get(`/api/articles/${id}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      id,
      url: 'http://kcna.co.jp/item/2004/200401/news01/01.htm#3',
      source: 'kcna-co-jp',
      lang: 'en',
      title: 'Floral Baskets to Cuban Embassy',
      titleDerived: false,
      published: '2003-12-31',
      datePrecision: 'day',
      dateFrom: 'dateline',
      status: 'live',
      damaged: false,
    });
    expect(Array.isArray(body.body) && body.body.length).toBeGreaterThan(0);
  });

  it('GET /api/articles?url= finds an article by its original or a non-canonical spelling', async () => {
    const url = 'http://kcna.co.jp/item/2004/200401/news01/01.htm#3';
    const id = await idOf(url);
    expect((await (await get(`/api/articles?url=${encodeURIComponent(url)}`)).json()).id).toBe(id);
    const variant = 'HTTP://KCNA.CO.JP:80/item/2004/200401/news01/01.htm?utm_source=x#3';
    expect((await (await get(`/api/articles?url=${encodeURIComponent(variant)}`)).json()).id).toBe(id);
  });

  it('404 JSON errors for absent articles and sources, 400 for bad pages', async () => {
    for (const path of ['/api/articles/999999', '/api/articles/abc', '/api/articles?url=http%3A%2F%2Fnowhere.example%2Fx', '/api/sources/nope/articles']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error).toBe('not_found');
    }
    expect((await get('/api/sources/kcna-co-jp/articles?page=0')).status).toBe(400);
  });

  it('GET /api/sources, /api/sources/:slug/articles and /api/stats', async () => {
    const sources = await (await get('/api/sources')).json();
    expect(sources).toEqual(
      expect.arrayContaining([expect.objectContaining({ slug: 'kcna-co-jp', articles: 19 }), expect.objectContaining({ slug: 'kcna-kp-ko', articles: 4 })]),
    );
    const page = await (await get('/api/sources/kcna-co-jp/articles?page=1')).json();
    expect(page.total).toBe(19);
    expect(page.items[0]).toEqual({ id: expect.any(Number), title: expect.any(String), published: '2016-01-01', url: expect.any(String), lang: 'en' });
    expect(await (await get('/api/stats')).json()).toEqual({ articles: 25, sources: 3, duplicates: 1, damaged: 2 });
  });
});

describe('pages', () => {
  it('the article page: unambiguous date, how it was found, source link, original link, paragraphs, more-from listed once', async () => {
    const id = await idOf('http://kcna.co.jp/item/2004/200401/news01/01.htm#3');
    const res = await get(`/articles/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<time datetime="2003-12-31">31 December 2003</time>');
    expect(html).toContain('date from the dateline; listed <a class="day" href="/days/2004-01-01"><time datetime="2004-01-01">1 January 2004</time></a>');
    expect(html).toContain('href="/sources/kcna-co-jp"');
    expect(html).toContain('Read the original at kcna.co.jp');
    expect(html).toContain('<p dir="auto">Pyongyang, December 31 (KCNA) -- ');
    expect(html).toContain('More from KCNA (Japan mirror)');
    const more = html.slice(html.indexOf('More from'));
    const links = [...more.slice(0, more.indexOf('</ul>')).matchAll(/href="\/articles\/(\d+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(5);
    expect(new Set(links).size).toBe(links.length);
    expect(links).not.toContain(String(id));
    expect(html).toMatch(/rel="prev"|rel="next"/);
    await expectValidHtml(html);
  });

  it('a Korean article page marks its language', async () => {
    const page = await (await get('/api/sources/kcna-kp-ko/articles')).json();
    const html = await (await get(`/articles/${page.items[0].id}`)).text();
    expect(html).toContain('<div class="article-body" lang="ko">');
    expect(html).toContain('<h1 lang="ko" dir="auto">');
    await expectValidHtml(html);
  });

  it('a text published under two URLs is one article, opened by both, listing the other address', async () => {
    const id = await idOf('http://kcna.co.jp/item/2003/200303/news03/14.htm#2');
    expect(await idOf('http://kcna.co.jp/item/2003/200303/news03/13.htm#2')).toBe(id);
    const html = await (await get(`/articles/${id}`)).text();
    expect(html).toContain('Also published at 1 other address');
    expect(html).toContain('href="http://kcna.co.jp/item/2003/200303/news03/14.htm#2"');
    await expectValidHtml(html);
  });

  it('the source page lists newest first with counts per year, and pages', async () => {
    const html = await (await get('/sources/kcna-co-jp')).text();
    expect(html).toMatch(/>19 articles<\/span>, newest first/);
    expect(html.indexOf('2016')).toBeLessThan(html.indexOf('1997'));
    expect(html).toContain('<a href="/sources/kcna-co-jp?page=1">1997</a>');
    await expectValidHtml(html);
    expect((await get('/sources/nope')).status).toBe(404);
  });

  it('home lists latest articles and per-source counts', async () => {
    const html = await (await get('/')).text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('Latest articles');
    expect(html).toContain('href="/sources/kcna-kp-ko"');
    await expectValidHtml(html);
  });

  it('an empty archive explains what to do', async () => {
    const empty = await openSqliteStore(join(dir, 'empty.db'));
    const html = await (await createApp(empty).request('/')).text();
    expect(html).toContain('Your archive is empty');
    expect(html).toContain('wirewatch import');
    await expectValidHtml(html);
    await empty.close();
  });
});
