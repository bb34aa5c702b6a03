// Where two aligned pictures differ. The reference (the aligned window of the other picture) and the
// subject are blurred slightly, matched in overall colour, and compared pixel by pixel with a one-pixel
// tolerance in position, so resampling, JPEG noise and sub-pixel misalignment do not count as change;
// differing pixels are grouped into 4×4 blocks and connected regions, and specks are ignored.
import { boxBlur3, resampleWindow, toGrey, type Raster, type Window } from './raster.js';

export interface ChangeMap {
  width: number;
  height: number;
  /** The other picture's aligned window, at the subject's size. */
  reference: Raster;
  /** The picture the map is drawn on, at working size. */
  subject: Raster;
  /** 1 where a pixel belongs to a significant changed region. */
  changed: Uint8Array;
  /** Box around the changed regions, relative 0..1 to the subject; null when nothing changed. */
  region: { x: number; y: number; w: number; h: number } | null;
  /** Share of the subject's area in changed regions. */
  changedShare: number;
  /**
   * Of the textured blocks outside the changed regions, the share that match the reference (0..1); null
   * when under 1 % of the picture there has texture. Copies of one picture agree almost everywhere
   * (measured ≥ 0.98); different pictures that pass the area test agree only where both are plain.
   */
  textureAgreement: number | null;
  /** Share of the subject's area that has texture. */
  texture: number;
}

/** A pixel differs when its colour is this far (0..1, any channel) from everything near it in the other. */
const PIXEL_THRESHOLD = 0.1;
const BLOCK = 4;
/** A block is changed when at least this many of its 16 pixels are. */
const BLOCK_MIN_PIXELS = 5;
/** Connected changed blocks fewer than this are specks (noise, compression), not edits (fewer in small pictures). */
const MIN_REGION_BLOCKS = 8;
/** Grey standard deviation above which a block has texture. */
const TEXTURE_STD = 0.025;

export function changeMap(big: Raster, subject: Raster, window: Window): ChangeMap {
  const { width, height } = subject;
  const win = { x: window.x * big.width, y: window.y * big.height, w: window.w * big.width, h: window.h * big.height };
  const reference = resampleWindow(big, win, width, height);
  const ref = boxBlur3(reference), sub = boxBlur3(subject);
  matchColour(sub, ref);
  const diff = tolerantDiff(sub, ref);

  const bw = Math.ceil(width / BLOCK), bh = Math.ceil(height / BLOCK);
  const changedBlocks = new Uint8Array(bw * bh);
  const counts = new Uint16Array(bw * bh), sizes = new Uint16Array(bw * bh);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const b = ((y / BLOCK) | 0) * bw + ((x / BLOCK) | 0);
      sizes[b]++;
      if (diff[y * width + x] > PIXEL_THRESHOLD) counts[b]++;
    }
  // Blocks at the right and bottom edges may be partial: the same share of their pixels counts.
  for (let i = 0; i < counts.length; i++) changedBlocks[i] = counts[i] * BLOCK * BLOCK >= BLOCK_MIN_PIXELS * sizes[i] ? 1 : 0;

  // Small pictures have few blocks: there a speck is a smaller count, down to one block.
  const minRegion = Math.max(1, Math.min(MIN_REGION_BLOCKS, Math.round(bw * bh * 0.0025)));
  const regions = components(changedBlocks, bw, bh).filter((c) => c.blocks.length >= minRegion);
  const largest = Math.max(0, ...regions.map((r) => r.blocks.length));
  const kept = regions.filter((r) => r.blocks.length >= largest / 4);
  const significant = new Uint8Array(bw * bh);
  let x0 = bw, y0 = bh, x1 = 0, y1 = 0, total = 0;
  for (const r of regions) for (const b of r.blocks) { significant[b] = 1; total++; }
  for (const r of kept)
    for (const b of r.blocks) {
      const bx = b % bw, by = (b / bw) | 0;
      x0 = Math.min(x0, bx); y0 = Math.min(y0, by); x1 = Math.max(x1, bx + 1); y1 = Math.max(y1, by + 1);
    }
  const region = kept.length
    ? { x: (x0 * BLOCK) / width, y: (y0 * BLOCK) / height, w: (Math.min(width, x1 * BLOCK) - x0 * BLOCK) / width, h: (Math.min(height, y1 * BLOCK) - y0 * BLOCK) / height }
    : null;

  const changed = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (significant[((y / BLOCK) | 0) * bw + ((x / BLOCK) | 0)] && diff[y * width + x] > PIXEL_THRESHOLD) changed[y * width + x] = 1;

  const textured = texturedBlocks(toGrey(subject), bw, bh);
  let matched = 0, outside = 0, texture = 0;
  for (let i = 0; i < textured.length; i++) {
    if (!textured[i]) continue;
    texture++;
    if (significant[i]) continue;
    outside++;
    if (!changedBlocks[i]) matched++;
  }
  const blocks = bw * bh;
  return {
    width, height, reference, subject, changed, region,
    changedShare: total / blocks,
    textureAgreement: outside >= blocks * 0.01 ? matched / outside : null,
    texture: texture / blocks,
  };
}

