// Classifying how an image changed between two captures: the same picture (identical, re-encoded,
// rescaled, cropped), the same picture with one part changed (edited, with the changed region's box), or
// a different picture (replaced). See docs/photos.md, "How changes are classified".
import { createHash } from 'node:crypto';
import { alignInside, type Alignment } from './align.js';
import { decodeRgb, shrinkTo, toGrey, type Raster } from './raster.js';
import { changeMap, type ChangeMap } from './change-map.js';
import { describeNonRaster, sniffRasterType } from './sniff.js';

/** A box relative (0..1) to the new image. */
export interface Region { x: number; y: number; w: number; h: number }

export type ImageChange =
  | { kind: 'same'; note?: 'identical' | 're-encoded' | 'rescaled' | 'cropped' }
  /** score: the share (0..1) of the new image's area whose pixels differ from the old one. */
  | { kind: 'edited'; region: Region; score: number }
  | { kind: 'replaced' };

/** Longest side the images are decoded at: enough to align to a fraction of a working pixel. */
const DECODE_SIDE = 640;
/** Longest side the pixel comparison runs at. */
export const WORK_SIDE = 256;
/** Below this NCC the first direction (new inside old) is not trusted and the other is tried too. */
const GOOD_FIT = 0.9;
/** An edit changes at most this share of the picture; beyond it the picture counts as replaced. */
const MAX_EDITED_SHARE = 0.3;
/** Share of the textured area outside the changed regions that must match for one picture (flat sky proves nothing). */
const MIN_TEXTURE_AGREEMENT = 0.75;

export interface Comparison {
  change: ImageChange;
  /** The details behind the verdict, for the difference overlay and for tuning. */
  map: ChangeMap | null;
  alignment: Alignment | null;
  /** True when the old image was found inside the new one rather than the other way round. */
  swapped: boolean;
}

export async function compareImages(oldBytes: Uint8Array, newBytes: Uint8Array): Promise<ImageChange> {
  return (await compareInDetail(oldBytes, newBytes)).change;
}

export async function compareInDetail(oldBytes: Uint8Array, newBytes: Uint8Array): Promise<Comparison> {
  if (sha256(oldBytes) === sha256(newBytes)) return { change: { kind: 'same', note: 'identical' }, map: null, alignment: null, swapped: false };
  const [oldImg, newImg] = await Promise.all([decodeForComparison(oldBytes, 'old'), decodeForComparison(newBytes, 'new')]);
  const oldGrey = toGrey(oldImg.rgb), newGrey = toGrey(newImg.rgb);

  // Usually the new picture is the old one or a crop of it; sometimes the old one was the crop.
  let alignment = alignInside(oldGrey, newGrey);
  let swapped = false;
  if (alignment.ncc < GOOD_FIT) {
    const reverse = alignInside(newGrey, oldGrey);
    if (reverse.ncc > alignment.ncc) { alignment = reverse; swapped = true; }
  }
  if (alignment.ncc <= -1) return { change: { kind: 'replaced' }, map: null, alignment: null, swapped: false };
  // The map is drawn on the smaller picture (the crop), with the bigger one's aligned window as reference.
  const [big, small] = swapped ? [newImg.rgb, oldImg.rgb] : [oldImg.rgb, newImg.rgb];
  // Compared at no more detail than the window has in the bigger picture, so neither side is enlarged.
  const windowSide = Math.max(alignment.window.w * big.width, alignment.window.h * big.height);
  const map = changeMap(big, shrinkTo(small, Math.min(WORK_SIDE, Math.round(windowSide))), alignment.window);
  return { change: classify(map, alignment, swapped, oldImg, newImg), map, alignment, swapped };
}

/** Decodes one side; bytes capture would have refused throw one clear line instead of a decoder's message. */
async function decodeForComparison(bytes: Uint8Array, side: 'old' | 'new') {
  const format = sniffRasterType(bytes);
  if (!format) throw new Error(`cannot compare images: the ${side} one is ${describeNonRaster(bytes)}`);
  try {
    return await decodeRgb(bytes, DECODE_SIDE);
  } catch {
    throw new Error(`cannot compare images: the ${side} one is a truncated or corrupt ${format}, or over the pixel limit`);
  }
}

function classify(map: ChangeMap, alignment: Alignment, swapped: boolean, oldImg: { width: number; height: number }, newImg: { width: number; height: number }): ImageChange {
  if (map.changedShare > MAX_EDITED_SHARE || (map.textureAgreement !== null && map.textureAgreement < MIN_TEXTURE_AGREEMENT)) return { kind: 'replaced' };
  if (!map.region) {
    const w = alignment.window;
    const whole = w.w > 0.98 && w.h > 0.98;
    if (!whole) return { kind: 'same', note: 'cropped' };
    return { kind: 'same', note: oldImg.width === newImg.width && oldImg.height === newImg.height ? 're-encoded' : 'rescaled' };
  }
  // The map is in the frame of the smaller picture; when that is the old one, place the box in the new.
  let region = map.region;
  if (swapped) {
    const w = alignment.window;
    region = { x: w.x + region.x * w.w, y: w.y + region.y * w.h, w: region.w * w.w, h: region.h * w.h };
  }
  const score = swapped ? map.changedShare * alignment.window.w * alignment.window.h : map.changedShare;
  return { kind: 'edited', region: roundRegion(region), score: Math.round(score * 1e4) / 1e4 };
}

const roundRegion = (r: Region): Region => ({ x: round4(r.x), y: round4(r.y), w: round4(r.w), h: round4(r.h) });
const round4 = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 1e4) / 1e4;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export type { Raster };

export { differenceOverlay } from './overlay.js';
