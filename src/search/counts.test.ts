// One question, one number: the search total, every facet, the timeline and the exports count the same
// set (articles, or stories with collapse=story), over real rows that include stories of several copies.
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../import/importer.js';
import { PostgresStore } from '../store/postgres/pg-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { testBackends } from '../testing/backends.js';
import { createApp } from '../web/app.js';
import { searchFixtureAt, type AnyFixture } from './test-fixture.js';

const STORIES = fileURLToPath(new URL('../../testdata/stories/articles.jsonl', import.meta.url));

/** A one-column query's values on either backend (`?` placeholders). */
async function column(store: Store, text: string, ...args: unknown[]): Promise<unknown[]> {
  if (store instanceof PostgresStore) {
    let n = 0;
    const r = await store.pool.query({ text: text.replace(/\?/g, () => `$${++n}`), values: args, rowMode: 'array' });
    return r.rows.map((row: unknown[]) => (typeof row[0] === 'string' && /^\d+$/.test(row[0]) ? Number(row[0]) : row[0]));
  }
  return (store as SqliteStore).raw.prepare(text).pluck().all(...args);
}

describe.each(testBackends())('counts ($name)', (backend) => {
  let fx: AnyFixture;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    fx = await searchFixtureAt(await backend.location());
    // kcna.co.jp rows hand-labelled for story clustering: several stories of two or more copies.
    await importFile(fx.store, STORIES, { spec: { map: { url: 'key', source: 'source', date: 'published' }, source: 'x' }, worker: false });
    app = createApp(fx.store);
  }, 300_000);
  afterAll(async () => {
    await fx?.store.close();
    await backend.cleanup();
  });

  interface Bucket {
    period: string;
    count: number;
    total: number;
    covered: boolean;
  }
  const json = async <T,>(path: string): Promise<T> => {
    const res = await app.request(path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const sum = (xs: { count: number }[]) => xs.reduce((a, b) => a + b.count, 0);

  const QUERIES = ['korea', 'Kim Jong Il', 'Kim Jong Un', '로동', 'juche date:1997..1999', 'title:kim', 'greetings OR congratulations', 'korea -nuclear lang:en'];

  describe('every count of a query agrees', () => {
    it('the samples hold stories of several copies (otherwise collapse=story would prove nothing)', async () => {
      const [stories] = (await column(fx.store, 'SELECT count(*) FROM (SELECT story_id FROM story_members GROUP BY story_id HAVING count(*) > 1) t')) as number[];
      expect(stories).toBeGreaterThan(5);
    });

    for (const collapse of ['none', 'story'] as const) {
      it.each(QUERIES)(`%s: total = facets = timeline = export rows (collapse=${collapse})`, async (q) => {
        const c = collapse === 'story' ? '&collapse=story' : '';
        const e = encodeURIComponent(q);
        const r = await json<{ total: number; counts: string; facets: Record<'source' | 'lang' | 'year', { count: number }[]> }>(`/api/search?q=${e}${c}&per_page=1`);
        expect(r.total).toBeGreaterThan(0);
        expect(r.counts).toBe(collapse === 'story' ? 'stories' : 'articles');
        expect(sum(r.facets.source)).toBe(r.total);
        expect(sum(r.facets.lang)).toBe(r.total);
        expect(sum(r.facets.year)).toBe(r.total);
        expect(await fx.search.count(q, collapse)).toBe(r.total);
        for (const interval of ['year', 'month', 'day']) {
          const t = await json<{ buckets: Bucket[] }>(`/api/timeline?q=${e}&interval=${interval}${c}`);
          expect(sum(t.buckets), `${q} by ${interval}`).toBe(r.total);
        }
        const rows = (await (await app.request(`/api/search.jsonl?q=${e}${c}`)).text()).trim().split('\n').filter(Boolean);
        expect(rows).toHaveLength(r.total);
        const csv = parse(await (await app.request(`/api/search.csv?q=${e}${c}`)).text(), { columns: true }) as { id: string }[];
        expect(new Set(csv.map((row) => row.id)).size).toBe(r.total);
        expect(csv).toHaveLength(r.total);
        const series = parse(await (await app.request(`/api/timeline.csv?q=${e}&interval=year${c}`)).text()) as string[][];
        expect(series.slice(1).reduce((a, row) => a + Number(row[2] || 0), 0)).toBe(r.total);
      });
    }

    it('one per story counts fewer for a query matching several copies of a story, and the page says what it counts', async () => {
      const q = encodeURIComponent('korea');
      const all = await json<{ total: number }>(`/api/search?q=${q}`);
      const stories = await json<{ total: number }>(`/api/search?q=${q}&collapse=story`);
      expect(stories.total).toBeLessThan(all.total);
      const page = await (await app.request(`/search?q=${q}&collapse=story`)).text();
      expect(page).toContain(`${stories.total.toLocaleString('en-GB')} stories`);
      expect(page).toContain('one per story: copies of a story count once');
      const plain = await (await app.request(`/search?q=${q}`)).text();
      expect(plain).toContain(`${all.total.toLocaleString('en-GB')} articles`);
      expect(plain).toContain('one per distinct text');
    });

    it('a pasted outlet page holding several articles lists them all, in the API and on the page', async () => {
      const page = 'https://www.kcna.co.jp/item/1997/9701/news1/14.htm?utm_source=x';
      const ids = (await column(fx.store, "SELECT DISTINCT article_id FROM article_urls WHERE url LIKE 'http://kcna.co.jp/item/1997/9701/news1/14.htm#%' ORDER BY 1")) as number[];
      const stored = ids.length;
      expect(stored).toBeGreaterThan(1);
      const r = await json<{ total: number; url: { page: boolean }; results: { id: number }[] }>(`/api/search?q=${encodeURIComponent(page)}&per_page=100`);
      expect(r.total).toBe(stored);
      expect(r.url.page).toBe(true);
      expect(r.results.map((h) => h.id).sort((a, b) => a - b)).toEqual(ids);
      const html = await (await app.request(`/search?q=${encodeURIComponent(page)}`)).text();
      expect(html).toContain('One page, several articles');
      expect(html.match(/<li lang=/g)?.length).toBe(stored);
    });

    it('periods with no article at all are marked not covered; every other period is covered', async () => {
      for (const c of ['', '&collapse=story']) {
        const t = await json<{ buckets: Bucket[] }>(`/api/timeline?q=korea&interval=year${c}`);
        const gaps = t.buckets.filter((b) => !b.covered);
        // The English sample ends in 2018 and the Korean one is of 2026: the years between hold nothing.
        expect(gaps.map((b) => b.period)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025']);
        for (const b of gaps) expect(b).toMatchObject({ count: 0, total: 0 });
        const all = await json<{ buckets: Bucket[] }>(`/api/timeline?q=&interval=year`);
        for (const b of all.buckets) expect(b.covered).toBe(b.total > 0);
      }
      const csv = (await (await app.request('/api/timeline.csv?q=korea&interval=year')).text()).split('\n');
      expect(csv.find((l) => l.startsWith('2020,'))).toBe('2020,0,');
    });
  });
});
