import { normalizeArticle } from '../../../normalize/article.js';
import type { CaptureInput, CrawlUrlRow } from '../../../store/crawl-store.js';
import type { Store } from '../../../store/store.js';

/** When each version of the three-version article was first seen (the mementos' datetimes). */
export const SEEN = ['2024-05-01T01:00:00Z', '2024-05-03T02:00:00Z', '2024-05-10T08:30:15Z'];

function capture(url: string, at: string, contentHash: string | null): CaptureInput {
  return { takenAt: at, url, httpStatus: 200, headers: null, rawSha256: null, contentHash, extractor: 'selectors', errorKind: null };
}

function article(url: string, body: string[]) {
  const r = normalizeArticle({ url, title: 'Delegation visits farm', body, pageDate: '2024-05-01', lang: 'en', decoded: true });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
}

/**
 * Crawls `url` as the crawler would: first read at SEEN[0], then, when `edits` is true, edited at SEEN[1]
 * and SEEN[2] (three versions); else one version. Returns the article id.
 */
export async function crawlVersions(store: Store, url: string, edits: boolean): Promise<number> {
  const sourceId = await store.ensureSource({ slug: 'test-outlet', name: 'Test Outlet', lang: 'en' });
  const c = store.crawl;
  await c.enqueue(sourceId, [{ url, fetchUrl: url, mode: 'page', listingDate: '2024-05-01', hint: null }], '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z');
  const row = (await c.queuedUrls(sourceId, '2024-05-01T00:00:00Z', 10)).find((r) => r.url === url)!;
  const v = { etag: null, lastModified: null, rawSha256: null };
  const first = article(url, [`The delegation praised the harvest at ${url}.`, 'A second paragraph.']);
  await c.storeNew(row, { sourceId, article: first, seenAt: SEEN[0], origin: 'crawl' }, capture(url, SEEN[0], first.contentHash), v, '2024-05-02T00:00:00Z');
  if (edits) {
    const due = async (): Promise<CrawlUrlRow> => (await c.dueRechecks(sourceId, '2030-01-01T00:00:00Z', 10, true)).find((r) => r.url === url)!;
    const next = () => ({ step: 0, at: '2024-06-01T00:00:00Z' });
    for (const [i, at] of SEEN.slice(1).entries()) {
      const edited = article(url, [`The delegation criticized the harvest at ${url}.`, 'A second paragraph.', `Edit ${i + 1}.`]);
      const outcome = await c.storeRecheck(await due(), edited, capture(url, at, edited.contentHash), v, next);
      if (outcome !== 'edited') throw new Error(`expected an edit, got ${outcome}`);
    }
  }
  return (await store.findArticleIdByUrl(url))!;
}
