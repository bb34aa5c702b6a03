import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample } from '../../../test/helpers.js';
import { importFile } from '../../import/importer.js';
import { normalizeArticle } from '../../normalize/article.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { testBackends } from '../../testing/backends.js';
import { buildWarcFixture } from '../../warc/warc-fixture.js';
import { createApp } from '../app.js';

type App = ReturnType<typeof createApp>;
type Json = Record<string, unknown>;

const article = (url: string, title: string, day: string, words: string) => {
  const r = normalizeArticle({ url, title, body: [`${title}: ${words}.`], pageDate: day, lang: 'en', decoded: true });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
};

/** Distinct texts over a few days, several on the same day (ties on the date are broken by id). */
const DAYS = ['2020-01-01', '2020-01-01', '2020-01-01', '2020-02-03', '2020-02-03', '2021-06-30', '2022-12-31'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar'];

describe.each(testBackends())('cursor pagination walks every list once ($name)', (backend) => {
  let store: Store;
  let app: App;
  let admin = '';
  let wire = 0;
  let copies = 0;
  let made = 0;

  /** Stores `n` new articles in the wire source (and each again in the copies source: a story), dated `day` or in turn from DAYS. */
  async function addArticles(n: number, day?: string): Promise<void> {
    const items = [];
    for (let i = 0; i < n; i++) {
      const k = made++;
      const title = `Harvest report ${k} ${WORDS[k % WORDS.length]} ${WORDS[(k * 7) % WORDS.length]}`;
      const words = `the harvest of field ${k} ${WORDS[(k * 3) % WORDS.length]} ${WORDS[(k * 5) % WORDS.length]} grew ${k} tonnes`;
      const when = day ?? DAYS[k % DAYS.length];
      items.push({ sourceId: wire, article: article(`https://wire.example/${k}`, title, when, words), seenAt: '2024-01-01T00:00:00Z', origin: 'import' as const });
      items.push({ sourceId: copies, article: article(`https://copies.example/${k}`, title, when, words), seenAt: '2024-01-01T00:00:00Z', origin: 'import' as const });
    }
    await store.ingestBatch(items);
  }

  beforeAll(async () => {
    store = await openStore(await backend.location());
    await buildWarcFixture(store);
    await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
    wire = await store.ensureSource({ slug: 'wire', name: 'Wire', lang: 'en' });
    copies = await store.ensureSource({ slug: 'copies', name: 'Copies', lang: 'en' });
    await addArticles(23);
    await store.accounts.addUser('ana', 'admin', 'a-long-password');
    admin = (await store.accounts.addToken('ana', 'admin')).token;
    app = createApp(store, { private: false, rateLimits: { loginFailures: 0, apiPerMinute: 0 } });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  async function get(path: string): Promise<Response> {
    return app.request(path, { headers: { authorization: `Bearer ${admin}` } });
  }

  /**
   * Follows a list from its first page to its last, by `next_cursor` (or, for a bare array, the Link
   * header, whose cursor must be the same), calling `between` after each page; returns every item's key.
   */
  async function walk(first: string, opts: { items?: (body: Json) => unknown[]; key: (item: Json) => string | number; between?: (page: number) => Promise<void> }): Promise<(string | number)[]> {
    const seen: (string | number)[] = [];
    let path: string | null = first;
    for (let page = 1; path; page++) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const body = (await res.json()) as Json | Json[];
      const items = (Array.isArray(body) ? body : (opts.items?.(body) ?? (body.items as Json[]))) as Json[];
      seen.push(...items.map(opts.key));
      const link = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
      const cursor = Array.isArray(body) ? null : ((body.next_cursor as string | undefined) ?? null);
      if (!Array.isArray(body)) expect(link ? new URL(link, 'http://x').searchParams.get('cursor') : null, `${path}: Link and next_cursor agree`).toBe(cursor);
      if (link) expect(items.length, `${path}: a page before the last is full`).toBeGreaterThan(0);
      expect(page, 'the walk ends').toBeLessThan(200);
      await opts.between?.(page);
      path = link;
    }
    return seen;
  }

  /** Every key once, and the list's whole content (asked for in one page at the end) among them in the same order. */
  function expectOnce(seen: (string | number)[], all: (string | number)[]) {
    expect(new Set(seen).size, `no item twice: ${seen.join(' ')}`).toBe(seen.length);
    for (const k of all) expect(seen, `${k} was walked`).toContain(k);
  }

  const ids = (body: Json[]) => body.map((x) => x.id as number);

  it("a source's articles, newest first, with articles stored between pages", async () => {
    const before = ids(((await (await get('/api/sources/wire/articles?limit=500')).json()) as Json).items as Json[]);
    expect(before.length).toBe(23);
    const seen = await walk('/api/sources/wire/articles?limit=4', { key: (a) => a.id as number, between: (p) => (p <= 2 ? addArticles(1, p === 1 ? '2030-01-01' : '1990-01-01') : Promise.resolve()) });
    expectOnce(seen, before);
    // The article dated 1990 sorts after every page walked so far: the walk reaches it; the 2030 one was above the cursor.
    const added = ids(((await (await get('/api/sources/wire/articles?limit=2')).json()) as Json).items as Json[]);
    expect(seen).not.toContain(added[0]);
    expect(seen.length).toBe(24);
  });

  it('the page numbers go on along a walk, and ?page= still works and hands on a cursor', async () => {
    const first = (await (await get('/api/sources/wire/articles?limit=5')).json()) as Json;
    expect(first.page).toBe(1);
    const second = (await (await get(`/api/sources/wire/articles?limit=5&cursor=${first.next_cursor as string}`)).json()) as Json;
    expect(second.page).toBe(2);
    const byPage = (await (await get('/api/sources/wire/articles?limit=5&page=2')).json()) as Json;
    expect(ids(byPage.items as Json[])).toEqual(ids(second.items as Json[]));
    const third = (await (await get(`/api/sources/wire/articles?limit=5&cursor=${byPage.next_cursor as string}`)).json()) as Json;
    expect(third.page).toBe(3);
    const last = (await (await get('/api/sources/wire/articles?limit=500')).json()) as Json;
    expect(last.next_cursor).toBeUndefined();
    const stories = (await (await get('/api/stories?limit=2')).json()) as Json;
    const more = (await (await get(`/api/stories?limit=2&cursor=${stories.next_cursor as string}`)).json()) as Json;
    expect(more).toMatchObject({ total: stories.total, page: 2, perPage: 2 });
  });

  it('search: newest and oldest by key, relevance over the articles stored when the walk began', async () => {
    for (const sort of ['newest', 'oldest', 'relevance']) {
      const all = ((await (await get(`/api/search?q=harvest&sort=${sort}&per_page=1000`)).json()) as Json).results as Json[];
      const seen = await walk(`/api/search?q=harvest&sort=${sort}&per_page=3`, {
        items: (b) => b.results as Json[],
        key: (h) => h.id as number,
        between: (p) => (p === 1 ? addArticles(1, '1980-01-01') : Promise.resolve()),
      });
      expectOnce(seen, ids(all));
      if (sort === 'relevance') expect(seen.length, 'relevance keeps to the articles of its first page').toBe(all.length);
    }
    const stories = await walk('/api/search?q=harvest&sort=newest&collapse=story&per_page=4', { items: (b) => b.results as Json[], key: (h) => h.id as number });
    expect(new Set(stories).size).toBe(stories.length);
  });

  it('stories, events, versions, sources, entities, appearances', async () => {
    const allStories = ids(((await (await get('/api/stories?limit=500')).json()) as Json).items as Json[]);
    expect(allStories.length).toBeGreaterThan(5);
    expectOnce(await walk('/api/stories?limit=4', { key: (s) => s.id as number }), allStories);

    const allEvents = ids(((await (await get('/api/events?limit=1000')).json()) as Json).items as Json[]);
    expect(allEvents.length).toBeGreaterThan(0);
    expectOnce(await walk('/api/events?limit=1', { key: (e) => e.id as number }), allEvents);

    const crawled = (await store.findArticleIdByUrl('https://outlet.example/news/1?a=1&b=2'))!;
    const versions = await walk(`/api/articles/${crawled}/versions?limit=1`, { items: (b) => b.versions as Json[], key: (v) => v.n as number });
    expect(versions).toEqual([1, 2]);

    const sources = ((await (await get('/api/sources')).json()) as Json[]).map((s) => s.slug as string);
    const walkedSources = await walk('/api/sources?limit=1', { key: (s) => s.slug as string, between: (p) => (p === 1 ? store.ensureSource({ slug: 'zz-late', name: 'Zz late' }).then(() => undefined) : Promise.resolve()) });
    expectOnce(walkedSources, sources);
    expect(walkedSources).toContain('zz-late');

    const entities = ((await (await get('/api/entities?q=kim&limit=500')).json()) as Json[]).map((e) => e.id as string);
    expect(entities.length).toBeGreaterThan(3);
    expectOnce(await walk('/api/entities?q=kim&limit=2', { key: (e) => e.id as string }), entities);

    const appearance = (a: Json) => `${a.date as string} ${a.articleId as number} ${a.kind as string} ${(a.place as string | null) ?? ''}`;
    const whole = (await (await get('/api/tracker/appearances?person=kim-jong-il')).json()) as Json;
    const appearances = (whole.items as Json[]).map(appearance);
    expect(appearances.length).toBeGreaterThan(1);
    expect(whole.next_cursor).toBeUndefined();
    const walked = await walk('/api/tracker/appearances?person=kim-jong-il&limit=1', { key: appearance });
    expectOnce(walked, appearances);
    expect(walked).toEqual(appearances);
  });

  it('saved searches, deliveries, users and tokens, with rows added between pages', async () => {
    const auth = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    for (let i = 0; i < 5; i++) await app.request('/api/saved-searches', { method: 'POST', headers: auth, body: JSON.stringify({ name: `S${i}`, query: 'harvest' }) });
    const saved = await walk('/api/saved-searches?limit=2', {
      key: (s) => s.id as number,
      between: async (p) => {
        if (p === 1) await app.request('/api/saved-searches', { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Late', query: 'rice' }) });
      },
    });
    expect(saved.length, 'the five and the one saved meanwhile (ids grow: it sorts last)').toBe(6);
    expect(new Set(saved).size).toBe(6);
    const deliveries = (await (await get(`/api/saved-searches/${saved[0]}/deliveries?limit=1`)).json()) as Json;
    expect(deliveries.items).toEqual([]);
    expect(deliveries.next_cursor).toBeUndefined();

    for (const name of ['bo', 'cy', 'di']) await store.accounts.addUser(name, 'reader', 'a-long-password');
    const users = await walk('/api/admin/users?limit=2', { key: (u) => u.name as string, between: (p) => (p === 1 ? store.accounts.addUser('zoe', 'reader', 'a-long-password').then(() => undefined) : Promise.resolve()) });
    expect(users).toEqual(['ana', 'bo', 'cy', 'di', 'zoe']);
    for (const name of ['bo', 'cy']) await store.accounts.addToken(name, 'read');
    const tokens = await walk('/api/admin/tokens?limit=1', { key: (t) => t.id as number });
    expect(tokens.length).toBe(3);
    expect([...tokens].sort((a, b) => (a as number) - (b as number))).toEqual(tokens);
  });

  it('a malformed, foreign or mismatched cursor, or a limit out of range, is a 400 naming the parameter', async () => {
    const refused = async (path: string, parameter: string) => {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as Json;
      expect(body, path).toMatchObject({ error: 'bad_request', parameter });
      expect(body.message as string, path).toMatch(new RegExp(`^${parameter}: `));
    };
    await refused('/api/events?cursor=not%20base64!', 'cursor');
    await refused(`/api/events?cursor=${Buffer.from('{"l":"events","k":["x"]}').toString('base64url')}`, 'cursor');
    await refused(`/api/events?cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'cursor');
    const events = (await (await get('/api/events?limit=1')).json()) as Json;
    await refused(`/api/stories?cursor=${events.next_cursor as string}`, 'cursor');
    await refused(`/api/events?type=edited&cursor=${events.next_cursor as string}`, 'cursor');
    const search = (await (await get('/api/search?q=harvest&per_page=1&sort=newest')).json()) as Json;
    await refused(`/api/search?q=harvest&per_page=1&cursor=${search.next_cursor as string}`, 'cursor');
    await refused(`/api/search?q=rice&per_page=1&sort=newest&cursor=${search.next_cursor as string}`, 'cursor');
    await refused('/api/sources/wire/articles?limit=0', 'limit');
    await refused('/api/admin/users?limit=x', 'limit');
    await refused('/api/sources/wire/articles?page=x', 'page');
  });
});
