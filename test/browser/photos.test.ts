import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample } from '../helpers.js';
import { analyzeImage } from '../../src/images/analyze.js';
import { makeScene } from '../../src/images/testing/scenes.js';
import { importFile } from '../../src/import/importer.js';
import { imagesOf } from '../../src/store/images.js';
import { openSqliteStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { BrowserSession } from './browser-session.js';
import { launchChromium } from './chromium.js';

// The photo pages in Chromium at a desktop and a phone width: article thumbnails, the versions page's
// image changes (region outlined, difference overlay) and the photo page (its variants likewise) load every image, pass axe-core
// and log nothing (no CSP violation, no failed request).
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];
const STEP_TIMEOUT = 60_000;

let dir: string;
let store: Store;
let server: ServerType;
let browser: Browser;
let origin: string;
let articleId: number;
let photo: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'wirewatch-photos-browser-'));
  store = await openSqliteStore(join(dir, 'archive.db'));
  await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
  articleId = (await store.latest(1))[0].id;
  const scene = makeScene(41);
  const jpeg = (omit: number[] = []) => sharp(Buffer.from(scene.draw(omit)), { raw: { width: scene.width, height: scene.height, channels: 3 } }).jpeg().toBuffer();
  const images = imagesOf(store);
  const put = async (bytes: Buffer) => {
    const r = await analyzeImage(bytes);
    if (!r.ok) throw new Error(r.reason);
    await images.putImage(r.facts, bytes, r.thumbnail, '2024-05-04T00:00:00.000Z');
    return r.facts.sha256;
  };
  photo = await put(await jpeg());
  const edited = await put(await jpeg([0]));
  const f = scene.figures[0];
  const region = { x: f.x / scene.width, y: f.y / scene.height, w: f.w / scene.width, h: f.h / scene.height };
  const slot = (sha256: string) => ({ slot: 'content:1', srcUrl: 'http://example.org/p.jpg', caption: 'Officials at the opening', sha256, problem: null });
  await images.recordSet(articleId, 1, '2024-05-04T00:00:00.000Z', [slot(photo)], []);
  await images.recordSet(articleId, 1, '2024-05-05T00:00:00.000Z', [{ ...slot(edited), change: { kind: 'edited', from: photo, region, score: 0.03 } }], [
    { type: 'image-edited', detail: { slot: 'content:1', src: 'http://example.org/p.jpg', oldSha256: photo, newSha256: edited, region, score: 0.03 } },
  ]);
  const app = createApp(store);
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, STEP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(VIEWPORTS)('photo pages at $width px', (viewport) => {
  it('article thumbnails, image changes on the versions page and the photo page', { timeout: STEP_TIMEOUT }, async () => {
    const s = await BrowserSession.open(browser, origin, viewport);
    const { page } = s;
    const loaded = async (selector: string) => {
      const imgs = page.locator(selector);
      for (let i = 0; i < (await imgs.count()); i++) {
        await imgs.nth(i).scrollIntoViewIfNeeded();
        await expect.poll(() => imgs.nth(i).evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)).toBe(true);
      }
      return imgs.count();
    };

    await s.goto(`/articles/${articleId}`);
    expect(await loaded('section[aria-label="Photos"] img')).toBe(1);
    expect(await page.getByRole('img', { name: 'Officials at the opening' }).count()).toBe(1);
    await s.check('photos-article');

    await s.goto(`/articles/${articleId}/versions`);
    expect(await loaded('section[aria-label="Image changes"] img')).toBe(3);
    const box = await page.locator('rect.image-region').boundingBox();
    expect(box && box.width > 0 && box.height > 0).toBe(true);
    await s.check('photos-versions');

    await page.getByRole('link', { name: 'Before' }).click();
    await page.waitForURL(`${origin}/photos/${photo}`);
    // The photo, and its edited variant: the thumbnail with the recorded region outlined, beside the difference overlay.
    expect(await loaded('img.photo-full, ul.photo-variants img')).toBe(3);
    const outlined = await page.locator('ul.photo-variants rect.image-region').boundingBox();
    expect(outlined && outlined.width > 0 && outlined.height > 0).toBe(true);
    await s.check('photos-photo-page');
    expect(s.takeProblems()).toEqual([]);
    await s.context.close();
  });
});
