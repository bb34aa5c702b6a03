// Plain float rasters and the few operations comparison needs: decoding once with the safe options,
// grey conversion, area resampling of any (fractional) window, box blur.
import sharp from 'sharp';
import { decodeRgbWithin } from './analyze.js';

/** Row-major samples, `channels` per pixel, values 0..1. */
export interface Raster {
  data: Float32Array;
  width: number;
  height: number;
  channels: number;
}

/** Window of a raster in its own pixel coordinates (fractional). */
export interface Window {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Decodes untrusted bytes (EXIF orientation applied, alpha on white) to RGB, longest side at most `maxSide`. */
export async function decodeRgb(bytes: Uint8Array, maxSide: number): Promise<{ rgb: Raster; width: number; height: number }> {
  const { pixels: data, ...info } = await decodeRgbWithin(bytes, maxSide);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] / 255;
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  const width = meta.autoOrient?.width ?? meta.width ?? info.width;
  const height = meta.autoOrient?.height ?? meta.height ?? info.height;
  return { rgb: { data: out, width: info.width, height: info.height, channels: info.channels }, width, height };
}

export function toGrey(img: Raster): Raster {
  if (img.channels === 1) return img;
  const n = img.width * img.height;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i * img.channels;
    out[i] = 0.299 * img.data[j] + 0.587 * img.data[j + 1] + 0.114 * img.data[j + 2];
  }
  return { data: out, width: img.width, height: img.height, channels: 1 };
}

/**
 * Resamples the window `win` of `img` to outW × outH. Each output sample averages the source area it
 * covers (a box at least one source pixel wide, so enlarging interpolates linearly instead of blocking).
 */
export function resampleWindow(img: Raster, win: Window, outW: number, outH: number): Raster {
  const { channels: ch } = img;
  const xs = boxWeights(win.x, win.w, outW, img.width);
  const ys = boxWeights(win.y, win.h, outH, img.height);
  // Horizontal pass: img.height rows (only those the vertical pass needs) × outW.
  const mid = new Float32Array(img.height * outW * ch);
  const rowFrom = ys.lo, rowTo = ys.hi;
  for (let y = rowFrom; y < rowTo; y++) {
    const srcRow = y * img.width * ch;
    for (let ox = 0; ox < outW; ox++) {
      const start = xs.start[ox], count = xs.count[ox], off = xs.offset[ox];
      for (let c = 0; c < ch; c++) {
        let sum = 0;
        for (let k = 0; k < count; k++) sum += img.data[srcRow + (start + k) * ch + c] * xs.weights[off + k];
        mid[(y * outW + ox) * ch + c] = sum;
      }
    }
  }
  const out = new Float32Array(outW * outH * ch);
  for (let oy = 0; oy < outH; oy++) {
    const start = ys.start[oy], count = ys.count[oy], off = ys.offset[oy];
    for (let ox = 0; ox < outW; ox++)
      for (let c = 0; c < ch; c++) {
        let sum = 0;
        for (let k = 0; k < count; k++) sum += mid[((start + k) * outW + ox) * ch + c] * ys.weights[off + k];
        out[(oy * outW + ox) * ch + c] = sum;
      }
  }
  return { data: out, width: outW, height: outH, channels: ch };
}

/** Normalised overlap weights of each output sample's box with the source pixels along one axis. */
function boxWeights(origin: number, span: number, outN: number, srcN: number) {
  const step = span / outN;
  const half = Math.max(step, 1) / 2;
  const start = new Int32Array(outN), count = new Int32Array(outN), offset = new Int32Array(outN);
  const weights: number[] = [];
  let lo = srcN, hi = 0;
  for (let o = 0; o < outN; o++) {
    const centre = origin + (o + 0.5) * step;
    let a = centre - half, b = centre + half;
    // Keep the box inside the source, shifting it rather than shrinking it at the edges.
    if (a < 0) { b = Math.min(srcN, b - a); a = 0; }
    if (b > srcN) { a = Math.max(0, a - (b - srcN)); b = srcN; }
    const first = Math.floor(a), last = Math.min(srcN - 1, Math.ceil(b) - 1);
    offset[o] = weights.length;
    start[o] = first;
    let total = 0;
    for (let i = first; i <= last; i++) {
      const w = Math.max(0, Math.min(b, i + 1) - Math.max(a, i));
      weights.push(w);
      total += w;
    }
    for (let k = offset[o]; k < weights.length; k++) weights[k] /= total || 1;
    count[o] = last - first + 1;
    lo = Math.min(lo, first);
    hi = Math.max(hi, last + 1);
  }
  return { start, count, offset, weights: Float64Array.from(weights), lo, hi };
}

/** The whole raster resized so its longest side is at most `maxSide` (never enlarged). */
export function shrinkTo(img: Raster, maxSide: number): Raster {
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
  if (scale === 1) return img;
  const w = Math.max(1, Math.round(img.width * scale)), h = Math.max(1, Math.round(img.height * scale));
  return resampleWindow(img, { x: 0, y: 0, w: img.width, h: img.height }, w, h);
}

/** 3×3 box blur, edges clamped. */
export function boxBlur3(img: Raster): Raster {
  const { width: w, height: h, channels: ch } = img;
  const out = new Float32Array(img.data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < ch; c++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) {
          const yy = Math.min(h - 1, Math.max(0, y + dy));
          for (let dx = -1; dx <= 1; dx++) {
            const xx = Math.min(w - 1, Math.max(0, x + dx));
            sum += img.data[(yy * w + xx) * ch + c];
          }
        }
        out[(y * w + x) * ch + c] = sum / 9;
      }
  return { data: out, width: w, height: h, channels: ch };
}
