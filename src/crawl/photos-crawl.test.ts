import { createHash } from 'node:crypto';
import { HtmlValidate } from 'html-validate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../fetch/fetcher.js';
import { startTestServer, type TestServer } from '../fetch/test-server.js';
import { makeScene, type Scene } from '../images/testing/scenes.js';
import type { SourceDef } from '../sources/schema.js';
import { imagesOf } from '../store/images.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { testBackends } from '../testing/backends.js';
import { newsSiteSource } from '../testing/news-site-source.js';
import { createApp } from '../web/app.js';
import { Crawler } from './crawler.js';
import { upsertSourceDef } from './sync.js';

/** JPEG of a generated scene, optionally leaving figures out and scaled to `width`. */
async function sceneJpeg(scene: Scene, omit: number[] = [], width?: number): Promise<Buffer> {
  let img = sharp(Buffer.from(scene.draw(omit)), { raw: { width: scene.width, height: scene.height, channels: 3 } });
  if (width) img = img.resize({ width });
  return img.jpeg({ quality: 90 }).toBuffer();
}

/** A PNG whose header claims 30000 × 30000 pixels (a decompression bomb's signature) over a tiny body. */
async function bombPng(): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).png().toBuffer());
  png.writeUInt32BE(30000, 16);
  png.writeUInt32BE(30000, 20);
  const crc = crc32(png.subarray(12, 29));
  png.writeUInt32BE(crc, 29);
  return png;
}

function crc32(buf: Uint8Array): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'void-style': 'off', 'attribute-boolean-style': 'off' } });
async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Site {
  images: Map<string, { type: string; body: Buffer }>;
  /** Paths of the photo article's content images, in page order. */
  content: string[];
}

const portrait = makeScene(11);
const crowd = makeScene(12);
const other = makeScene(13);
/** The figure painted out of `portrait` on the first recheck. */
const OMITTED = 1;

let site: Site;
/** Image requests answered with the image, and with 304 Not Modified. */
const imageRequests = { full: 0, notModified: 0 };
let server: TestServer;
let def: SourceDef;
let originals: { portrait: Buffer; crowd: Buffer; other: Buffer };
let hostile: Map<string, { type: string; body: Buffer }>;

/** The site as it starts; every backend's run begins from it. */
const initialSite = (): Site => ({
  images: new Map([
    ['/img/portrait.jpg', { type: 'image/jpeg', body: originals.portrait }],
    ['/img/crowd.jpg', { type: 'image/jpeg', body: originals.crowd }],
    ['/img/other.jpg', { type: 'image/jpeg', body: originals.other }],
  ]),
  content: ['/img/portrait.jpg', '/img/crowd.jpg', '/img/other.jpg'],
});

function page(id: number): string {
  const imgs = id === 1 ? site.content : [...hostile.keys()];
  const og = id === 1 ? `<meta property="og:image" content="/img/portrait.jpg">` : '';
  return `<!doctype html><html><head><meta charset="utf-8">${og}<title>Photo report ${id}</title></head><body>
    <div class="article"><h1 class="title">Photo report ${id}</h1><span class="published">2024.5.4.</span>
    <div class="body"><p>Pyongyang, May 4 (KCNA) -- A photo report.</p>
    ${imgs.map((p, i) => `<figure><img src="${p}" alt="alt ${i + 1}"><figcaption>Caption ${i + 1}</figcaption></figure>`).join('\n')}
    <p>The report ends here. -0-</p></div></div></body></html>`;
}

