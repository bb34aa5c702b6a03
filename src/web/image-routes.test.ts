import { HtmlValidate } from 'html-validate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample } from '../../test/helpers.js';
import { analyzeImage } from '../images/analyze.js';
import { makeScene, type Scene } from '../images/testing/scenes.js';
import { importFile } from '../import/importer.js';
import { imagesOf } from '../store/images.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { testBackends } from '../testing/backends.js';
import { createApp } from './app.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';

async function jpeg(scene: Scene, width?: number): Promise<Buffer> {
  let img = sharp(Buffer.from(scene.draw()), { raw: { width: scene.width, height: scene.height, channels: 3 } });
  if (width) img = img.resize({ width });
  return img.jpeg({ quality: 88 }).toBuffer();
}

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'void-style': 'off' } });
async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
}

describe.each(testBackends())('image pages and API ($name)', (backend) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const sha: Record<'photo' | 'smaller' | 'other' | 'markup', string> = { photo: '', smaller: '', other: '', markup: '' };
  let articleIds: number[];

  beforeAll(async () => {
    store = await openStore(await backend.location());
    await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
    articleIds = (await store.latest(2)).map((a) => a.id);
    const images = imagesOf(store);
    const scene = makeScene(5);
    const put = async (bytes: Buffer) => {
      const r = await analyzeImage(bytes);
      if (!r.ok) throw new Error(r.reason);
      await images.putImage(r.facts, bytes, r.thumbnail, '2024-05-04T00:00:00.000Z');
      return r.facts.sha256;
    };
    sha.photo = await put(await jpeg(scene));
    sha.smaller = await put(await jpeg(scene, Math.round(scene.width / 2)));
    sha.other = await put(await jpeg(makeScene(6)));
    // Bytes that are no image at all under an image's row (a damaged archive): never served as they are.
    sha.markup = 'f'.repeat(64);
    await images.putImage({ sha256: sha.markup, bytes: 60, width: 1, height: 1, format: 'png', phash: '0000000000000000' }, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), Buffer.from('<html>'), '2024-05-04T00:00:00.000Z');
    const slot = (s: string, sha256: string, caption: string | null) => ({ slot: s, srcUrl: `http://example.org/${sha256.slice(0, 8)}.jpg`, caption, sha256, problem: null });
    await images.recordSet(articleIds[0], 1, '2024-05-04T00:00:00.000Z', [slot('content:1', sha.photo, 'Workers at the farm'), slot('content:2', sha.other, null)], []);
    await images.recordSet(articleIds[1], 1, '2024-05-05T00:00:00.000Z', [slot('og:image', sha.smaller, 'A smaller copy')], []);
    app = createApp(store);
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  it('serves stored images as their sniffed raster type, immutable, with the site CSP and nosniff', async () => {
    const res = await app.request(`/images/${sha.photo}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const thumb = await app.request(`/images/${sha.photo}/thumb`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toMatch(/^image\//);
  });

  it('never serves markup stored under an image address, and answers 404 for unknown images', async () => {
    for (const path of [`/images/${sha.markup}`, `/images/${sha.markup}/thumb`]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(415);
      expect(res.headers.get('content-type'), path).not.toMatch(/svg|html/);
    }
    expect((await app.request(`/images/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await app.request('/images/not-a-hash')).status).toBe(404);
  });

  it('draws the difference overlay of two stored images as PNG', async () => {
    const res = await app.request(`/images/diff/${sha.photo}/${sha.smaller}.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect((await app.request(`/images/diff/${sha.photo}/${'0'.repeat(64)}.png`)).status).toBe(404);
  });

  it('GET /api/images/similar finds the rescaled copy with the articles it appeared in', async () => {
    const body = (await (await app.request(`/api/images/similar?sha256=${sha.photo}`)).json()) as { items: { sha256: string; distance: number; articles: { id: number; url: string; source: string; published: string }[] }[] };
    const copy = body.items.find((i) => i.sha256 === sha.smaller);
    expect(copy?.distance).toBeLessThanOrEqual(4);
    const a = (await store.getArticle(articleIds[1]))!;
    expect(copy?.articles).toEqual([{ id: a.id, url: a.url, source: a.sourceSlug, published: a.published }]);
    expect(body.items.some((i) => i.sha256 === sha.photo)).toBe(false);
    expect(body.items.some((i) => i.sha256 === sha.other)).toBe(false);
    expect((await app.request('/api/images/similar?sha256=xyz')).status).toBe(400);
    expect((await app.request(`/api/images/similar?sha256=${sha.photo}&distance=99`)).status).toBe(400);
    expect((await app.request(`/api/images/similar?sha256=${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('finds an image stored after the index was built', async () => {
    const scene = makeScene(5);
    const bytes = await jpeg(scene, Math.round(scene.width * 0.75));
    const r = await analyzeImage(bytes);
    if (!r.ok) throw new Error(r.reason);
    await imagesOf(store).putImage(r.facts, bytes, r.thumbnail, '2024-05-06T00:00:00.000Z');
    const body = (await (await app.request(`/api/images/similar?sha256=${sha.photo}`)).json()) as { items: { sha256: string }[] };
    expect(body.items.map((i) => i.sha256)).toContain(r.facts.sha256);
  });

  it('the photo page shows the image, where it appeared and its variants, as valid HTML', async () => {
    const res = await app.request(`/photos/${sha.photo}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`src="/images/${sha.photo}"`);
    expect(html).toContain(`href="/articles/${articleIds[0]}"`);
    expect(html).toContain(`/images/${sha.smaller}/thumb`);
    expect(html).toContain(`/images/diff/${sha.photo}/${sha.smaller}.png`);
    await expectValidHtml(html);
    expect((await app.request(`/photos/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it("the photo page shows each variant's difference overlay, and outlines the region of an edit recorded from the photo into it", async () => {
    const edited = { slot: 'og:image', srcUrl: 'http://example.org/edited.jpg', caption: null, sha256: sha.smaller, problem: null, change: { kind: 'edited' as const, from: sha.photo, region: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 }, score: 0.05 } };
    await imagesOf(store).recordSet(articleIds[1], 1, '2024-05-07T00:00:00.000Z', [edited], []);
    const html = await (await app.request(`/photos/${sha.photo}`)).text();
    expect(html).toMatch(new RegExp(`<img class="photo-overlay" src="/images/diff/${sha.photo}/${sha.smaller}.png" alt="Difference of ${sha.smaller.slice(0, 12)} from this photo" loading="lazy"`));
    expect(html).toContain('<rect class="image-region" x="10%" y="20%" width="30%" height="40%"');
    expect(html).toContain('5% of it changed');
    expect(html).not.toContain('style=');
    await expectValidHtml(html);
    // Seen from the variant, the photo it was edited from shows no outline: the region belongs to the edited picture.
    expect(await (await app.request(`/photos/${sha.smaller}`)).text()).not.toContain('image-region');
  });

  it('the article page shows lazy-loaded thumbnails with the caption as alt text', async () => {
    const html = await (await app.request(`/articles/${articleIds[0]}`)).text();
    expect(html).toMatch(new RegExp(`<img src="/images/${sha.photo}/thumb" alt="Workers at the farm" loading="lazy"`));
    expect(html).toContain(`<img src="/images/${sha.other}/thumb" alt="Photo 2 (no caption)" loading="lazy"`);
    await expectValidHtml(html);
  });
});
