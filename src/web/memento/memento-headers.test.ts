import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { openSqliteStore } from '../../store/open-store.js';
import type { SqliteStore } from '../../store/sqlite-store.js';
import { createApp } from '../app.js';
import { mementoHeaders } from './memento-headers.js';
import { crawlVersions, SEEN } from './testing/crawled-versions.js';
import { parseLinks, RFC1123_GMT, withRel } from './testing/parse-links.js';

const ORIGIN = 'https://archive.example';
const URL3 = 'http://www.kcna.kp/en/article/q/5f0e1b2c.kcmsf?lang=en';
const URL1 = 'http://www.kcna.kp/en/article/q/77aa.kcmsf';

let store: SqliteStore;
let id3 = 0;
let id1 = 0;
let stored3 = '';

/** The version pages as a stand-in route (200 for any n, like a page that exists), behind the middleware. */
function stubApp(): Hono {
  const app = new Hono();
  app.use('/articles/:id/versions/:n', mementoHeaders(store));
  app.get('/articles/:id/versions/:n', (c) => {
    if (c.req.param('n') === '404') return c.text('no such version', 404);
    // A Link of the page's own (a stylesheet preload, say) is kept beside the Memento links.
    c.header('Link', '</style.css>; rel="preload"; as="style"');
    return c.html('<p>a version</p>');
  });
  return app;
}

const get = (app: Hono, path: string, method = 'GET') => app.request(`${ORIGIN}${path}`, { method, headers: { 'x-forwarded-proto': 'https' } });
const versionUri = (id: number, n: number) => `${ORIGIN}/articles/${id}/versions/${n}`;

beforeAll(async () => {
  store = await openSqliteStore(join(tempDir(), 'memento-headers.db'));
  id3 = await crawlVersions(store, URL3, true);
  id1 = await crawlVersions(store, URL1, false);
  stored3 = (await store.getArticle(id3))!.url;
}, 60_000);
afterAll(async () => store.close());

/** Memento-Datetime and Link of one version page (RFC 7089 §2.1.1, §2.2), checked for what every memento must say. */
async function mementoOf(app: Hono, id: number, n: number, method = 'GET') {
  const res = await get(app, `/articles/${id}/versions/${n}`, method);
  expect(res.status).toBe(200);
  const datetime = res.headers.get('memento-datetime');
  expect(datetime).toMatch(RFC1123_GMT);
  const links = parseLinks(res.headers.get('link') ?? '');
  const original = (await store.getArticle(id))!.url;
  expect(withRel(links, 'original').map((l) => l.uri)).toEqual([original]);
  expect(withRel(links, 'timegate').map((l) => l.uri)).toEqual([`${ORIGIN}/timegate/${original}`]);
  const [timemap] = withRel(links, 'timemap');
  expect(timemap.uri).toBe(`${ORIGIN}/timemap/link/${original}`);
  expect(timemap.params.type).toBe('application/link-format');
  for (const m of withRel(links, 'memento')) expect(m.params.datetime).toMatch(RFC1123_GMT);
  /** The memento link whose rel includes all of `rels`, as [uri, rel]. */
  const rel = (...rels: string[]) => withRel(links, 'memento', ...rels).map((l) => [l.uri, l.params.rel]);
  return { datetime, links, rel };
}

describe('Memento headers on /articles/:id/versions/:n', () => {
  it('dates each version and links its original URL, TimeGate and TimeMap', async () => {
    const app = stubApp();
    for (const n of [1, 2, 3]) expect((await mementoOf(app, id3, n)).datetime).toBe(new Date(SEEN[n - 1]).toUTCString());
    expect((await mementoOf(app, id3, 1)).datetime).toBe('Wed, 01 May 2024 01:00:00 GMT');
  });

  it('links the first, last, previous and next versions, relations together on one link', async () => {
    const app = stubApp();
    const middle = await mementoOf(app, id3, 2);
    expect(middle.rel('first')).toEqual([[versionUri(id3, 1), 'first prev memento']]);
    expect(middle.rel('last')).toEqual([[versionUri(id3, 3), 'last next memento']]);
    const first = await mementoOf(app, id3, 1);
    expect(first.rel('first')).toEqual([[versionUri(id3, 1), 'first memento']]);
    expect(first.rel('next')).toEqual([[versionUri(id3, 2), 'next memento']]);
    expect(first.rel('prev')).toEqual([]);
    const last = await mementoOf(app, id3, 3);
    expect(last.rel('prev')).toEqual([[versionUri(id3, 2), 'prev memento']]);
    expect(last.rel('next')).toEqual([]);
    const only = await mementoOf(app, id1, 1);
    expect(only.rel()).toEqual([[versionUri(id1, 1), 'first last memento']]);
  });

  it('names the same original URL as the TimeMap does, and keeps a Link the page set itself', async () => {
    const { links } = await mementoOf(stubApp(), id3, 1);
    expect(withRel(links, 'original')[0].uri).toBe(stored3);
    expect(withRel(links, 'preload').map((l) => l.uri)).toEqual(['/style.css']);
  });

  it('marks HEAD answers too', async () => {
    expect((await mementoOf(stubApp(), id3, 2, 'HEAD')).datetime).toBe(new Date(SEEN[1]).toUTCString());
  });

  it('leaves error answers and unknown versions alone', async () => {
    const app = stubApp();
    const missing = await get(app, `/articles/${id3}/versions/404`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('memento-datetime')).toBeNull();
    const beyond = await get(app, `/articles/${id3}/versions/9`);
    expect(beyond.headers.get('memento-datetime')).toBeNull();
    expect(withRel(parseLinks(beyond.headers.get('link') ?? ''), 'original')).toEqual([]);
    expect((await get(app, '/articles/999999/versions/1')).headers.get('memento-datetime')).toBeNull();
  });
});

describe('the archive app', () => {
  it('marks its version pages as mementos once they are served', async () => {
    const app = createApp(store, { private: false });
    const res = await get(app, `/articles/${id3}/versions/2`);
    expect(res.status).toBe(200);
    expect(res.headers.get('memento-datetime')).toBe(new Date(SEEN[1]).toUTCString());
    expect(withRel(parseLinks(res.headers.get('link') ?? ''), 'timegate')).toHaveLength(1);
    const head = await get(app, `/articles/${id3}/versions/1`, 'HEAD');
    expect(head.headers.get('memento-datetime')).toBe('Wed, 01 May 2024 01:00:00 GMT');
    expect((await get(app, `/articles/${id3}/versions/9`)).headers.get('memento-datetime')).toBeNull();
  });

  it('points the article page and the article API to the TimeGate and TimeMap', async () => {
    const app = createApp(store, { private: false });
    for (const path of [`/articles/${id3}`, `/api/articles/${id3}`]) {
      const res = await get(app, path);
      expect(res.status, path).toBe(200);
      const links = parseLinks(res.headers.get('link') ?? '');
      expect(withRel(links, 'original').map((l) => l.uri), path).toEqual([stored3]);
      expect(withRel(links, 'timegate').map((l) => l.uri), path).toEqual([`${ORIGIN}/timegate/${stored3}`]);
      expect(withRel(links, 'timemap').map((l) => [l.uri, l.params.type]), path).toEqual([[`${ORIGIN}/timemap/link/${stored3}`, 'application/link-format']]);
      expect(res.headers.get('memento-datetime'), path).toBeNull();
    }
    expect((await get(app, '/articles/999999')).headers.get('link')).toBeNull();
  });
});
