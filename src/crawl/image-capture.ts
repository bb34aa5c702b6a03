import { analyzeImage } from '../images/analyze.js';
import { compareImages } from '../images/compare.js';
import type { FetchResult } from '../fetch/fetcher.js';
import { slotsKey, type ImageSlot, type ImageStore } from '../store/images.js';
import { classifySlots, type CompareImages } from './image-changes.js';
import type { PageImage } from './page-images.js';

/** Largest image body fetched (the fetcher stops reading past it) and decoded. */
export const IMAGE_MAX_BYTES = 15 * 1024 * 1024;
/** Largest width × height decoded: a bigger image is a decompression bomb for an archive's purposes. */
export const IMAGE_MAX_PIXELS = 40_000_000;

/** Fetch failures that say the image is not to be had (as opposed to a host that is down for a while). */
const FINAL_FAILURES = new Set(['ssrf', 'robots', 'bad-url', 'too-large', 'redirect-loop', 'too-many-redirects']);

export interface ImageCaptureDeps {
  images: ImageStore;
  /** Fetches one image through the crawler's polite fetcher (conditionally, given the last validators). */
  fetch: (url: string, validators?: { etag: string | null; lastModified: string | null }) => Promise<FetchResult>;
  log: (line: string) => void;
  compare?: CompareImages;
}

export interface ImageCaptureResult {
  /** A new image version was recorded. */
  recorded: boolean;
  events: number;
  refused: number;
}

/**
 * Fetches, analyzes and stores the images of one read of an article page, and records a new image
 * version (with its `image-*` events) when the slots differ from the article's latest one. A refused
 * image gives one log line and a slot without an image; an image the host could not serve this time
 * keeps the one last captured for the same slot and address.
 */
export async function captureArticleImages(
  deps: ImageCaptureDeps,
  where: { slug: string; articleId: number; sourceId: number; at: string },
  found: PageImage[],
): Promise<ImageCaptureResult> {
  const previous = await deps.images.latestSet(where.articleId);
  const earlier = new Map((previous?.slots ?? []).map((s) => [`${s.slot} ${s.srcUrl}`, s]));
  const earlierByUrl = new Map((previous?.slots ?? []).filter((s) => s.sha256).map((s) => [s.srcUrl, s]));
  type Loaded = { sha256: string | null; problem: string | null; etag?: string | null; lastModified?: string | null };
  const byUrl = new Map<string, Promise<Loaded>>();
  let refused = 0;
  const refuse = (url: string, reason: string) => {
    refused++;
    deps.log(`${where.slug}: image refused: ${url}: ${reason}`);
    return { sha256: null, problem: reason };
  };
  const load = async (img: PageImage): Promise<Loaded> => {
    // The image last captured from this address: asked for only if it changed since.
    // (A file refused for its bytes is not fetched again either while the host says it is unchanged.)
    const kept = earlier.get(`${img.slot} ${img.srcUrl}`) ?? earlierByUrl.get(img.srcUrl);
    const validators = kept && (kept.etag || kept.lastModified) ? { etag: kept.etag ?? null, lastModified: kept.lastModified ?? null } : undefined;
    const res = await deps.fetch(img.srcUrl, validators);
    if (res.ok && res.notModified && kept) return { sha256: kept.sha256, problem: kept.problem, etag: kept.etag, lastModified: kept.lastModified };
    if (!res.ok) {
      const gone = res.kind === 'http' && (res.status === 404 || res.status === 410);
      if (!gone && !FINAL_FAILURES.has(res.kind) && kept?.sha256) return { sha256: kept.sha256, problem: null };
      return refuse(img.srcUrl, `${res.kind}: ${res.message}`);
    }
    const analyzed = await analyzeImage(res.body, { maxBytes: IMAGE_MAX_BYTES, maxPixels: IMAGE_MAX_PIXELS });
    if (!analyzed.ok) return { ...refuse(img.srcUrl, analyzed.reason), etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null };
    await deps.images.putImage(analyzed.facts, res.body, analyzed.thumbnail, where.at);
    return { sha256: analyzed.facts.sha256, problem: null, etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null };
  };
  const slots: ImageSlot[] = [];
  for (const img of found) {
    let got = byUrl.get(img.srcUrl);
    if (!got) {
      got = load(img).catch((e: unknown) => refuse(img.srcUrl, `capture failed: ${(e as Error).message}`));
      byUrl.set(img.srcUrl, got);
    }
    const { sha256, problem, etag, lastModified } = await got;
    slots.push({ slot: img.slot, srcUrl: img.srcUrl, caption: img.caption, sha256, problem, etag: etag ?? null, lastModified: lastModified ?? null });
  }
  if (previous ? slotsKey(previous.slots) === slotsKey(slots) : slots.length === 0) return { recorded: false, events: 0, refused };
  const bytesOf = async (sha: string) => deps.images.imageData(sha, 'image');
  const classified = previous ? await classifySlots(previous.slots, slots, bytesOf, deps.compare ?? compareImages) : { slots, events: [] };
  await deps.images.recordSet(where.articleId, where.sourceId, where.at, classified.slots, classified.events);
  for (const e of classified.events) deps.log(`${where.slug}: ${e.type}: ${String(e.detail.src ?? '')} (article ${where.articleId})`);
  return { recorded: true, events: classified.events.length, refused };
}
