import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchFixture, type Fixture } from '../../search/test-fixture.js';
import { createApp } from '../app.js';

let fx: Fixture;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  fx = await searchFixture();
  app = createApp(fx.store);
}, 120_000);
afterAll(async () => {
  await fx.store.close();
});

const get = (path: string) => app.request(path);

describe('search API', () => {
  it('answers /api/search with total, results and facets', async () => {
    const res = await get('/api/search?q=korea&per_page=5&page=2&sort=newest');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; results: Record<string, unknown>[]; facets: Record<string, unknown[]> };
    expect(body.total).toBe(fx.search.count('korea'));
    expect(body.results).toHaveLength(5);
    expect(Object.keys(body.results[0]).sort()).toEqual(['id', 'lang', 'published', 'snippet', 'source', 'title', 'url']);
    expect(Object.keys(body.facets).sort()).toEqual(['lang', 'source', 'year']);
  });

  it.each([
    ['/api/search?q=%22unclosed', 'quote is never closed'],
    ['/api/search?q=a%20(b', 'never closed'],
    ['/api/search?q=author%3Ax', 'unknown field'],
    ['/api/search?q=date%3A2013-14', 'date:'],
    ['/api/search?q=' + encodeURIComponent(Array.from({ length: 65 }, (_, i) => `w${i}`).join(' ')), 'too many terms'],
    ['/api/search?q=', 'give a query'],
    ['/api/search?q=a&per_page=1001', 'per_page'],
    ['/api/search?q=a&page=0', 'page'],
    ['/api/search?q=a&sort=best', 'sort'],
    ['/api/search?q=a&collapse=thread', 'collapse must be none or story'],
    ['/api/timeline?q=a&interval=hour', 'interval'],
    ['/api/timeline?q=a(', 'never closed'],
    ['/api/search.csv?q=a)', 'no matching'],
  ])('answers 400 with a message for %s', async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body.message).toContain(message);
  });

  it('streams the whole result set as JSON lines and CSV', async () => {
    const n = fx.search.count('korea');
    const lines = (await (await get('/api/search.jsonl?q=korea')).text()).trim().split('\n');
    expect(lines).toHaveLength(n);
    expect(JSON.parse(lines[0])).toHaveProperty('snippet');
    const csv = await get('/api/search.csv?q=korea');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.startsWith('id,url,title,published,source,lang,snippet\n')).toBe(true);
    const empty = await (await get('/api/search.csv?q=zzzzqqq')).text();
    expect(empty.trim()).toBe('id,url,title,published,source,lang,snippet');
  });

  it('answers /api/timeline with counts and totals per bucket', async () => {
    const body = (await (await get('/api/timeline?q=korea&interval=year')).json()) as { buckets: { period: string; count: number; total: number }[] };
    expect(body.buckets.length).toBeGreaterThan(10);
    for (const b of body.buckets) expect(b.count).toBeLessThanOrEqual(b.total);
    const csv = await (await get('/api/timeline.csv?q=korea&q=nuclear&interval=year&mode=share')).text();
    expect(csv.split('\n')[0]).toBe('period,total,korea (% of articles),nuclear (% of articles)');
  });
});

describe('search page', () => {
  it('renders results, facets, help and the chart without JavaScript', async () => {
    const res = await get('/search?q=%EB%85%B8%EB%8F%99');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<mark>로동</mark>');
    expect(html).toContain('Query syntax');
    expect(html).toContain('Attention over time');
    expect(html).toContain('/static/uplot/uPlot.iife.min.js');
    expect(html).toContain('href="/search"');
  });

  it('shows a bad query with a pointer, as 400', async () => {
    const res = await get('/search?q=%22nuclear');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('quote is never closed');
  });

  it('serves uPlot from node_modules', async () => {
    const js = await get('/static/uplot/uPlot.iife.min.js');
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(10000);
    expect((await get('/static/search-chart.js')).status).toBe(200);
  });
});
