import pg from 'pg';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../fetch/test-server.js';
import { makeScene, type Scene } from '../images/testing/scenes.js';
import { PgCrawlQueue } from '../queue/pg/pg-crawl-queue.js';
import { imagesOf } from '../store/images.js';
import { openStore } from '../store/open-store.js';
import { storeDb } from '../store/store-db.js';
import { newsSiteSource } from '../testing/news-site-source.js';
import { freshPgArchive, pgTestUrl } from '../testing/pg.js';
import { upsertSourceDef } from './sync.js';

// The PostgreSQL workers crawl through the same Crawler code as the in-process crawler: a worker
// captures an article's photos, and a recheck job classifies the edited one.
const jpeg = (scene: Scene, omit: number[] = []) => sharp(Buffer.from(scene.draw(omit)), { raw: { width: scene.width, height: scene.height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe.skipIf(!pgTestUrl)('photos through a PostgreSQL worker', () => {
  it('a worker captures the photos of an article and a recheck job reports the edited one', { timeout: 120_000 }, async () => {
    const scene = makeScene(51);
    const photos = new Map<string, Buffer>([['/img/1.jpg', await jpeg(scene)]]);
    const server: TestServer = await startTestServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/news') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<ul class="news"><li><a href="/a/1">Report</a></li></ul>');
      if (path === '/a/1') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<div class="article"><h1 class="title">Report</h1><div class="body"><p>Pyongyang -- a report.</p><figure><img src="/img/1.jpg"><figcaption>Group photo</figcaption></figure><p>The end.</p></div></div>');
      }
      const img = photos.get(path);
      if (img) return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(img);
      res.writeHead(404).end();
    });
    cleanups.push(() => server.close());
    const made = await freshPgArchive();
    cleanups.push(made.drop);
    const store = await openStore(made.url);
    cleanups.push(() => store.close());
    await upsertSourceDef(store, newsSiteSource(server.origin, { dated: false }));
    const queue = await PgCrawlQueue.open(made.url, { log: () => {}, schedule: false, politeness: { allowPrivate: true, minIntervalMs: 0 } });
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: pgTestUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${queue.schema} CASCADE`).finally(() => c.end());
    });
    cleanups.push(() => queue.close());
    const running = queue.run(store);
    try {
      await queue.enqueueCrawl({ source: 'wire' });
      const id = await until('the article', () => store.findArticleIdByUrl(`${server.origin}/a/1`));
      const first = await until('its photos', () => imagesOf(store).latestSet(id));
      expect(first.slots).toMatchObject([{ slot: 'content:1', caption: 'Group photo' }]);

      photos.set('/img/1.jpg', await jpeg(scene, [0]));
      await storeDb(store).updateTable('crawl_urls').set({ next_check_at: new Date(0).toISOString() }).execute();
      await queue.enqueueCrawl({ source: 'wire' });
      const events = await until('the image-edited event', async () => {
        const e = await store.crawl.events({ type: 'image-edited', limit: 5 });
        return e.length ? e : null;
      });
      expect(events[0]).toMatchObject({ articleId: id, detail: { slot: 'content:1', oldSha256: first.slots[0].sha256 } });
    } finally {
      queue.stop();
      await running;
    }
  });
});
