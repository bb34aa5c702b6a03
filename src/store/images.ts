import { PostgresStore } from './postgres/pg-store.js';
import { pgImages } from './postgres/pg-images.js';
import { sqliteImages } from './sqlite-images.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** One distinct image as measured at capture (the facts `analyzeImage` gives). */
export interface ImageRecord {
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  format: string;
  /** 64-bit perceptual hash, 16 hex digits. */
  phash: string;
  /** The central windows' hashes (src/images/crop-probes.ts), when measured with the image. */
  cropPhashes?: string[];
}

export interface StoredImage extends ImageRecord {
  /** Grows with each new image: a perceptual-hash index catches up from the last id it holds. */
  id: number;
  firstSeen: string;
}

/** One image of an article version, in page order. */
export interface ImageSlot {
  /** Where on the page: `og:image`, `content:N` (Nth image of the article text), `gallery:N`. */
  slot: string;
  srcUrl: string;
  /** The outlet's caption, else the image's alt text. */
  caption: string | null;
  /** Null when the image could not be kept (`problem` says why). */
  sha256: string | null;
  problem: string | null;
  /** The validators the image was served with (for a conditional fetch next time). */
  etag?: string | null;
  lastModified?: string | null;
  /** How this slot's image differs from the one the article's previous image version held there. */
  change?: SlotChange | null;
}

/** Relative box (0..1) of the part of a picture that changed. */
export interface ImageRegion {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type SlotChange =
  | { kind: 'added' }
  | { kind: 'same'; from: string; note?: string }
  | { kind: 'edited'; from: string; region: ImageRegion; score: number }
  | { kind: 'replaced'; from: string };

/** An article's image version: the slots it held from `seenAt` on. */
export interface ImageSet {
  id: number;
  articleId: number;
  seenAt: string;
  slots: ImageSlot[];
}

/** Where an image appeared: the article, and the first time one of its image versions held it. */
export interface ImageAppearance {
  sha256: string;
  articleId: number;
  url: string;
  title: string;
  source: string;
  published: string;
  seenAt: string;
  slot: string;
  caption: string | null;
}

/** A photo brought in by `wirewatch import-images`. */
export interface ImageImport {
  source: string;
  name: string;
  importedAt: string;
}

export interface ImageEvent {
  type: 'image-edited' | 'image-replaced' | 'image-removed' | 'image-added';
  detail: Record<string, unknown>;
}

/** What the perceptual-hash index holds of an image. */
export interface IndexedPhash {
  id: number;
  sha256: string;
  phash: string;
  /** Its central-window hashes (crop-probes.ts); null when not computed yet. */
  cropPhashes: string[] | null;
}

/** Stored space-separated; '' for an image whose bytes do not decode. */
export const cropPhashesOf = (stored: string | null): string[] | null => (stored === null ? null : stored.split(' ').filter(Boolean));
/** The column's text for an image's central-window hashes: null when they were not measured with it. */
export const storedCropPhashes = (image: ImageRecord): string | null => (image.cropPhashes ? image.cropPhashes.join(' ') : null);

/** Captured images and articles' image versions; only the implementations touch SQL. */
export interface ImageStore {
  /** Stores an image unless its SHA-256 is already held; true when it was new. */
  putImage(image: ImageRecord, data: Uint8Array, thumbnail: Uint8Array, at: string): Promise<boolean>;
  image(sha256: string): Promise<StoredImage | null>;
  imageData(sha256: string, which: 'image' | 'thumbnail'): Promise<Buffer | null>;
  latestSet(articleId: number): Promise<ImageSet | null>;
  /** Every image version of an article, oldest first. */
  sets(articleId: number): Promise<ImageSet[]>;
  /** A new image version and its events, in one transaction. */
  recordSet(articleId: number, sourceId: number, seenAt: string, slots: ImageSlot[], events: ImageEvent[]): Promise<number>;
  /** Where each image appeared, oldest first per image. */
  appearances(sha256s: string[]): Promise<ImageAppearance[]>;
  /** Images with an id above `afterId`, by id (for the perceptual-hash index), at most `limit`. */
  phashesAfter(afterId: number, limit: number): Promise<IndexedPhash[]>;
  /** Keeps an image's central-window hashes (empty when its bytes do not decode), so the index computes them once. */
  setCropPhashes(id: number, phashes: string[]): Promise<void>;
  /** Notes that an image came from a source's photo collection under `name`; false when already noted. */
  recordImport(sha256: string, sourceId: number, name: string, at: string): Promise<boolean>;
  /** The collections an image was imported from. */
  imports(sha256: string): Promise<ImageImport[]>;
  /** The SHA-256 of images by id. */
  shasOf(ids: number[]): Promise<Map<number, string>>;
  /** The edits recorded from `fromSha256` to each of `sha256s` (an article's photo edited into it), the latest per image. */
  editsFrom(fromSha256: string, sha256s: string[]): Promise<Map<string, Extract<SlotChange, { kind: 'edited' }>>>;
}

/** Whether two slot lists hold the same images in the same places (a new image version starts when not). */
/** The edits among recorded slot changes (stored as JSON), the latest per image, from `from`. */
export function editsAmong(from: string, rows: { sha256: string; change: string }[]): Map<string, Extract<SlotChange, { kind: 'edited' }>> {
  const out = new Map<string, Extract<SlotChange, { kind: 'edited' }>>();
  for (const r of rows) {
    const change = JSON.parse(r.change) as SlotChange;
    if (change.kind === 'edited' && change.from === from) out.set(r.sha256, change);
  }
  return out;
}

export function slotsKey(slots: ImageSlot[]): string {
  return slots.map((s) => `${s.slot}=${s.sha256 ?? '-'}`).join(' ');
}

const opened = new WeakMap<object, ImageStore>();

/** The image store of an archive on either backend. */
export function imagesOf(store: Store): ImageStore {
  let images = opened.get(store);
  if (!images) {
    if (store instanceof SqliteStore) images = sqliteImages(store.raw);
    else if (store instanceof PostgresStore) images = pgImages(store);
    else throw new Error('images need a store on SQLite or PostgreSQL');
    opened.set(store, images);
  }
  return images;
}
