// Extra perceptual hashes for finding crops of a picture. A whole-picture pHash reaches copies cropped to
// about 90 % of each side (docs/photos.md); to find stored copies cropped tighter, search also with the
// hashes of the picture's central windows, which a centred crop of it hashes close to.
import sharp from 'sharp';
import { DEFAULT_MAX_PIXELS, safeInput, THUMBNAIL_SIDE } from './analyze.js';
import { PHASH_SIDE, phashOfGrey32 } from './phash.js';

/** The shares of each side the central windows keep. */
export const PROBE_WINDOWS = [0.85, 0.75, 0.65];

/** pHashes of the central windows of the picture (same decode as capture), one per PROBE_WINDOWS entry. */
export async function cropProbeHashes(bytes: Uint8Array, maxPixels = DEFAULT_MAX_PIXELS): Promise<string[]> {
  const { data, info } = await sharp(bytes, safeInput(maxPixels))
    .timeout({ seconds: 20 })
    .rotate()
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: 3 as const } };
  return Promise.all(PROBE_WINDOWS.map(async (keep) => {
    const width = Math.max(1, Math.round(info.width * keep)), height = Math.max(1, Math.round(info.height * keep));
    const grey = await sharp(data, raw)
      .extract({ left: Math.floor((info.width - width) / 2), top: Math.floor((info.height - height) / 2), width, height })
      .greyscale()
      .resize(PHASH_SIDE, PHASH_SIDE, { fit: 'fill' })
      .raw()
      .toBuffer();
    return phashOfGrey32(grey);
  }));
}
