import { createHash } from 'node:crypto';
import { normalizeArticle } from '../normalize/article.js';
import type { CaptureInput, CrawlUrlRow } from '../store/crawl-store.js';
import type { Store } from '../store/store.js';

/** Test data for WARC and WACZ: a crawled article edited once (both raw bodies kept) and an imported one. */
export const FIXTURE_URL_CRAWLED = 'https://outlet.example/news/1?a=1&b=2';
export const FIXTURE_URL_IMPORTED = 'https://outlet.example/news/2';
export const FIXTURE_BYTES = [
  Buffer.from('<html><head><title>Harvest</title></head><body><h1>Harvest</h1><p>The delegation praised the harvest.</p></body></html>'),
  Buffer.from('<html><head><title>Harvest</title></head><body><h1>Harvest</h1><p>The delegation criticized the harvest. 수확</p></body></html>'),
];
const HEADERS = { 'content-type': 'text/html; charset=utf-8', server: 'outlet', date: 'Wed, 01 May 2024 01:00:00 GMT' };
export const sha256Hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export function fixtureArticle(url: string, body: string[]) {
  const r = normalizeArticle({ url, title: 'Harvest', body, pageDate: '2024-05-01', lang: 'en', decoded: true });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
}

export async function buildWarcFixture(store: Store): Promise<{ crawledId: number; importedId: number }> {
  const sourceId = await store.ensureSource({ slug: 'outlet', name: 'Outlet', lang: 'en' });
  const c = store.crawl;
  const url = FIXTURE_URL_CRAWLED;
  const capture = (at: string, contentHash: string, raw: Buffer): CaptureInput => ({
    takenAt: at, url, httpStatus: 200, headers: HEADERS, rawSha256: sha256Hex(raw), contentHash, extractor: 'selectors', errorKind: null,
  });
  await c.enqueue(sourceId, [{ url, fetchUrl: url, mode: 'page', listingDate: '2024-05-01', hint: null }], '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z');
  const [row] = await c.queuedUrls(sourceId, '2024-05-01T00:00:00Z', 1);
  const v = { etag: null, lastModified: null, rawSha256: null };
  const first = fixtureArticle(url, ['The delegation praised the harvest.']);
  await c.putBlob(sha256Hex(FIXTURE_BYTES[0]), FIXTURE_BYTES[0], '2024-05-01T01:00:00Z');
  await c.storeNew(row, { sourceId, article: first, seenAt: '2024-05-01T01:00:00Z', origin: 'crawl', httpStatus: 200, extractor: 'selectors', rawSha256: sha256Hex(FIXTURE_BYTES[0]) }, capture('2024-05-01T01:00:00Z', first.contentHash, FIXTURE_BYTES[0]), v, '2024-05-02T00:00:00Z');
  const due = async (): Promise<CrawlUrlRow> => (await c.dueRechecks(sourceId, '2030-01-01T00:00:00Z', 1, true))[0];
  const edited = fixtureArticle(url, ['The delegation criticized the harvest. 수확']);
  await c.putBlob(sha256Hex(FIXTURE_BYTES[1]), FIXTURE_BYTES[1], '2024-05-03T02:00:00Z');
  const outcome = await c.storeRecheck(await due(), edited, capture('2024-05-03T02:00:00Z', edited.contentHash, FIXTURE_BYTES[1]), v, () => ({ step: 0, at: '2024-06-01T00:00:00Z' }));
  if (outcome !== 'edited') throw new Error(`fixture: recheck gave ${outcome}`);
  const crawledId = (await store.findArticleIdByUrl(url))!;
  const [{ id: importedId }] = await store.ingestBatch([
    { sourceId, article: fixtureArticle(FIXTURE_URL_IMPORTED, ['Imported paragraph one.', 'Imported paragraph two.']), seenAt: '2024-04-01T00:00:00Z', origin: 'import' },
  ]);
  return { crawledId, importedId };
}
