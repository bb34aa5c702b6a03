import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeImage, cropProbeHashes, hammingDistance } from '../images/analyze.js';
import { makeScene, type Scene } from '../images/testing/scenes.js';
import { imagesOf } from '../store/images.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { testBackends } from '../testing/backends.js';
import { fixtureArticle } from '../warc/warc-fixture.js';
import { createApp } from './app.js';
import { SimilarImages } from './similar-images.js';

const raw = (scene: Scene) => sharp(Buffer.from(scene.draw()), { raw: { width: scene.width, height: scene.height, channels: 3 } });
const whole = (scene: Scene) => raw(scene).jpeg({ quality: 88 }).toBuffer();
/** The central 75 % of each side. */
function crop75(scene: Scene): Promise<Buffer> {
  const width = Math.round(scene.width * 0.75), height = Math.round(scene.height * 0.75);
  return raw(scene).extract({ left: Math.round((scene.width - width) / 2), top: Math.round((scene.height - height) / 2), width, height }).jpeg({ quality: 88 }).toBuffer();
}

interface Similar { sha256: string; items: { sha256: string; distance: number; articles: { id: number; url: string; source: string; published: string }[] }[] }

describe.each(testBackends())('similar images: crops both ways ($name)', (backend) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const sha = { photo: '', crop: '', other: '' };
  const phash = { photo: '', crop: '' };
  let articleId: number;

  beforeAll(async () => {
    store = await openStore(await backend.location());
    const sourceId = await store.ensureSource({ slug: 'outlet', name: 'Outlet', lang: 'en' });
    [{ id: articleId }] = await store.ingestBatch([{ sourceId, article: fixtureArticle('https://outlet.example/news/9', ['The delegation praised the harvest.']), seenAt: '2024-05-01T00:00:00Z', origin: 'import' }]);
    const images = imagesOf(store);
    const put = async (bytes: Buffer) => {
      const r = await analyzeImage(bytes);
      if (!r.ok) throw new Error(r.reason);
      await images.putImage(r.facts, bytes, r.thumbnail, '2024-05-04T00:00:00.000Z');
      return r.facts;
    };
    const scene = makeScene(11);
    ({ sha256: sha.photo, phash: phash.photo } = await put(await whole(scene)));
    ({ sha256: sha.crop, phash: phash.crop } = await put(await crop75(scene)));
    sha.other = (await put(await whole(makeScene(12)))).sha256;
    await images.recordSet(articleId, sourceId, '2024-05-04T00:00:00.000Z', [{ slot: 'og:image', srcUrl: 'https://outlet.example/crop.jpg', caption: null, sha256: sha.crop, problem: null }], []);
    app = createApp(store);
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  const lookup = async (sha256: string) => (await (await app.request(`/api/images/similar?sha256=${sha256}`)).json()) as Similar;

  it('stores the window hashes measured at capture, so no lookup has to decode an image for them', async () => {
    const rows = await imagesOf(store).phashesAfter(0, 10);
    expect(rows.map((r) => r.cropPhashes?.length)).toEqual([3, 3, 3]);
    expect(rows.find((r) => r.sha256 === sha.photo)?.cropPhashes).toEqual(await cropProbeHashes(await whole(makeScene(11))));
  });

  it('uses a crop the whole-picture hash alone does not reach', () => {
    expect(hammingDistance(phash.photo, phash.crop)).toBeGreaterThan(10);
  });

  it('finds a stored tighter crop of the picture looked up, with the articles it appeared in', async () => {
    const body = await lookup(sha.photo);
    expect(body.items.map((i) => i.sha256)).toEqual([sha.crop]);
    expect(body.items[0].distance).toBeLessThanOrEqual(10);
    expect(body.items[0].articles).toEqual([{ id: articleId, url: 'https://outlet.example/news/9', source: 'outlet', published: expect.any(String) }]);
    expect(Object.keys(body.items[0]).sort()).toEqual(['articles', 'distance', 'sha256']);
  });

  it('finds the stored whole picture that the image looked up is a tighter crop of', async () => {
    const body = await lookup(sha.crop);
    expect(body.items.map((i) => i.sha256)).toEqual([sha.photo]);
    expect(body.items[0].distance).toBeLessThanOrEqual(10);
    expect(body.items[0].articles).toEqual([]);
  });

  it('keeps each image\'s window hashes, so an index built again reads them instead of decoding the images', async () => {
    const rows = await imagesOf(store).phashesAfter(0, 10);
    expect(rows.map((r) => r.cropPhashes?.length)).toEqual([3, 3, 3]);
    const again = new SimilarImages(imagesOf(store));
    expect((await again.similar(phash.crop, 10, 10, sha.crop)).map((s) => s.sha256)).toEqual([sha.photo]);
  });

  it('an unrelated picture finds neither', async () => {
    expect((await lookup(sha.other)).items).toEqual([]);
  });
});
