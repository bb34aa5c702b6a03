import { HtmlValidate } from 'html-validate';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { recentStories } from '../stories/sqlite/story-list.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { openSqliteStore } from '../store/open-store.js';
import { createApp } from './app.js';
import { parseDay } from './day-routes.js';

// Real rows: the kcna.co.jp and Korean samples, and the kcna.co.jp sample's texts reprinted by a second
// outlet under its own addresses (the same text in another source is its own article, and a story).
let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const dir = tempDir();
  store = await openSqliteStore(join(dir, 'days.db'));
  await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
  await importFile(store, corpusSample('nkarchive-ko-sample.jsonl'), { spec: { preset: 'nkarchive-ko' }, worker: false });
  const reprints = readFileSync(corpusSample('kcna-co-jp-sample.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const r = JSON.parse(l) as { url: string; title: string; body: string; index_date: string };
      return JSON.stringify({ url: r.url.replace('http://kcna.co.jp/', 'http://reprints.example/'), title: r.title, body: r.body, date: r.index_date });
    });
  writeFileSync(join(dir, 'reprints.jsonl'), reprints.join('\n'));
  await importFile(store, join(dir, 'reprints.jsonl'), { spec: { map: {}, source: 'Reprints' }, worker: false });
  app = createApp(store);
});
afterAll(async () => store.close());

const get = (path: string) => app.request(path);
const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'void-style': 'off' } });
async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
}
const count = (sql: string, ...params: unknown[]) => Number(store.raw.prepare(sql).pluck().get(...params));

