import sharp from 'sharp';
import { analyzeImage } from '../images/analyze.js';
import { makeScene, type Scene } from '../images/testing/scenes.js';
import { pageImages } from '../crawl/page-images.js';
import { imagesOf } from '../store/images.js';
import type { CaptureInput, CrawlUrlRow } from '../store/crawl-store.js';
import type { Store } from '../store/store.js';
import { fixtureArticle, sha256Hex } from './warc-fixture.js';

/** Test data for photos in WARC and WACZ exports: a crawled article whose group photo was doctored between its two versions. */
export const PHOTO_ARTICLE_URL = 'https://outlet.example/news/photos';
export const PHOTO_URL = 'https://outlet.example/img/group.jpg';
export const LANDSCAPE_URL = 'https://outlet.example/img/farm.jpg';

const page = (text: string) =>
  Buffer.from(`<!doctype html><html><head><title>Harvest</title><meta property="og:image" content="/img/farm.jpg"></head><body><main><article>
  <h1>Harvest</h1><p>${text}</p>
  <figure><img src="/img/group.jpg" alt="group"><figcaption>The delegation with officials</figcaption></figure>
  </article></main></body></html>`);

const jpeg = (scene: Scene, omit: number[] = []) =>
  sharp(Buffer.from(scene.draw(omit)), { raw: { width: scene.width, height: scene.height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();

export interface PhotoFixture {
  articleId: number;
  /** An imported article showing the landscape photo too (the file holds it once). */
  sharingId: number;
  original: string;
  edited: string;
  landscape: string;
}

/** Stores the article's two crawled versions (raw pages kept) and its two image versions, captured with them. */
export async function buildPhotoFixture(store: Store): Promise<PhotoFixture> {
  const sourceId = await store.ensureSource({ slug: 'outlet', name: 'Outlet', lang: 'en' });
  const c = store.crawl;
  const images = imagesOf(store);
  const url = PHOTO_ARTICLE_URL;
  const put = async (bytes: Buffer, at: string) => {
    const r = await analyzeImage(bytes);
    if (!r.ok) throw new Error(r.reason);
    await images.putImage(r.facts, bytes, r.thumbnail, at);
    return r.facts.sha256;
  };
  const scene = makeScene(31);
  const times = ['2024-05-01T01:00:00.000Z', '2024-05-03T02:00:00.000Z'];
  const shas = { original: await put(await jpeg(scene), times[0]), edited: await put(await jpeg(scene, [1]), times[1]), landscape: await put(await jpeg(makeScene(32)), times[0]) };
  const texts = ['The delegation praised the harvest.', 'The delegation criticized the harvest.'];
  const raws = texts.map(page);
  const capture = (at: string, contentHash: string, raw: Buffer): CaptureInput => ({
    takenAt: at, url, httpStatus: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, rawSha256: sha256Hex(raw), contentHash, extractor: 'selectors', errorKind: null,
  });
  const slotsAt = (i: number) =>
    pageImages(null, raws[i].toString('utf8'), url).map((img) => ({ ...img, sha256: img.srcUrl === PHOTO_URL ? [shas.original, shas.edited][i] : shas.landscape, problem: null }));
  await c.enqueue(sourceId, [{ url, fetchUrl: url, mode: 'page', listingDate: '2024-05-01', hint: null }], '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z');
  const [row] = await c.queuedUrls(sourceId, '2024-05-01T00:00:00Z', 1);
  const v = { etag: null, lastModified: null, rawSha256: null };
  const first = fixtureArticle(url, [texts[0]]);
  await c.putBlob(sha256Hex(raws[0]), raws[0], times[0]);
  await c.storeNew(row, { sourceId, article: first, seenAt: times[0], origin: 'crawl', httpStatus: 200, extractor: 'selectors', rawSha256: sha256Hex(raws[0]) }, capture(times[0], first.contentHash, raws[0]), v, '2024-05-02T00:00:00Z');
  const articleId = (await store.findArticleIdByUrl(url))!;
  await images.recordSet(articleId, sourceId, times[0], slotsAt(0), []);
  const due = async (): Promise<CrawlUrlRow> => (await c.dueRechecks(sourceId, '2030-01-01T00:00:00Z', 1, true))[0];
  const edited = fixtureArticle(url, [texts[1]]);
  await c.putBlob(sha256Hex(raws[1]), raws[1], times[1]);
  const outcome = await c.storeRecheck(await due(), edited, capture(times[1], edited.contentHash, raws[1]), v, () => ({ step: 0, at: '2024-06-01T00:00:00Z' }));
  if (outcome !== 'edited') throw new Error(`photo fixture: recheck gave ${outcome}`);
  await images.recordSet(articleId, sourceId, times[1], slotsAt(1), []);
  const [{ id: sharingId }] = await store.ingestBatch([
    { sourceId, article: fixtureArticle('https://outlet.example/news/farm', ['The farm photo again, in another article.']), seenAt: '2024-05-02T00:00:00Z', origin: 'import' },
  ]);
  await images.recordSet(sharingId, sourceId, '2024-05-02T00:00:00.000Z', [{ slot: 'og:image', srcUrl: LANDSCAPE_URL, caption: null, sha256: shas.landscape, problem: null }], []);
  return { articleId, sharingId, ...shas };
}
