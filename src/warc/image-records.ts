import { WARCRecord } from 'warcio';
import { sniffRasterType, type ImageFormat } from '../images/sniff.js';
import { imagesOf } from '../store/images.js';
import type { Store } from '../store/store.js';
import { WARC_VERSION } from './article-records.js';

const MIME: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', tiff: 'image/tiff' };

/** Whether a record holds a photo (a page replay tools should not list). */
export const isImageResource = (r: WARCRecord): boolean => r.warcType === 'resource' && /^image\//i.test(r.warcContentType ?? '');

/**
 * The photos of an article's image versions, oldest version first: a resource record per stored image,
 * at the address the outlet served it from, dated when the article first held it, typed by its sniffed
 * format (the stored bytes, not what the outlet claimed). `written` holds the images a file has
 * already (shared by every article of one export): each image is written once per file. Stored bytes
 * that are not a raster image are left out, as they are never served.
 */
export async function* imageRecords(store: Store, articleId: number, written: Set<string>): AsyncGenerator<WARCRecord> {
  const images = imagesOf(store);
  for (const set of await images.sets(articleId)) {
    for (const slot of set.slots) {
      if (!slot.sha256 || written.has(slot.sha256) || !/^https?:\/\//i.test(slot.srcUrl)) continue;
      const bytes = await images.imageData(slot.sha256, 'image');
      const format = bytes && sniffRasterType(bytes);
      if (!bytes || !format) continue;
      written.add(slot.sha256);
      yield WARCRecord.create(
        { url: slot.srcUrl, date: set.seenAt, type: 'resource', warcVersion: WARC_VERSION, warcHeaders: { 'Content-Type': MIME[format] } },
        [new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)],
      );
    }
  }
}
