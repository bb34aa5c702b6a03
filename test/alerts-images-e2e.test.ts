import sharp from 'sharp';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf } from '../src/alerts/attach.js';
import { AlertDelivery } from '../src/alerts/deliver.js';
import { smtpReceiver, webhookReceiver } from '../src/alerts/test-receivers.js';
import { Crawler } from '../src/crawl/crawler.js';
import { upsertSourceDef } from '../src/crawl/sync.js';
import { Fetcher } from '../src/fetch/fetcher.js';
import { startTestServer, type TestServer } from '../src/fetch/test-server.js';
import { makeScene, type Scene } from '../src/images/testing/scenes.js';
import { openStore } from '../src/store/open-store.js';
import { testBackends } from '../src/testing/backends.js';
import { newsSiteSource } from '../src/testing/news-site-source.js';

// The receiver listens on this machine.
process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE = '1';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function sceneJpeg(scene: Scene, omit: number[] = []): Promise<Buffer> {
  return sharp(Buffer.from(scene.draw(omit)), { raw: { width: scene.width, height: scene.height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

const group = makeScene(21);
const other = makeScene(22);
/** The local outlet: article 1 names the premier and shows `photos` (paths), article 2 is about the weather. */
let photos: string[];
let images: Map<string, Buffer>;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') return void res.writeHead(404).end();
    if (path === '/news') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<ul class="news"><li><a href="/a/1">Premier visits</a></li><li><a href="/a/2">Weather</a></li></ul>');
    const m = /^\/a\/(\d)$/.exec(path);
    if (m) {
      const [title, text, imgs] = m[1] === '1' ? ['Premier visits a farm', 'Premier Pak Pong Ju visited a cooperative farm.', photos] : ['Weather report', 'Rain is expected on Sunday.', photos];
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html><head><title>${title}</title></head><body><div class="article"><h1 class="title">${title}</h1><span class="published">2024.5.4.</span>` +
          `<div class="body"><p>${text}</p>${imgs.map((p) => `<figure><img src="${p}" alt="photo"><figcaption>A photo</figcaption></figure>`).join('')}<p>The end.</p></div></div></body></html>`,
      );
    }
    const img = images.get(path);
    if (img) return void res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(img.length) }).end(img);
    res.writeHead(404).end();
  });
});

afterAll(() => server.close());

describe.each(testBackends())('saved searches alert on image events, end to end ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  it('a photo edited, then swapped, then removed: one signed webhook each, with the event detail, to the searches that asked', { timeout: 120_000 }, async () => {
    const original = await sceneJpeg(group);
    const edited = await sceneJpeg(group, [1]);
    const swapped = await sceneJpeg(other);
    images = new Map([['/img/group.jpg', original]]);
    photos = ['/img/group.jpg'];
    const store = await openStore(await backend.location());
    await upsertSourceDef(store, newsSiteSource(server.origin, { confirmRemovalMinutes: 0 }));
    const secrets = new Map<string, string>();
    const hook = await webhookReceiver(() => secrets.get('photos')!);
    const textOnly = await webhookReceiver(() => secrets.get('text')!);
    const smtp = await smtpReceiver();
    const searches = alertsOf(store).searches;
    const saved = await searches.create({ name: 'Pak Pong Ju', query: '"Pak Pong Ju"', webhook: hook.url, email: 'desk@example.org' }, null);
    secrets.set('photos', saved.secret!);
    expect(saved.notify).toEqual({ new: true, edited: true, removed: true, restored: true, imageEdited: true, imageReplaced: true, imageRemoved: true });
    // The same query without the image kinds: its receiver hears of the new article only.
    const plain = await searches.create({ name: 'text only', query: '"Pak Pong Ju"', webhook: textOnly.url, notify: { imageEdited: false, imageReplaced: false, imageRemoved: false } }, null);
    secrets.set('text', plain.secret!);
    const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, timeoutMs: 5000 }), log: () => {} });
    const delivery = new AlertDelivery(store, { smtpUrl: smtp.url, log: () => {} });
    const recheck = async () => {
      await crawler.runPass({ source: 'wire', recheckAll: true });
      await delivery.runOnce();
    };
    try {
      await crawler.runPass({ source: 'wire' });
      await delivery.runOnce();
      images.set('/img/group.jpg', edited);
      await recheck();
      images.set('/img/group.jpg', swapped);
      await recheck();
      photos = [];
      await recheck();

      const types = hook.accepted.map((h) => h.payload.type);
      expect(types).toEqual(['article.new', 'article.image-edited', 'article.image-replaced', 'article.image-removed']);
      expect(hook.accepted.every((h) => h.verifiedByHand && h.verifiedByPackage)).toBe(true);
      // Article 2 shows the same photos but does not match the query: no alert about it.
      expect(hook.accepted.every((h) => h.payload.article.url === `${server.origin}/a/1`)).toBe(true);
      const [, edit, swap, gone] = hook.accepted.map((h) => h.payload);
      expect(edit.event.kind).toBe('image-edited');
      expect(edit.image).toMatchObject({ slot: 'content:1', src: `${server.origin}/img/group.jpg`, oldSha256: sha(original), newSha256: sha(edited) });
      expect(edit.image.region).toEqual({ x: expect.any(Number), y: expect.any(Number), w: expect.any(Number), h: expect.any(Number) });
      expect(edit.image.region.w).toBeLessThan(0.5);
      expect(swap.image).toMatchObject({ oldSha256: sha(edited), newSha256: sha(swapped) });
      expect(swap.image.region).toBeUndefined();
      expect(gone.image).toMatchObject({ slot: 'content:1', oldSha256: sha(swapped) });
      expect(textOnly.accepted.map((h) => h.payload.type)).toEqual(['article.new']);
      // The emails say the same in words: the kind in the subject, the hashes and where the region lies.
      expect(smtp.mails.map((m) => /Subject: (.*)/.exec(m.raw)![1].split(':')[1].trim())).toEqual(['new article', 'image edited', 'image replaced', 'image removed']);
      expect(smtp.mails[1].raw).toContain('Changed region: from');
      expect(smtp.mails[1].raw).toContain(`After: ${sha(edited)}`);
      // The API's view of the options; switching one off stops its alerts.
      expect((await searches.update(saved.id, { notify: { imageEdited: false } }))!.notify.imageEdited).toBe(false);
      const kinds = await sql<{ kind: string }>`SELECT kind FROM alert_outbox WHERE saved_search_id = ${saved.id} ORDER BY id`.execute(alertsOf(store).db);
      expect(kinds.rows.map((r) => r.kind)).toEqual(['new', 'image-edited', 'image-replaced', 'image-removed']);
    } finally {
      delivery.stop();
      await crawler.close();
      await store.close();
      await hook.close();
      await textOnly.close();
      await smtp.close();
    }
  });
});
