import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, searchFixtureAt, type AnyFixture } from '../../search/test-fixture.js';
import { testBackends } from '../../testing/backends.js';
import { createApp } from '../app.js';

describe.each(testBackends())('search exports: fields= ($name)', (backend) => {
  let fx: AnyFixture;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    fx = await searchFixtureAt(await backend.location());
    app = createApp(fx.store);
  }, 180_000);
  afterAll(async () => {
    await fx.store.close();
    await backend.cleanup();
  });

  const get = (path: string) => app.request(path);

  it('without fields= the output is as before', async () => {
    const [first] = (await (await get('/api/search.jsonl?q=korea')).text()).trim().split('\n');
    expect(Object.keys(JSON.parse(first)).sort()).toEqual(['id', 'lang', 'published', 'snippet', 'source', 'title', 'url']);
    expect((await (await get('/api/search.csv?q=korea')).text()).split('\n')[0]).toBe('id,url,title,published,source,lang,snippet');
  });

  it('JSON lines hold exactly the fields asked, in order; body is the full text', async () => {
    const lines = (await (await get('/api/search.jsonl?q=korea&fields=id,title,body,aliases,versions,storyId')).text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(await fx.search.count('korea'));
    expect(Object.keys(lines[0])).toEqual(['id', 'title', 'body', 'aliases', 'versions', 'storyId']);
    for (const l of lines.slice(0, 5)) {
      const a = (await fx.store.getArticle(l.id as number))!;
      expect(l).toEqual({ id: a.id, title: a.title, body: a.body, aliases: a.aliases, versions: a.versions, storyId: l.storyId });
    }
  });

  it('CSV with fields=…,body: the full text in a cell, Korean intact, in the search order', async () => {
    const res = await get(`/api/search.csv?q=${encodeURIComponent('lang:ko')}&sort=oldest&fields=id,snippet,body`);
    const rows = parse(await res.text(), { columns: true }) as { id: string; snippet: string; body: string }[];
    const order = (await collect(fx.search.stream('lang:ko', 'oldest'))).flat().map((h) => String(h.id));
    expect(rows.map((r) => r.id)).toEqual(order);
    const a = (await fx.store.getArticle(Number(rows[0].id)))!;
    expect(rows[0].body).toBe(a.body.join('\n'));
    expect(rows[0].body).toMatch(/[\uac00-\ud7a3]/);
    expect(rows[0].snippet).not.toContain('<mark>');
  });

  it('an unknown field answers 400 naming it', async () => {
    for (const path of ['/api/search.csv?q=korea&fields=id,bodytext', '/api/search.jsonl?q=korea&fields=bodytext']) {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain('unknown field "bodytext"');
    }
  });
});
