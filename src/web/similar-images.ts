import { PhashIndex } from '../images/phash-index.js';
import { imagesOf, type ImageStore } from '../store/images.js';
import type { Store } from '../store/store.js';

/** Near-duplicates of one image: the archive's other images within `maxDistance` bits of its perceptual hash. */
export interface SimilarImage {
  sha256: string;
  distance: number;
}

/** Rows read per query while the index catches up with images stored since (by this or another process). */
const CATCH_UP_BATCH = 50_000;

/**
 * The archive's perceptual hashes in memory (a PhashIndex): built from the store on first use, then
 * caught up with every image stored since, before each lookup (one indexed read of the rows after the
 * last id held), so images added by the crawler or an import in another process are found too.
 */
export class SimilarImages {
  private readonly index = new PhashIndex();
  private lastId = 0;
  private catchingUp: Promise<void> | null = null;

  constructor(private readonly images: ImageStore) {}

  private async catchUp(): Promise<void> {
    for (;;) {
      const rows = await this.images.phashesAfter(this.lastId, CATCH_UP_BATCH);
      for (const r of rows) this.index.add(r.id, r.phash);
      if (rows.length) this.lastId = rows.at(-1)!.id;
      if (rows.length < CATCH_UP_BATCH) return;
    }
  }

  private async fresh(): Promise<void> {
    // Concurrent requests share one catch-up.
    this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = null));
    await this.catchingUp;
  }

  /** Images like `phash` (the image `self` itself left out), nearest first, at most `limit`. */
  async similar(phash: string, maxDistance: number, limit: number, self?: string): Promise<SimilarImage[]> {
    await this.fresh();
    const hits = this.index.search(phash, maxDistance).sort((a, b) => a.distance - b.distance || a.id - b.id);
    const shas = await this.images.shasOf(hits.slice(0, limit + 1).map((h) => h.id));
    return hits
      .slice(0, limit + 1)
      .map((h) => ({ sha256: shas.get(h.id) ?? '', distance: h.distance }))
      .filter((h) => h.sha256 && h.sha256 !== self)
      .slice(0, limit);
  }

  get size(): number {
    return this.index.size;
  }
}

const byStore = new WeakMap<object, SimilarImages>();

export function similarImagesOf(store: Store): SimilarImages {
  let s = byStore.get(store);
  if (!s) byStore.set(store, (s = new SimilarImages(imagesOf(store))));
  return s;
}
