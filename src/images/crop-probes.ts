// Extra perceptual hashes for finding crops of a picture. A whole-picture pHash reaches copies cropped to
// about 90 % of each side (docs/photos.md); to find stored copies cropped tighter, search also with the
// hashes of the picture's central windows, which a centred crop of it hashes close to.
import sharp from 'sharp';
import { PHASH_SIDE, phashOfGrey32 } from './phash.js';

/** The shares of each side the central windows keep. */
export const PROBE_WINDOWS = [0.85, 0.75, 0.65];

/** pHashes of the central windows of a decoded RGB picture, one per PROBE_WINDOWS entry. */
export function cropProbesOfRaw(img: { pixels: Buffer; width: number; height: number }): Promise<string[]> {
  const raw = { raw: { width: img.width, height: img.height, channels: 3 as const } };
  return Promise.all(PROBE_WINDOWS.map(async (keep) => {
    const width = Math.max(1, Math.round(img.width * keep)), height = Math.max(1, Math.round(img.height * keep));
    const grey = await sharp(img.pixels, raw)
      .extract({ left: Math.floor((img.width - width) / 2), top: Math.floor((img.height - height) / 2), width, height })
      .greyscale()
      .resize(PHASH_SIDE, PHASH_SIDE, { fit: 'fill' })
      .raw()
      .toBuffer();
    return phashOfGrey32(grey);
  }));
}