/** A global colour shift larger than this is part of the change, not a cast to undo. */
const MAX_COLOUR_SHIFT = 0.1;

/** Shifts each channel of `sub` by the median difference (at most ±0.1), undoing mild brightness or colour casts. */
function matchColour(sub: Raster, ref: Raster): void {
  const ch = sub.channels, n = sub.width * sub.height;
  const deltas = new Float32Array(n);
  for (let c = 0; c < ch; c++) {
    for (let i = 0; i < n; i++) deltas[i] = sub.data[i * ch + c] - ref.data[i * ch + c];
    const median = Math.max(-MAX_COLOUR_SHIFT, Math.min(MAX_COLOUR_SHIFT, deltas.sort()[n >> 1]));
    for (let i = 0; i < n; i++) sub.data[i * ch + c] -= median;
  }
}

/** Per pixel: the larger of how far a's colour is from everything within one pixel in b, and vice versa. */
function tolerantDiff(a: Raster, b: Raster): Float32Array {
  const { width: w, height: h, channels: ch } = a;
  const out = new Float32Array(w * h);
  const nearest = (p: Raster, q: Raster, x: number, y: number) => {
    let best = Infinity;
    const i = (y * w + x) * ch;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= h) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= w) continue;
        const j = (yy * w + xx) * ch;
        let d = 0;
        for (let c = 0; c < ch; c++) d = Math.max(d, Math.abs(p.data[i + c] - q.data[j + c]));
        if (d < best) best = d;
      }
    }
    return best;
  };
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = Math.max(nearest(a, b, x, y), nearest(b, a, x, y));
  return out;
}

function components(cells: Uint8Array, w: number, h: number): Array<{ blocks: number[] }> {
  const label = new Int32Array(cells.length).fill(-1);
  const found: Array<{ blocks: number[] }> = [];
  for (let start = 0; start < cells.length; start++) {
    if (!cells[start] || label[start] >= 0) continue;
    const blocks: number[] = [];
    const stack = [start];
    label[start] = found.length;
    while (stack.length) {
      const i = stack.pop()!;
      blocks.push(i);
      const x = i % w, y = (i / w) | 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx, yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const j = yy * w + xx;
          if (cells[j] && label[j] < 0) { label[j] = found.length; stack.push(j); }
        }
    }
    found.push({ blocks });
  }
  return found;
}

function texturedBlocks(grey: Raster, bw: number, bh: number): Uint8Array {
  const sum = new Float64Array(bw * bh), sum2 = new Float64Array(bw * bh), n = new Uint16Array(bw * bh);
  for (let y = 0; y < grey.height; y++)
    for (let x = 0; x < grey.width; x++) {
      const b = ((y / BLOCK) | 0) * bw + ((x / BLOCK) | 0), v = grey.data[y * grey.width + x];
      sum[b] += v; sum2[b] += v * v; n[b]++;
    }
  const out = new Uint8Array(bw * bh);
  for (let b = 0; b < out.length; b++) {
    const mean = sum[b] / n[b];
    out[b] = Math.sqrt(Math.max(0, sum2[b] / n[b] - mean * mean)) > TEXTURE_STD ? 1 : 0;
  }
  return out;
}