beforeAll(async () => {
  originals = { portrait: await sceneJpeg(portrait), crowd: await sceneJpeg(crowd), other: await sceneJpeg(other) };
  const good = await sceneJpeg(makeScene(14));
  hostile = new Map([
    ['/h/bomb.png', { type: 'image/png', body: await bombPng() }],
    ['/h/truncated.jpg', { type: 'image/jpeg', body: good.subarray(0, Math.floor(good.length / 2)) }],
    ['/h/script.svg', { type: 'image/svg+xml', body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>') }],
    ['/h/page.jpg', { type: 'image/jpeg', body: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>') }],
    ['/h/huge.jpg', { type: 'image/jpeg', body: Buffer.concat([good, Buffer.alloc(50 * 1024 * 1024)]) }],
    // A photo under the wrong Content-Type is a photo: its bytes decide.
    ['/h/mislabelled.jpg', { type: 'text/html', body: good }],
  ]);
  server = await startTestServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') return void res.writeHead(404).end();
    if (path === '/news') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<ul class="news"><li><a href="/a/1">Photo report 1</a></li><li><a href="/a/2">Photo report 2</a></li></ul>');
    }
    const art = /^\/a\/(\d)$/.exec(path);
    if (art) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(page(Number(art[1])));
    }
    const img = site.images.get(path) ?? hostile.get(path);
    if (img) {
      const etag = `"${sha(img.body).slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) {
        imageRequests.notModified++;
        return void res.writeHead(304, { etag }).end();
      }
      imageRequests.full++;
      res.writeHead(200, { 'content-type': img.type, 'content-length': String(img.body.length), etag });
      return void res.end(img.body);
    }
    res.writeHead(404).end();
  });
  def = newsSiteSource(server.origin, { concurrency: 4 });
});

afterAll(() => server.close());

describe.each(testBackends())('photos through the crawl ($name)', (backend) => {
  let store: Store;
  let crawler: Crawler;
  const log: string[] = [];
  let id1: number;
  let id2: number;
  beforeAll(async () => {
    site = initialSite();
    store = await openStore(await backend.location());
    await upsertSourceDef(store, def);
    crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, timeoutMs: 5000 }), log: (l) => log.push(l) });
  });
  afterAll(async () => {
    await crawler.close();
    await store.close();
    await backend.cleanup();
  });

  it('captures og:image and the content images with their captions on the first crawl', async () => {
    const s = await crawler.runPass({ source: 'wire' });
    expect(s.sources[0]).toMatchObject({ stored: 2 });
    id1 = (await store.findArticleIdByUrl(`${server.origin}/a/1`))!;
    id2 = (await store.findArticleIdByUrl(`${server.origin}/a/2`))!;
    const set = (await imagesOf(store).latestSet(id1))!;
    expect(set.slots.map((s) => [s.slot, s.caption, s.sha256])).toEqual([
      ['og:image', null, sha(originals.portrait)],
      ['content:1', 'Caption 1', sha(originals.portrait)],
      ['content:2', 'Caption 2', sha(originals.crowd)],
      ['content:3', 'Caption 3', sha(originals.other)],
    ]);
    const stored = (await imagesOf(store).image(sha(originals.portrait)))!;
    expect(stored).toMatchObject({ width: portrait.width, height: portrait.height, format: 'jpeg' });
    expect(stored.phash).toMatch(/^[0-9a-f]{16}$/);
    expect((await imagesOf(store).imageData(stored.sha256, 'thumbnail'))!.length).toBeGreaterThan(100);
  });

  it('refuses hostile images with one log line each, and keeps the photo under a wrong Content-Type', async () => {
    const set = (await imagesOf(store).latestSet(id2))!;
    const bySrc = new Map(set.slots.map((s) => [new URL(s.srcUrl).pathname, s]));
    for (const p of ['/h/bomb.png', '/h/truncated.jpg', '/h/script.svg', '/h/page.jpg', '/h/huge.jpg']) {
      expect(bySrc.get(p)?.sha256, p).toBeNull();
      expect(log.filter((l) => l.includes('image refused') && l.includes(p)), p).toHaveLength(1);
    }
    expect(bySrc.get('/h/bomb.png')!.problem).toMatch(/decompression bomb/);
    expect(bySrc.get('/h/huge.jpg')!.problem).toMatch(/too-large/);
    expect(bySrc.get('/h/mislabelled.jpg')!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.getArticle(id2)).not.toBeNull();
  });

  it('classifies a rescaled, an edited (figure painted out) and a swapped photo on recheck', async () => {
    site.images.set('/img/portrait.jpg', { type: 'image/jpeg', body: await sceneJpeg(portrait, [OMITTED]) });
    site.images.set('/img/crowd.jpg', { type: 'image/jpeg', body: await sceneJpeg(crowd, [], Math.round(crowd.width * 0.6)) });
    site.images.set('/img/other.jpg', { type: 'image/jpeg', body: await sceneJpeg(makeScene(21)) });
    await crawler.runPass({ source: 'wire', recheckAll: true });
    const sets = await imagesOf(store).sets(id1);
    expect(sets).toHaveLength(2);
    const kinds = Object.fromEntries(sets[1].slots.map((s) => [s.slot, s.change?.kind]));
    expect(kinds).toEqual({ 'og:image': 'edited', 'content:1': 'edited', 'content:2': 'same', 'content:3': 'replaced' });
    const edited = sets[1].slots[1].change as { kind: 'edited'; region: { x: number; y: number; w: number; h: number } };
    const f = portrait.figures[OMITTED];
    const fig = { x: f.x / portrait.width, y: f.y / portrait.height, w: f.w / portrait.width, h: f.h / portrait.height };
    // The region holds the painted-out figure's centre and is not much larger than the figure.
    expect(edited.region.x).toBeLessThanOrEqual(fig.x + fig.w / 2);
    expect(edited.region.x + edited.region.w).toBeGreaterThanOrEqual(fig.x + fig.w / 2);
    expect(edited.region.y).toBeLessThanOrEqual(fig.y + fig.h / 2);
    expect(edited.region.y + edited.region.h).toBeGreaterThanOrEqual(fig.y + fig.h / 2);
    expect(edited.region.w * edited.region.h).toBeLessThan(fig.w * fig.h * 4);

    const app = createApp(store);
    const events = (await (await app.request('/api/events?type=image-edited')).json()) as { items: { article: number; url: string; detail: Record<string, unknown> }[] };
    expect(events.items.map((e) => e.detail.slot).sort()).toEqual(['content:1', 'og:image']);
    expect(events.items[0]).toMatchObject({ article: id1, url: `${server.origin}/a/1`, detail: { oldSha256: sha(originals.portrait), region: edited.region } });
    const replaced = (await (await app.request('/api/events?type=image-replaced')).json()) as { items: { detail: Record<string, unknown> }[] };
    expect(replaced.items.map((e) => e.detail)).toEqual([expect.objectContaining({ slot: 'content:3', oldSha256: sha(originals.other) })]);

    const html = await (await app.request(`/articles/${id1}/versions`)).text();
    expect(html).toContain('Image changes');
    expect(html).toContain(`/images/diff/${sha(originals.portrait)}/`);
    expect(html).toContain('class="image-region"');
    // Above the text comparison, and counted in the summary line that links to it.
    expect(html).toMatch(/<a href="#image-changes">\d+ photo changes?<\/a>/);
    // Above the text comparison (one text version here: no comparison form, the version's own heading).
    expect(html.indexOf('id="image-changes"')).toBeLessThan(html.indexOf('<h2>Version #'));
    expect(html.indexOf('id="image-changes"')).toBeGreaterThan(-1);
    await expectValidHtml(html);

    const feed = await (await app.request('/feeds/events.atom?type=image-edited')).text();
    expect(feed).toContain('Photo edited: Photo report 1');
    expect(feed).toContain(`/images/${sha(originals.portrait)}/thumb`);
  });

  it('asks for unchanged photos conditionally, makes no new image version for them, and records a removed photo', async () => {
    const before = { ...imageRequests };
    await crawler.runPass({ source: 'wire', recheckAll: true });
    expect(await imagesOf(store).sets(id1)).toHaveLength(2);
    // Images are asked for with the validators they were served with: none is sent again, the refused
    // ones neither, except the 50 MB body the fetcher stopped reading (no answer to take validators from).
    expect(imageRequests.notModified - before.notModified).toBe(8);
    expect(imageRequests.full - before.full).toBe(1);
    expect(log.filter((l) => l.includes('image refused') && l.includes('/h/bomb.png'))).toHaveLength(1);
    site.content = site.content.slice(0, 2);
    await crawler.runPass({ source: 'wire', recheckAll: true });
    expect(await imagesOf(store).sets(id1)).toHaveLength(3);
    const removed = (await (await createApp(store).request('/api/events?type=image-removed')).json()) as { items: { article: number; detail: Record<string, unknown> }[] };
    expect(removed.items).toEqual([expect.objectContaining({ article: id1, detail: expect.objectContaining({ slot: 'content:3' }) })]);
  });
});
