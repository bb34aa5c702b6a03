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
    expect(body.total).toBe(await fx.search.count('korea'));
    expect(body.results).toHaveLength(5);
    expect(Object.keys(body.results[0]).sort()).toEqual(['id', 'lang', 'published', 'snippet', 'source', 'title', 'url']);
    expect(Object.keys(body.facets).sort()).toEqual(['lang', 'source', 'year']);
  });

  it('gives source facets their names beside the slug', async () => {
    const body = (await (await get('/api/search?q=korea')).json()) as { facets: { source: { value: string; name: string }[] } };
    expect(body.facets.source).toContainEqual(expect.objectContaining({ value: 'kcna-co-jp', name: 'KCNA (Japan mirror)' }));
  });

  it.each([
    ['/api/search?q=%22unclosed', 'quote is never closed'],
    ['/api/search?q=a%20(b', 'never closed'],
    ['/api/search?q=author%3Ax', 'unknown field'],
    ['/api/search?q=date%3A2013-14', 'date:'],
    ['/api/search?q=' + encodeURIComponent(Array.from({ length: 65 }, (_, i) => `w${i}`).join(' ')), 'too many terms'],
    ['/api/search?q=', 'q: required'],
    ['/api/search?q=%20', 'give a query'],
    ['/api/search?q=a&per_page=1001', 'per_page'],
    ['/api/search?q=a&page=0', 'page'],
    ['/api/search?q=a&sort=best', 'sort'],
    ['/api/search?q=a&collapse=thread', 'collapse: one of none, story'],
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
    const n = await fx.search.count('korea');
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

// A stored article of the English sample and the forms a reader may paste it in.
const STORED = 'http://kcna.co.jp/item/1997/9701/news1/05.htm#5';
const PASTED = [
  'https://www.kcna.co.jp/item/1997/9701/news1/05.htm#5',
  'https://kcna.co.jp/item/1997/9701/news1/05.htm?utm_source=twitter&fbclid=abc#5',
  'www.kcna.co.jp/item/1997/9701/news1/05.htm#5',
  STORED,
];
const ABSENT = 'http://kcna.co.jp/item/1997/9701/news1/99.htm#1';

describe('URLs as queries', () => {
  it.each(PASTED)('/api/articles?url= finds the article from %s', async (url) => {
    const res = await get(`/api/articles?url=${encodeURIComponent(url)}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { url: string }).url).toBe(STORED);
  });

  it.each(PASTED)('the search page sends %s straight to the article', async (url) => {
    const id = await fx.store.findArticleIdByUrl(STORED);
    const res = await get(`/search?q=${encodeURIComponent(url)}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/articles/${id}`);
  });

  it('takes a page URL without the position fragment to the one article stored on that page', async () => {
    const id = await fx.store.findArticleIdByUrl(STORED);
    const res = await get(`/search?q=${encodeURIComponent('https://www.kcna.co.jp/item/1997/9701/news1/05.htm')}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/articles/${id}`);
  });

  it('says plainly when a pasted URL is not in the archive', async () => {
    const res = await get(`/search?q=${encodeURIComponent(ABSENT)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Not in the archive');
    expect(html).not.toContain('unknown field');
    expect((await get(`/api/articles?url=${encodeURIComponent(ABSENT)}`)).status).toBe(404);
  });

  it('answers /api/search, the exports and the timeline for a URL with the article or an empty result and a message', async () => {
    const found = (await (await get(`/api/search?q=${encodeURIComponent(PASTED[1])}`)).json()) as Record<string, any>;
    expect(found.total).toBe(1);
    expect(found.results[0].url).toBe(STORED);
    expect(found.url).toMatchObject({ found: true });
    const absent = await get(`/api/search?q=${encodeURIComponent(ABSENT)}`);
    expect(absent.status).toBe(200);
    const body = (await absent.json()) as Record<string, any>;
    expect(body).toMatchObject({ total: 0, results: [], url: { found: false, id: null } });
    expect(body.message).toContain('not in the archive');
    const lines = (await (await get(`/api/search.jsonl?q=${encodeURIComponent(PASTED[0])}`)).text()).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).url)).toEqual([STORED]);
    const t = (await (await get(`/api/timeline?interval=year&q=${encodeURIComponent(PASTED[0])}`)).json()) as { buckets: { period: string; count: number }[] };
    expect(t.buckets.filter((b) => b.count > 0)).toEqual([expect.objectContaining({ period: '1997', count: 1 })]);
  });
});

describe('search page state lives in the URL', () => {
  const state = '/search?q=korea&sort=newest&collapse=story&cmp=nuclear&cmp=japan&interval=month&mode=share&page=2';

  it('renders every control as the URL sets it', async () => {
    const html = await (await get(state)).text();
    expect(html).toMatch(/<option value="newest" selected/);
    expect(html).toMatch(/name="collapse" value="story" checked/);
    expect(html).toMatch(/name="cmp" value="nuclear"/);
    expect(html).toMatch(/name="cmp" value="japan"/);
    expect(html).toMatch(/<option value="month" selected/);
    expect(html).toMatch(/name="mode" value="share" checked/);
    expect(html).toContain('data-queries="[&quot;korea&quot;,&quot;nuclear&quot;,&quot;japan&quot;]"');
    expect(html).toContain('data-interval="month"');
    expect(html).toContain('data-mode="share"');
    expect(html).toContain('data-collapse="story"');
    expect(html).toContain('Page 2 of');
    // Every control belongs to the one GET form, so submitting it keeps the whole state.
    for (const name of ['cmp', 'interval', 'mode']) expect(html).toMatch(new RegExp(`form="sf"[^>]*name="${name}"|name="${name}"[^>]*form="sf"`));
  });

  it('keeps the whole state in paging and facet links, and facets link by slug while showing names', async () => {
    const html = (await (await get(state)).text()).replace(/&amp;/g, '&');
    const prev = /href="(\/search\?[^"]*)" rel="prev"/.exec(html)![1];
    const params = new URL(prev, 'http://x').searchParams;
    expect(params.get('q')).toBe('korea');
    expect(params.get('sort')).toBe('newest');
    expect(params.get('collapse')).toBe('story');
    expect(params.getAll('cmp')).toEqual(['nuclear', 'japan']);
    expect(params.get('interval')).toBe('month');
    expect(params.get('mode')).toBe('share');
    expect(html).toMatch(/href="\/search\?q=korea\+source%3Akcna-co-jp&sort=newest&collapse=story&cmp=nuclear&cmp=japan&interval=month&mode=share"[^>]*>KCNA \(Japan mirror\)</);
    expect(html).toContain('/api/timeline.csv?q=korea&q=nuclear&q=japan&interval=month&mode=share&collapse=story');
  });

  it('reads the chart state from the page the URL made, and writes changes back into the URL', async () => {
    const js = await (await get('/static/search-chart.js')).text();
    expect(js).toContain("getAttribute('data-queries')");
    expect(js).toContain('history.replaceState');
    expect(js).toContain('collapse=story');
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
