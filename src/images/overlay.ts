// The evidence picture for an image change: the new image dimmed, the pixels that differ from the old
// one in red, and the changed region outlined in yellow.
import sharp from 'sharp';
import { compareInDetail, type Comparison, type Region } from './compare.js';
import { decodeRgbWithin } from './analyze.js';

/** Longest side of the overlay. */
const OVERLAY_SIDE = 800;
const DIM = 0.4;
const HIGHLIGHT: [number, number, number] = [255, 40, 40];
const OUTLINE: [number, number, number] = [255, 214, 0];

/** A PNG of the new image with the differences from the old one marked. */
export async function differenceOverlay(oldBytes: Uint8Array, newBytes: Uint8Array): Promise<Uint8Array> {
  const comparison = await compareInDetail(oldBytes, newBytes);
  const { pixels: data, width, height } = await decodeRgbWithin(newBytes, OVERLAY_SIDE);
  const changedAt = changeLookup(comparison);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const hot = changedAt((x + 0.5) / width, (y + 0.5) / height);
      for (let c = 0; c < 3; c++) data[i + c] = hot ? Math.round(data[i + c] * 0.3 + HIGHLIGHT[c] * 0.7) : Math.round(data[i + c] * DIM);
    }
  if (comparison.change.kind === 'edited') outline(data, width, height, comparison.change.region);
  return new Uint8Array(await sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer());
}

/** Whether the point (relative to the new image) was found changed. */
function changeLookup({ map, alignment, swapped, change }: Comparison): (u: number, v: number) => boolean {
  if (!map || !alignment || change.kind !== 'edited') return () => false;
  const win = alignment.window;
  return (u, v) => {
    // The map is drawn on the smaller picture: the new one, or (swapped) the old one inside the new.
    if (swapped) { u = (u - win.x) / win.w; v = (v - win.y) / win.h; }
    if (u < 0 || v < 0 || u >= 1 || v >= 1) return false;
    return map.changed[Math.floor(v * map.height) * map.width + Math.floor(u * map.width)] === 1;
  };
}

function outline(data: Buffer, width: number, height: number, region: Region): void {
  const thickness = Math.max(2, Math.round(Math.max(width, height) / 300));
  const x0 = Math.round(region.x * width), y0 = Math.round(region.y * height);
  const x1 = Math.round((region.x + region.w) * width), y1 = Math.round((region.y + region.h) * height);
  for (let y = Math.max(0, y0 - thickness); y < Math.min(height, y1 + thickness); y++)
    for (let x = Math.max(0, x0 - thickness); x < Math.min(width, x1 + thickness); x++) {
      const inside = x >= x0 && x < x1 && y >= y0 && y < y1;
      if (inside) continue;
      const i = (y * width + x) * 3;
      data[i] = OUTLINE[0]; data[i + 1] = OUTLINE[1]; data[i + 2] = OUTLINE[2];
    }
}
