import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../fetch/fetcher.js';
import { startTestServer, type TestServer } from '../fetch/test-server.js';
import { parseSource } from '../sources/load.js';
import type { SourceDef } from '../sources/schema.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { Crawler } from './crawler.js';
import { upsertSourceDef } from './sync.js';

/** A site that files one report under two category URLs (as kcna.kp does), the second with a site stamp of its own. */
const REPORT = [
  'Pyongyang, August 3 (KCNA) -- The U.S. is getting frantic in further strengthening the triangular military alliance under the pretext of the "threat" from the DPRK.',
  'On July 28, the military bosses of the U.S., Japan and ROK held a confab in Tokyo to make a memorandum on institutionalizing the framework for tripartite cooperation in security.',
];
const gone = new Set<string>();
let edited = false;

function page(path: string): string {
  const paras = path === '/top/1' ? [...REPORT, 'www.kcna.kp (Juche113.8.3.)'] : REPORT;
  const body = edited && path === '/world/1' ? paras.map((p) => p.replace('July 28', 'July 29')) : paras;
  // Pages carry the time they were rendered: the bytes change on every request, the text does not.
  return `<html><body><!-- rendered ${process.hrtime.bigint()} --><div class="article"><h1 class="title">"Tripartite Cooperation" Will Hasten "Tripartite Ruin"</h1>
    <span class="published">2024.8.3.</span><div class="body">${body.map((p) => `<p>${p}</p>`).join('')}</div></div></body></html>`;
}

let server: TestServer;
let def: SourceDef;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') return void res.end('');
    if (path === '/news') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<ul class="news"><li><a href="/world/1">a</a></li><li><a href="/external/1">b</a></li><li><a href="/top/1">c</a></li></ul>');
    }
    if (['/world/1', '/external/1', '/top/1'].includes(path) && !gone.has(path)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(page(path));
    }
    res.writeHead(404);
    res.end('not found');
  });
  def = parseSource(
    {
      slug: 'copies',
      name: 'Copies',
      homepage: `${server.origin}/`,
      languages: ['en'],
      adapter: { kind: 'html', listings: [{ url: `${server.origin}/news` }], items: 'ul.news li a', article: { title: 'h1.title', paragraphs: 'div.body p', date: '.published' } },
      schedule: { confirmRemovalMinutes: 0 },
      politeness: { allowPrivate: true, minIntervalMs: 0, concurrency: 2 },
    },
    'test',
  );
});
afterAll(async () => server.close());

describe('crawling one text published under several URLs', () => {
  it('stores one article, counts no edit for a copy’s own wording, and calls it removed only when no URL serves it', async () => {
    const store = await SqliteStore.open(':memory:');
    await upsertSourceDef(store, def);
    const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, timeoutMs: 2000 }), log: () => {} });
    await crawler.runPass({ source: 'copies' });
    const ids = await Promise.all(['/world/1', '/external/1', '/top/1'].map((p) => store.findArticleIdByUrl(`${server.origin}${p}`)));
    expect(new Set(ids).size).toBe(1);
    expect((await store.stats()).articles).toBe(1);
    const id = ids[0]!;
    expect((await store.getArticle(id))!.copies).toHaveLength(2);

    // Rechecking every URL: the stamped copy serves its own wording again, which is no edit.
    let s = await crawler.runPass({ source: 'copies', recheckAll: true });
    expect(s.sources[0]).toMatchObject({ rechecked: 3, edited: 0 });

    // A real change on the article's own URL is an edit.
    edited = true;
    s = await crawler.runPass({ source: 'copies', recheckAll: true });
    expect(s.sources[0].edited).toBe(1);

    // One URL gone: the text is still served at the others.
    gone.add('/external/1');
    await crawler.runPass({ source: 'copies', recheckAll: true });
    await crawler.runPass({ source: 'copies', recheckAll: true });
    expect((await store.getArticle(id))!.status).toBe('live');
    // Every URL gone: removed.
    gone.add('/world/1');
    gone.add('/top/1');
    await crawler.runPass({ source: 'copies', recheckAll: true });
    await crawler.runPass({ source: 'copies', recheckAll: true });
    expect((await store.getArticle(id))!.status).toBe('removed');
    await crawler.close();
    await store.close();
  });
});
