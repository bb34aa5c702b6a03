import { createHash } from 'node:crypto';
import { compareImages } from '../images/compare.js';
import { analyzeImage } from '../images/analyze.js';
import { sniffRasterType } from '../images/sniff.js';
import { IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS } from '../crawl/image-capture.js';
import { classifySlots, type CompareImages } from '../crawl/image-changes.js';
import type { PageImage } from '../crawl/page-images.js';
import { imagesOf, slotsKey, type ImageSlot, type ImageStore } from '../store/images.js';
import type { Store } from '../store/store.js';

export interface WarcImageSummary {
  /** Image records read (image/* responses and resources, or bytes that are a raster image). */
  records: number;
  /** Images stored that the archive did not hold before. */
  added: number;
  /** Images the archive already held. */
  known: number;
  /** Image records refused (not a raster image, damaged, a decompression bomb, too large). */
  refused: number;
  /** Image versions recorded for articles whose page in the WARC shows images the WARC holds. */
  linked: number;
  /** Events of those versions (an image edited, replaced, removed or added since the article's previous version). */
  events: number;
}

/** A capture of one image address in the WARC: what it held, or why it was refused. */
interface ImageCapture {
  at: number;
  sha256: string | null;
  problem: string | null;
}

/** A page read into an article, with the images it shows, waiting for the end of the file. */
interface PageLink {
  articleId: number;
  sourceId: number;
  at: string;
  found: PageImage[];
}

const HTML = /^(text\/html|application\/xhtml\+xml)/i;

/** Whether a record's payload is to be read as an image: an image/* type, or raster bytes under any type but HTML. */
export function isImageRecord(contentType: string | null, head: Uint8Array | null): boolean {
  if (/^image\//i.test(contentType ?? '')) return true;
  return !HTML.test(contentType ?? '') && head !== null && sniffRasterType(head) !== null;
}

/**
 * The images of a WARC: each image record measured, hashed and stored as the crawler stores what it
 * fetches (the same limits; refused ones named), and, once the whole file is read, each page read into an
 * article given an image version from the images the WARC holds for it: the capture of each address
 * nearest the page's in time. Pages usually come before their images in a crawl's WARC, hence the wait.
 * Images the page shows that the WARC lacks are left out of the version (nothing is known of them). A
 * page read no later than the article's latest image version adds none (importing a WARC again adds nothing).
 */
export class WarcImages {
  readonly summary: WarcImageSummary = { records: 0, added: 0, known: 0, refused: 0, linked: 0, events: 0 };
  private readonly images: ImageStore;
  private readonly captures = new Map<string, ImageCapture[]>();
  private readonly pages: PageLink[] = [];

  constructor(
    store: Store,
    private readonly compare: CompareImages = compareImages,
  ) {
    this.images = imagesOf(store);
  }

  /** A record too large to read: refused from its declared length. Returns the refusal. */
  refuseTooLarge(url: string, date: string, length: number): string {
    return this.refused(url, date, `too large: ${length} bytes over the ${IMAGE_MAX_BYTES} byte limit`);
  }

  /** Stores one image record's bytes; returns the refusal, or null when stored (or already held). */
  async take(url: string, date: string, status: number | null, bytes: Uint8Array): Promise<string | null> {
    if (status !== null && (status < 200 || status > 299)) return `HTTP ${status}`;
    // An image the archive holds (the same WARC again, a photo repeated in it) is not decoded again.
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (await this.images.image(sha256)) {
      this.summary.records++;
      this.summary.known++;
      this.note(url, { at: Date.parse(date), sha256, problem: null });
      return null;
    }
    const analyzed = await analyzeImage(bytes, { maxBytes: IMAGE_MAX_BYTES, maxPixels: IMAGE_MAX_PIXELS });
    if (!analyzed.ok) return this.refused(url, date, analyzed.reason);
    this.summary.records++;
    if (await this.images.putImage(analyzed.facts, bytes, analyzed.thumbnail, date)) this.summary.added++;
    else this.summary.known++;
    this.note(url, { at: Date.parse(date), sha256: analyzed.facts.sha256, problem: null });
    return null;
  }

  /** A page read into an article (not folded into another), with the images it shows. */
  notePage(articleId: number, sourceId: number, at: string, found: PageImage[]): void {
    if (found.length) this.pages.push({ articleId, sourceId, at, found });
  }

  /** Records the image versions of the pages noted, in file order (an article's versions in order). */
  async link(): Promise<void> {
    for (const page of this.pages) {
      const slots: ImageSlot[] = [];
      for (const img of page.found) {
        const c = this.nearest(img.srcUrl, Date.parse(page.at));
        if (c) slots.push({ slot: img.slot, srcUrl: img.srcUrl, caption: img.caption, sha256: c.sha256, problem: c.problem });
      }
      if (slots.length === 0) continue;
      const previous = await this.images.latestSet(page.articleId);
      // A read no later than the article's latest image version was recorded already (the same WARC
      // imported again) or comes before the history the archive holds, which an import does not rewrite.
      if (previous && (Date.parse(previous.seenAt) >= Date.parse(page.at) || slotsKey(previous.slots) === slotsKey(slots))) continue;
      const classified = previous ? await classifySlots(previous.slots, slots, (sha) => this.images.imageData(sha, 'image'), this.compare) : { slots, events: [] };
      await this.images.recordSet(page.articleId, page.sourceId, page.at, classified.slots, classified.events);
      this.summary.linked++;
      this.summary.events += classified.events.length;
    }
  }

  private refused(url: string, date: string, reason: string): string {
    this.summary.records++;
    this.summary.refused++;
    this.note(url, { at: Date.parse(date), sha256: null, problem: reason });
    return `image refused: ${reason}`;
  }

  private note(url: string, c: ImageCapture): void {
    const list = this.captures.get(url);
    if (list) list.push(c);
    else this.captures.set(url, [c]);
  }

  private nearest(url: string, at: number): ImageCapture | null {
    let best: ImageCapture | null = null;
    for (const c of this.captures.get(url) ?? []) if (!best || Math.abs(c.at - at) < Math.abs(best.at - at)) best = c;
    return best;
  }
}
