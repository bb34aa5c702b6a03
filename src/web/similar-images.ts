import { cropProbeHashes } from '../images/analyze.js';
import { PROBE_WINDOWS } from '../images/crop-probes.js';
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
/** Index entries per image: its whole-picture hash, then one per central window (crop-probes.ts). */
const ENTRIES = PROBE_WINDOWS.length + 1;

const entryOf = (imageId: number, k: number) => imageId * ENTRIES + k;
const imageOfEntry = (entry: number) => Math.floor(entry / ENTRIES);
const isWhole = (entry: number) => entry % ENTRIES === 0;

/**
 * The archive's perceptual hashes in memory (a PhashIndex): built from the store on first use, then
 * caught up with every image stored since, before each lookup (one indexed read of the rows after the
 * last id held), so images added by the crawler or an import in another process are found too.
 *
 * Crops both ways: each stored image is indexed by its whole-picture hash and by the hashes of its
 * central windows (measured at capture and kept in the images table; computed from the stored bytes for
 * images kept before that), so a lookup with a whole-picture hash finds
 * the stored pictures it is a tighter crop of; and a lookup also searches with the query image's own
 * window hashes against stored whole-picture hashes, finding stored tighter crops of it.
 */
export class SimilarImages {
  private readonly index = new PhashIndex();
  private lastId = 0;
  private catchingUp: Promise<void> | null = null;

  constructor(private readonly images: ImageStore) {}

  private async probesOf(sha256: string): Promise<string[]> {
    const bytes = await this.images.imageData(sha256, 'image');
    // A stored file that no longer decodes is still found by its whole-picture hash.
    return bytes ? cropProbeHashes(bytes).catch(() => []) : [];
  }

  /** A stored image's window hashes as kept by the catch-up (computed when not kept). */
  private async keptProbesOf(sha256: string): Promise<string[]> {
    const image = await this.images.image(sha256);
    const [row] = image ? await this.images.phashesAfter(image.id - 1, 1) : [];
    return row?.id === image?.id && row?.cropPhashes ? row.cropPhashes : this.probesOf(sha256);
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const rows = await this.images.phashesAfter(this.lastId, CATCH_UP_BATCH);
      for (const r of rows) {
        this.index.add(entryOf(r.id, 0), r.phash);
        let probes = r.cropPhashes;
        if (probes === null) {
          // Computed once per image (about 15 ms each) and kept, so a restart reads them.
          probes = await this.probesOf(r.sha256);
          await this.images.setCropPhashes(r.id, probes);
        }
        probes.forEach((p, k) => this.index.add(entryOf(r.id, k + 1), p));
        this.lastId = r.id;
      }
      if (rows.length < CATCH_UP_BATCH) return;
    }
  }

  private async fresh(): Promise<void> {
    // Concurrent requests share one catch-up.
    this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = null));
    await this.catchingUp;
  }

  /**
   * Images like `phash` (the image `self` itself left out), nearest first, at most `limit`; the distance
   * is the best over the whole picture and its windows. With `self`, its stored bytes' windows are
   * searched too (finding stored tighter crops of it).
   */
  async similar(phash: string, maxDistance: number, limit: number, self?: string): Promise<SimilarImage[]> {
    await this.fresh();
    const best = new Map<number, number>();
    const note = (entry: number, distance: number) => {
      const id = imageOfEntry(entry);
      if (distance < (best.get(id) ?? Infinity)) best.set(id, distance);
    };
    for (const h of this.index.search(phash, maxDistance)) note(h.id, h.distance);
    for (const probe of self ? await this.keptProbesOf(self) : [])
      for (const h of this.index.search(probe, maxDistance)) if (isWhole(h.id)) note(h.id, h.distance);
    const hits = [...best].map(([id, distance]) => ({ id, distance })).sort((a, b) => a.distance - b.distance || a.id - b.id).slice(0, limit + 1);
    const shas = await this.images.shasOf(hits.map((h) => h.id));
    return hits
      .map((h) => ({ sha256: shas.get(h.id) ?? '', distance: h.distance }))
      .filter((h) => h.sha256 && h.sha256 !== self)
      .slice(0, limit);
  }

  /** Images held (each indexed with its window hashes too). */
  get size(): number {
    return Math.ceil(this.index.size / ENTRIES);
  }
}

const byStore = new WeakMap<object, SimilarImages>();

export function similarImagesOf(store: Store): SimilarImages {
  let s = byStore.get(store);
  if (!s) byStore.set(store, (s = new SimilarImages(imagesOf(store))));
  return s;
}
