// What Wirewatch learns from a captured image: its digest, size, format and perceptual hash, plus a
// thumbnail — or one line saying why the bytes were refused. Hostile input (markup posing as an image,
// decompression bombs, truncated files, huge bodies) is refused before or while decoding, never thrown.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { cropProbesOfRaw } from './crop-probes.js';
import { PHASH_SIDE, phashOfGrey32 } from './phash.js';
import { describeNonRaster, sniffRasterType, type ImageFormat } from './sniff.js';

export { sniffRasterType, type ImageFormat } from './sniff.js';
export { hammingDistance } from './phash.js';

export interface ImageFacts {
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  format: ImageFormat;
  /** 64-bit DCT perceptual hash as 16 lowercase hex characters. */
  phash: string;
  /** The same hash of the picture's central windows (crop-probes.ts), for finding tighter crops of it. */
  cropPhashes: string[];
}

export interface ImageLimits {
  /** Largest body accepted; default 20 MiB. */
  maxBytes?: number;
  /** Largest width × height decoded; default 50 M pixels. */
  maxPixels?: number;
}

export type AnalyzeResult =
  | { ok: true; facts: ImageFacts; thumbnail: Uint8Array /* JPEG, longest side 320 px */ }
  | { ok: false; reason: string };

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_PIXELS = 50_000_000;
export const THUMBNAIL_SIDE = 320;
/** A decode that takes longer than this is abandoned (libvips checks it between tiles). */
const DECODE_TIMEOUT_SECONDS = 20;

/** sharp's format name for each raster type (AVIF is decoded by libheif). */
const SHARP_FORMAT: Record<ImageFormat, string> = { jpeg: 'jpeg', png: 'png', gif: 'gif', webp: 'webp', avif: 'heif', tiff: 'tiff' };

export async function analyzeImage(bytes: Uint8Array, limits: ImageLimits = {}): Promise<AnalyzeResult> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (bytes.length > maxBytes) return refuse(`too large: ${formatBytes(bytes.length)} over the ${formatBytes(maxBytes)} limit`);
  const format = sniffRasterType(bytes);
  if (!format) return refuse(describeNonRaster(bytes));

  const header = await readHeader(bytes, format);
  if ('reason' in header) return refuse(header.reason);
  const { width, height } = header;
  if (width * height > maxPixels)
    return refuse(`decompression bomb: ${width}×${height} px over the ${formatPixels(maxPixels)} px limit`);

  let decoded: { pixels: Buffer; width: number; height: number };
  try {
    decoded = await decodeForThumbnail(bytes, maxPixels);
  } catch (err) {
    return refuse(decodeFailure(format, err));
  }
  const [phash, cropPhashes, thumbnail] = await Promise.all([phashOfRaw(decoded), cropProbesOfRaw(decoded), thumbnailOfRaw(decoded)]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { ok: true, facts: { sha256, bytes: bytes.length, width, height, format, phash, cropPhashes }, thumbnail };
}

/** Options every decode of untrusted bytes uses: bounded pixels, strict about damage, one frame. */
export function safeInput(maxPixels = DEFAULT_MAX_PIXELS): sharp.SharpOptions {
  return { limitInputPixels: maxPixels, failOn: 'truncated', sequentialRead: true, pages: 1 };
}

/** Width and height as shown (EXIF orientation applied), from the header alone — nothing decoded yet. */
async function readHeader(bytes: Uint8Array, format: ImageFormat): Promise<{ width: number; height: number } | { reason: string }> {
  let meta: sharp.Metadata;
  try {
    // The header is read without a pixel limit so a bomb is named by its dimensions, not by a decoder error.
    meta = await sharp(bytes, { limitInputPixels: false, failOn: 'truncated' }).metadata();
  } catch (err) {
    return { reason: decodeFailure(format, err) };
  }
  if (meta.format !== SHARP_FORMAT[format]) return { reason: `${format} signature but ${meta.format} content` };
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) return { reason: `${format} without dimensions` };
  return { width, height };
}

/**
 * Decodes untrusted bytes within the pixel limit and the decode timeout (EXIF orientation applied, alpha
 * flattened onto white) to 8-bit RGB, longest side at most `maxSide` (JPEG shrinks while decoding).
 */
export async function decodeRgbWithin(bytes: Uint8Array, maxSide: number, maxPixels = DEFAULT_MAX_PIXELS) {
  const { data, info } = await sharp(bytes, safeInput(maxPixels))
    .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
    .rotate()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { pixels: data, width: info.width, height: info.height, channels: info.channels };
}

/** One decode, shrunk to thumbnail size. */
function decodeForThumbnail(bytes: Uint8Array, maxPixels: number) {
  return decodeRgbWithin(bytes, THUMBNAIL_SIDE, maxPixels);
}

type Raw = { pixels: Buffer; width: number; height: number };
const rawInput = (img: Raw) => sharp(img.pixels, { raw: { width: img.width, height: img.height, channels: 3 } });

async function phashOfRaw(img: Raw): Promise<string> {
  const grey = await rawInput(img).greyscale().resize(PHASH_SIDE, PHASH_SIDE, { fit: 'fill' }).raw().toBuffer();
  return phashOfGrey32(grey);
}

/**
 * The central-window hashes of encoded image bytes, exactly as at capture: a stored tighter crop of the
 * picture hashes close to one of them (crop-probes.ts).
 */
export async function cropProbeHashes(bytes: Uint8Array, maxPixels = DEFAULT_MAX_PIXELS): Promise<string[]> {
  return cropProbesOfRaw(await decodeForThumbnail(bytes, maxPixels));
}

/** The perceptual hash of encoded image bytes, computed exactly as at capture. */
export async function phashOfImage(bytes: Uint8Array, maxPixels = DEFAULT_MAX_PIXELS): Promise<string> {
  return phashOfRaw(await decodeForThumbnail(bytes, maxPixels));
}

async function thumbnailOfRaw(img: Raw): Promise<Uint8Array> {
  return new Uint8Array(await rawInput(img).jpeg({ quality: 80 }).toBuffer());
}

function decodeFailure(format: ImageFormat, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) return 'decompression bomb: over the pixel limit';
  if (/timeout/i.test(message)) return `${format} took over ${DECODE_TIMEOUT_SECONDS} s to decode`;
  return `truncated or corrupt ${format}`;
}

const refuse = (reason: string): AnalyzeResult => ({ ok: false, reason });

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function formatPixels(n: number): string {
  return n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(1)} M` : `${n}`;
}