describe('/days/YYYY-MM-DD', () => {
  it('lists every source’s articles of the day, grouped by source, with the days around it and the month', async () => {
    const res = await get('/days/2003-12-31');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<time datetime="2003-12-31">Wednesday, 31 December 2003</time>');
    // Both outlets, each with its own articles of the day, every one linked.
    const kcna = html.indexOf('id="source-kcna-co-jp"');
    const reprints = html.indexOf('id="source-reprints"');
    expect(kcna).toBeGreaterThan(0);
    expect(reprints).toBeGreaterThan(kcna);
    const ids = [...html.matchAll(/href="\/articles\/(\d+)"/g)].map((m) => Number(m[1]));
    const stored = store.raw.prepare("SELECT id FROM articles WHERE published = '2003-12-31'").pluck().all() as number[];
    expect(stored.length).toBe(4);
    expect(new Set(ids)).toEqual(new Set(stored));
    expect(html).toContain('Floral Baskets to Cuban Embassy');
    // The nearest days with articles, and the month calendar linking its days with their counts.
    expect(html).toContain('href="/days/2003-03-12" rel="prev"');
    expect(html).toContain('href="/days/2008-09-30" rel="next"');
    expect(html).toMatch(/<a href="\/days\/2003-12-31" title="31 December 2003: 4 articles" aria-current="date">31<small>4<\/small><\/a>/);
    expect(html).toContain('href="/days/2003-03-12">← March 2003</a>');
    expect(html).toContain('href="/days/2008-09-30">September 2008 →</a>');
    await expectValidHtml(html);
  });

  it('a Korean day', async () => {
    const html = await (await get('/days/2026-08-21')).text();
    expect(html).toContain('id="source-kcna-kp-ko"');
    expect(html).toMatch(/<li lang="ko"><a href="\/articles\/\d+" dir="auto">/);
    expect(count("SELECT count(*) FROM articles WHERE published = '2026-08-21'")).toBe([...html.matchAll(/<li lang="ko">/g)].length);
    await expectValidHtml(html);
  });

  it('a day without articles says so calmly, with the days around it', async () => {
    const res = await get('/days/2005-06-15');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('No article in this archive is dated 15 June 2005.');
    expect(html).toContain('href="/days/2003-12-31" rel="prev"');
    expect(html).toContain('href="/days/2008-09-30" rel="next"');
    await expectValidHtml(html);
  });

  it('a bad date is a 400 page saying what is wrong', async () => {
    for (const [path, message] of [
      ['/days/2021-02-30', 'that month has 28 days'],
      ['/days/2024-13-01', 'has no month 13'],
      ['/days/yesterday', 'is not a date written YYYY-MM-DD'],
      ['/days/2021-4-9', 'is not a date written YYYY-MM-DD'],
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('href="/days/2013-12-13"');
    }
    expect((await get('/days/2024-02-29')).status).toBe(200);
    expect(parseDay('2023-02-29')).toEqual({ error: expect.stringContaining('28 days') });
  });

  it('GET /api/days/:day has the documented shape', async () => {
    const body = await (await get('/api/days/2003-12-31')).json();
    expect(body).toMatchObject({ date: '2003-12-31', previous: '2003-03-12', next: '2008-09-30' });
    expect(body.sources.map((s: { slug: string }) => s.slug)).toEqual(['kcna-co-jp', 'reprints']);
    expect(body.sources[0]).toEqual({
      slug: 'kcna-co-jp',
      name: 'KCNA (Japan mirror)',
      items: expect.arrayContaining([{ id: expect.any(Number), title: 'Floral Baskets to Cuban Embassy', published: '2003-12-31', url: 'http://kcna.co.jp/item/2004/200401/news01/01.htm#3', lang: 'en' }]),
    });
    expect(body.sources.flatMap((s: { items: unknown[] }) => s.items)).toHaveLength(4);
    const empty = await (await get('/api/days/2005-06-15')).json();
    expect(empty).toEqual({ date: '2005-06-15', previous: '2003-12-31', next: '2008-09-30', sources: [] });
    const bad = await get('/api/days/2005-02-30');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('bad_request');
  });
});

describe('dates link to their day', () => {
  it('on the article page, in lists and on the stories pages, keeping <time datetime>', async () => {
    const id = (await store.findArticleIdByUrl('http://kcna.co.jp/item/2004/200401/news01/01.htm#3'))!;
    const article = await (await get(`/articles/${id}`)).text();
    expect(article).toContain('<a class="day" href="/days/2003-12-31"><time datetime="2003-12-31">31 December 2003</time></a>');
    // The listing date too, and every date in "More from".
    expect(article).toContain('<a class="day" href="/days/2004-01-01"><time datetime="2004-01-01">1 January 2004</time></a>');
    const more = article.slice(article.indexOf('More from'));
    expect(more).toMatch(/<span class="d" lang="en"><a class="day" href="\/days\/\d{4}-\d{2}-\d{2}"><time datetime=/);
    const source = await (await get('/sources/kcna-co-jp')).text();
    expect(source).toContain('<a class="day" href="/days/2016-01-01"><time datetime="2016-01-01">1 January 2016</time></a>');
    const storyId = (await (await get('/api/stories')).json()).items[0].id;
    const story = await (await get(`/stories/${storyId}`)).text();
    expect(story).toMatch(/First published <a class="day" href="\/days\/\d{4}-\d{2}-\d{2}"><time/);
  });
});

describe('/stories', () => {
  it('lists stories newest first, each with its headline, outlets, languages, copies and first date', async () => {
    const res = await get('/stories');
    expect(res.status).toBe(200);
    const html = await res.text();
    const total = count('SELECT count(*) FROM (SELECT story_id FROM story_members GROUP BY story_id HAVING count(*) >= 2)');
    expect(total).toBeGreaterThan(10);
    expect(html).toContain(`${total} stories of two or more copies`);
    const links = [...html.matchAll(/<li lang="(\w+)"><a href="\/stories\/(\d+)" dir="auto">([^<]+)<\/a>/g)];
    expect(links.length).toBe(Math.min(total, 30));
    expect(html).toContain('· 2 copies · KCNA (Japan mirror), Reprints · English');
    await expectValidHtml(html);

    const api = await (await get('/api/stories?page=1')).json();
    expect(api).toMatchObject({ total, page: 1, perPage: 30 });
    expect(api.items.map((s: { id: number }) => s.id)).toEqual(links.map((m) => Number(m[2])));
    const dates = api.items.map((s: { firstPublished: string }) => s.firstPublished);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(api.items[0]).toEqual({
      id: expect.any(Number),
      title: "Kim Jong Un's New Year Address",
      lang: 'en',
      firstId: expect.any(Number),
      firstPublished: '2016-01-01',
      lastPublished: '2016-01-01',
      copies: 2,
      sources: [
        { slug: 'kcna-co-jp', name: 'KCNA (Japan mirror)' },
        { slug: 'reprints', name: 'Reprints' },
      ],
      languages: ['en'],
    });
    // The first publication is the outlet's own copy, stored first.
    expect((await store.getArticle(api.items[0].firstId))?.sourceSlug).toBe('kcna-co-jp');
  });

  it('pages: every story once across pages, a page past the end is 404, a bad page 400', async () => {
    const all = recentStories(store.raw, 1, 1000);
    const paged = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((p) => recentStories(store.raw, p, 3).items.map((s) => s.id));
    expect(paged).toEqual(all.items.map((s) => s.id));
    expect((await get('/stories?page=999')).status).toBe(404);
    expect((await get('/stories?page=0')).status).toBe(400);
    expect((await get('/api/stories?page=x')).status).toBe(400);
  });
});
