import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { openSqliteStore } from '../../store/open-store.js';
import type { SqliteStore } from '../../store/sqlite-store.js';
import { createApp } from '../app.js';
import { crawlVersions, SEEN } from './testing/crawled-versions.js';
import { parseLinks, RFC1123_GMT, withRel, type ParsedLink } from './testing/parse-links.js';

const ORIGIN = 'https://archive.example';
// An outlet URL with a query, as kcna.kp writes them.
const URL3 = 'http://www.kcna.kp/en/article/q/5f0e1b2c.kcmsf?lang=en';
const URL1 = 'http://www.kcna.kp/en/article/q/77aa.kcmsf';

/** RFC 7089 §5.1.1's example TimeMap, verbatim: the structure ours must have. */
const RFC_EXAMPLE = `<http://a.example.org>;rel="original",
<http://arxiv.example.net/timemap/http://a.example.org>
  ; rel="self";type="application/link-format"
  ; from="Tue, 20 Jun 2000 18:02:59 GMT"
  ; until="Wed, 09 Apr 2008 20:30:51 GMT",
<http://arxiv.example.net/timegate/http://a.example.org>
  ; rel="timegate",
<http://arxiv.example.net/web/20000620180259/http://a.example.org>
  ; rel="first memento";datetime="Tue, 20 Jun 2000 18:02:59 GMT"
  ; license="http://creativecommons.org/publicdomain/zero/1.0/",
<http://arxiv.example.net/web/20091027204954/http://a.example.org>
   ; rel="last memento";datetime="Tue, 27 Oct 2009 20:49:54 GMT"
   ; license="http://creativecommons.org/publicdomain/zero/1.0/",
<http://arxiv.example.net/web/20000621011731/http://a.example.org>
  ; rel="memento";datetime="Wed, 21 Jun 2000 01:17:31 GMT"
  ; license="http://creativecommons.org/publicdomain/zero/1.0/",
<http://arxiv.example.net/web/20000621044156/http://a.example.org>
  ; rel="memento";datetime="Wed, 21 Jun 2000 04:41:56 GMT"
  ; license="http://creativecommons.org/publicdomain/zero/1.0/"
`;

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let id3 = 0;
let id1 = 0;
let stored3 = '';

const req = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  app.request(`${ORIGIN}${path}`, { method, headers: { 'x-forwarded-proto': 'https', ...headers } });
const versionUri = (id: number, n: number) => `${ORIGIN}/articles/${id}/versions/${n}`;
const gmt = (iso: string) => new Date(iso).toUTCString();

beforeAll(async () => {
  store = await openSqliteStore(join(tempDir(), 'memento.db'));
  app = createApp(store, { private: false });
  id3 = await crawlVersions(store, URL3, true);
  id1 = await crawlVersions(store, URL1, false);
  stored3 = (await store.getArticle(id3))!.url;
}, 60_000);
afterAll(async () => store.close());

/** Checks a TimeMap against the shape of RFC 7089 §5.1.1 and returns its mementos. */
function expectTimemapShape(links: ParsedLink[]): ParsedLink[] {
  expect(withRel(links, 'original')).toHaveLength(1);
  expect(withRel(links, 'timegate')).toHaveLength(1);
  const [self] = withRel(links, 'self');
  expect(self.params.type).toBe('application/link-format');
  expect(self.params.from).toMatch(RFC1123_GMT);
  expect(self.params.until).toMatch(RFC1123_GMT);
  const mementos = withRel(links, 'memento');
  expect(withRel(mementos, 'first')).toHaveLength(1);
  expect(withRel(mementos, 'last')).toHaveLength(1);
  for (const m of mementos) expect(m.params.datetime).toMatch(RFC1123_GMT);
  expect(withRel(mementos, 'first')[0].params.datetime).toBe(self.params.from);
  expect(Date.parse(self.params.until)).toBeGreaterThanOrEqual(Date.parse(self.params.from));
  return mementos;
}

describe('the test reader', () => {
  it("reads RFC 7089's example TimeMap with the shape the archive's are checked against", () => {
    expect(expectTimemapShape(parseLinks(RFC_EXAMPLE))).toHaveLength(4);
  });
});

