import { decodeBody } from '../fetch/charset.js';
import type { FetchResult, FetchSuccess } from '../fetch/fetcher.js';
import type { SourceDef } from '../sources/schema.js';
import { imagesOf } from '../store/images.js';
import type { Store } from '../store/store.js';
import { captureArticleImages, type ImageCaptureResult } from './image-capture.js';
import { pageImages } from './page-images.js';

/**
 * The crawler's image step for one read of an article page: finds the page's images by the source's
 * adapter, then fetches, keeps and compares them. A page answered "not modified" is read from the raw
 * page kept at its last capture (`storedRaw`). Never throws: whatever goes wrong is one log line.
 */
export async function articleImages(
  deps: { store: Store; fetch: (url: string, validators?: { etag: string | null; lastModified: string | null }) => Promise<FetchResult>; log: (line: string) => void },
  read: { def: SourceDef; sourceId: number; articleId: number; page: FetchSuccess; at: string; storedRaw?: string | null },
): Promise<ImageCaptureResult | null> {
  const { def, page } = read;
  try {
    let html = page.notModified ? '' : page.text;
    if (page.notModified && read.storedRaw) {
      const raw = await deps.store.crawl.getBlob(read.storedRaw);
      if (raw) html = decodeBody(raw, page.headers['content-type']).text;
    }
    if (!html) return null;
    const found = pageImages(def, html, page.finalUrl);
    return await captureArticleImages({ images: imagesOf(deps.store), fetch: deps.fetch, log: deps.log }, { slug: def.slug, articleId: read.articleId, sourceId: read.sourceId, at: read.at }, found);
  } catch (e) {
    deps.log(`${def.slug}: images of article ${read.articleId} not captured: ${(e as Error).message}`);
    return null;
  }
}