describe('TimeMap /timemap/link/<original>', () => {
  it('lists every version as a memento, with original, self and TimeGate, as application/link-format', async () => {
    const res = await req(`/timemap/link/${stored3}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/link-format');
    const links = parseLinks(await res.text());
    const mementos = expectTimemapShape(links);
    expect(withRel(links, 'original')[0].uri).toBe(stored3);
    expect(withRel(links, 'self')[0].uri).toBe(`${ORIGIN}/timemap/link/${stored3}`);
    expect(withRel(links, 'timegate')[0].uri).toBe(`${ORIGIN}/timegate/${stored3}`);
    expect(mementos.map((m) => [m.uri, m.params.datetime, m.params.rel])).toEqual([
      [versionUri(id3, 1), gmt(SEEN[0]), 'first memento'],
      [versionUri(id3, 2), gmt(SEEN[1]), 'memento'],
      [versionUri(id3, 3), gmt(SEEN[2]), 'last memento'],
    ]);
    expect(withRel(links, 'self')[0].params).toMatchObject({ from: 'Wed, 01 May 2024 01:00:00 GMT', until: 'Fri, 10 May 2024 08:30:15 GMT' });
  });

  it('names a single version both first and last memento', async () => {
    const links = parseLinks(await (await req(`/timemap/link/${URL1}`)).text());
    const mementos = expectTimemapShape(links);
    expect(mementos).toHaveLength(1);
    expect(mementos[0].rels).toEqual(['first', 'last', 'memento']);
  });

  it('finds the versions under equivalent forms of the URL (https, without www., escaped whole)', async () => {
    const bare = stored3.replace(/^https?:\/\/(www\.)?/, '');
    for (const form of [`https://${bare}`, `http://${bare}`, `https://www.${bare}`, encodeURIComponent(stored3)]) {
      const res = await req(`/timemap/link/${form}`);
      expect(res.status, form).toBe(200);
      const links = parseLinks(await res.text());
      expect(withRel(links, 'memento').map((m) => m.uri), form).toEqual([1, 2, 3].map((n) => versionUri(id3, n)));
      // Named as the archive holds it, whichever form was asked for.
      expect(withRel(links, 'original')[0].uri, form).toBe(stored3);
    }
  });

  it('keeps the query of the original URL (it tells articles apart)', async () => {
    expect(stored3).toContain('?lang=en');
    const other = stored3.replace('?lang=en', '?lang=ko');
    expect((await req(`/timemap/link/${other}`)).status).toBe(404);
  });

  it('answers 404 for a URL the archive does not hold, and for none at all', async () => {
    const res = await req('/timemap/link/http://www.kcna.kp/en/article/q/never.kcmsf');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('no versions of http://www.kcna.kp/en/article/q/never.kcmsf');
    expect((await req('/timemap/link/')).status).toBe(404);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await req(`/timemap/link/${stored3}`, {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/link-format');
    expect(await res.text()).toBe('');
  });
});

describe('TimeGate /timegate/<original> (RFC 7089 §4.2, pattern 2.2)', () => {
  /** The 302's target and its Link header, after the checks every TimeGate answer must pass. */
  async function negotiate(acceptDatetime?: string, original = stored3, method = 'GET') {
    const res = await req(`/timegate/${original}`, acceptDatetime === undefined ? {} : { 'accept-datetime': acceptDatetime }, method);
    expect(res.status).toBe(302);
    expect(res.headers.get('vary')?.toLowerCase()).toContain('accept-datetime');
    const links = parseLinks(res.headers.get('link') ?? '');
    expect(withRel(links, 'original')[0].uri).toBe(stored3);
    const [timemap] = withRel(links, 'timemap');
    expect(timemap.uri).toBe(`${ORIGIN}/timemap/link/${stored3}`);
    expect(timemap.params.type).toBe('application/link-format');
    const location = res.headers.get('location')!;
    const chosen = withRel(links, 'memento').find((l) => l.uri === location);
    expect(chosen?.params.datetime).toMatch(RFC1123_GMT);
    expect(withRel(links, 'first', 'memento')[0].uri).toBe(versionUri(id3, 1));
    expect(withRel(links, 'last', 'memento')[0].uri).toBe(versionUri(id3, 3));
    return { location, chosen: chosen!, body: await res.text() };
  }

  it('sends a time before every version to the first', async () => {
    expect((await negotiate('Tue, 20 Jun 2000 18:02:59 GMT')).location).toBe(versionUri(id3, 1));
  });

  it('sends a time between versions to the latest one captured by then', async () => {
    expect((await negotiate('Thu, 02 May 2024 00:00:00 GMT')).location).toBe(versionUri(id3, 1));
    expect((await negotiate('Fri, 03 May 2024 02:00:00 GMT')).location).toBe(versionUri(id3, 2));
    const { location, chosen } = await negotiate('Thu, 09 May 2024 23:59:59 GMT');
    expect(location).toBe(versionUri(id3, 2));
    expect(chosen.params).toMatchObject({ rel: 'memento', datetime: 'Fri, 03 May 2024 02:00:00 GMT' });
  });

  it('sends a time after every version, or no Accept-Datetime, to the latest', async () => {
    expect((await negotiate('Sat, 01 Jan 2050 00:00:00 GMT')).location).toBe(versionUri(id3, 3));
    expect((await negotiate()).location).toBe(versionUri(id3, 3));
  });

  it('negotiates under equivalent forms of the URL', async () => {
    const https = stored3.replace(/^http:/, 'https:').replace('://www.', '://');
    expect((await negotiate('Thu, 02 May 2024 00:00:00 GMT', https)).location).toBe(versionUri(id3, 1));
  });

  it('answers HEAD with the same redirect and no body', async () => {
    const { location, body } = await negotiate('Thu, 02 May 2024 00:00:00 GMT', stored3, 'HEAD');
    expect(location).toBe(versionUri(id3, 1));
    expect(body).toBe('');
  });

  it('refuses an Accept-Datetime that is not an RFC 1123 date with 400 and says why', async () => {
    for (const bad of ['2024-05-02', 'yesterday', 'Thu, 31 Feb 2024 00:00:00 GMT', 'Thu, 02 May 2024 00:00:00 +0900', '']) {
      const res = await req(`/timegate/${stored3}`, { 'accept-datetime': bad });
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('vary')?.toLowerCase()).toContain('accept-datetime');
      expect(await res.text()).toContain('Accept-Datetime must be an RFC 1123 date');
    }
  });

  it('answers 404 for a URL the archive does not hold', async () => {
    const res = await req('/timegate/http://www.kcna.kp/en/article/q/never.kcmsf', { 'accept-datetime': 'Thu, 02 May 2024 00:00:00 GMT' });
    expect(res.status).toBe(404);
  });
});
