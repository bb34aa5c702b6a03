// Finding where a picture sits inside another: the window of the bigger image (same aspect ratio as the
// smaller one) that the smaller one is a rescaled copy of. Covers rescales (the whole image) and crops
// down to 40% of the width. Coarse exhaustive template matching at 32 px, then a pattern search on the
// continuous window at up to 128 px, both scoring by normalised cross-correlation (NCC), which ignores
// overall brightness and contrast changes.
import { resampleWindow, shrinkTo, type Raster, type Window } from './raster.js';

export interface Alignment {
  /** Window of the bigger image, relative 0..1. */
  window: Window;
  /** Normalised cross-correlation of the smaller image with that window, -1..1. */
  ncc: number;
}

const COARSE_SIDE = 32;
const FINE_SIDE = 128;
const MIN_CROP = 0.4;
/** The smallest share of the bigger picture's area a crop may keep. */
const MIN_CROP_AREA = 0.16;

/** Where `small` (grey) best fits inside `big` (grey). */
export function alignInside(big: Raster, small: Raster): Alignment {
  const aspect = small.height / small.width;
  // The tallest window of this aspect that fits, as a share of the big image's width.
  const sMax = Math.min(1, big.height / (big.width * aspect));
  const sMin = sMax >= MIN_CROP / 0.9 ? MIN_CROP : sMax * 0.9;
  // Shapes so different that the smaller could only be a sliver of the bigger are not a crop of it.
  const largestArea = sMax * ((sMax * aspect * big.width) / big.height);
  if (largestArea < MIN_CROP_AREA) return { window: { x: 0, y: 0, w: 1, h: 1 }, ncc: -1 };
  const candidates = coarse(big, small, sMin, sMax);
  // Refine the candidates a little at medium size, then the best one fully.
  let best: Alignment = { window: { x: 0, y: 0, w: 1, h: 1 }, ncc: -1 };
  for (const start of candidates) {
    const refined = refine(big, small, start.window, aspect, FINE_SIDE / 2, 1 / 512);
    if (refined.ncc > best.ncc) best = refined;
  }
  return refine(big, small, best.window, aspect, FINE_SIDE, 1 / 2048, 1 / 512);
}

function coarse(big: Raster, small: Raster, sMin: number, sMax: number): Alignment[] {
  const template = shrinkTo(small, COARSE_SIDE);
  const big64 = shrinkTo(big, COARSE_SIDE * 2);
  const found: Alignment[] = [];
  for (let s = sMax; s >= sMin - 1e-9; s *= 0.96) {
    // Scale the big image so a window of relative width s is exactly the template's width.
    const k = template.width / (s * big64.width);
    const w = Math.max(template.width, Math.round(big64.width * k));
    const h = Math.max(template.height, Math.round(big64.height * k));
    const scaled = resampleWindow(big64, { x: 0, y: 0, w: big64.width, h: big64.height }, w, h);
    const hit = bestOffset(scaled, template);
    found.push({
      window: { x: hit.x / w, y: hit.y / h, w: template.width / w, h: template.height / h },
      ncc: hit.ncc,
    });
  }
  found.sort((a, b) => b.ncc - a.ncc);
  // The three best scales whose windows differ, to refine.
  const picked: Alignment[] = [];
  for (const f of found) {
    if (picked.every((p) => Math.abs(p.window.w - f.window.w) > 0.05 || Math.abs(p.window.x - f.window.x) > 0.05 || Math.abs(p.window.y - f.window.y) > 0.05))
      picked.push(f);
    if (picked.length === 3) break;
  }
  return picked;
}

/** Exhaustive NCC template match at integer offsets, with summed-area tables for the window statistics. */
function bestOffset(img: Raster, tpl: Raster): { x: number; y: number; ncc: number } {
  const { width: W, height: H } = img;
  const tw = tpl.width, th = tpl.height, n = tw * th;
  let tMean = 0;
  for (let i = 0; i < n; i++) tMean += tpl.data[i];
  tMean /= n;
  const t = new Float32Array(n);
  let tVar = 0;
  for (let i = 0; i < n; i++) { t[i] = tpl.data[i] - tMean; tVar += t[i] * t[i]; }
  const sat = new Float64Array((W + 1) * (H + 1)), sat2 = new Float64Array((W + 1) * (H + 1));
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const v = img.data[y * W + x], i = (y + 1) * (W + 1) + x + 1;
      sat[i] = v + sat[i - 1] + sat[i - W - 1] - sat[i - W - 2];
      sat2[i] = v * v + sat2[i - 1] + sat2[i - W - 1] - sat2[i - W - 2];
    }
  const area = (s: Float64Array, x: number, y: number) =>
    s[(y + th) * (W + 1) + x + tw] - s[y * (W + 1) + x + tw] - s[(y + th) * (W + 1) + x] + s[y * (W + 1) + x];
  let best = { x: 0, y: 0, ncc: -1 };
  for (let y = 0; y + th <= H; y++)
    for (let x = 0; x + tw <= W; x++) {
      let cross = 0;
      for (let ty = 0; ty < th; ty++) {
        const row = (y + ty) * W + x, trow = ty * tw;
        for (let tx = 0; tx < tw; tx++) cross += img.data[row + tx] * t[trow + tx];
      }
      const sum = area(sat, x, y), sum2 = area(sat2, x, y);
      const iVar = sum2 - (sum * sum) / n;
      const ncc = iVar > 1e-9 && tVar > 1e-9 ? cross / Math.sqrt(iVar * tVar) : 0;
      if (ncc > best.ncc) best = { x, y, ncc };
    }
  return best;
}

/** Pattern search from `start` until the step is below `finest` (relative units). */
function refine(big: Raster, small: Raster, start: Window, aspect: number, side: number, finest: number, firstStep = 1 / (COARSE_SIDE * 4)): Alignment {
  const bigFine = shrinkTo(big, side * 3);
  // Match at the resolution the window has in the big image, so neither side holds detail the other lacks.
  const windowPx = Math.max(start.w * bigFine.width, start.h * bigFine.height);
  const tpl = shrinkTo(small, Math.max(16, Math.min(side, Math.round(windowPx))));
  const relAspect = (aspect * bigFine.width) / bigFine.height; // relative h per relative w
  const score = (x: number, y: number, w: number): number => {
    const h = w * relAspect;
    if (x < -1e-6 || y < -1e-6 || x + w > 1 + 1e-6 || y + h > 1 + 1e-6 || w <= 0) return -2;
    const win = resampleWindow(bigFine, { x: x * bigFine.width, y: y * bigFine.height, w: w * bigFine.width, h: h * bigFine.height }, tpl.width, tpl.height);
    return ncc(win.data, tpl.data);
  };
  let x = start.x, y = start.y, w = start.w;
  let best = score(x, y, w);
  let step = firstStep, scaleStep = firstStep * 2;
  for (let rounds = 0; step >= finest && rounds < 200; rounds++) {
    let moved = false;
    // Moves: shift in x or y, scale about the top-left corner, scale about the centre.
    const h = w * relAspect;
    const moves: Array<[number, number, number]> = [
      [step, 0, 0], [-step, 0, 0], [0, step, 0], [0, -step, 0],
      [0, 0, scaleStep], [0, 0, -scaleStep],
      [(-w * scaleStep) / 2, (-h * scaleStep) / 2, scaleStep], [(w * scaleStep) / 2, (h * scaleStep) / 2, -scaleStep],
    ];
    for (const [dx, dy, dw] of moves) {
      const cand = score(x + dx, y + dy, w * (1 + dw));
      if (cand > best) { best = cand; x += dx; y += dy; w *= 1 + dw; moved = true; break; }
    }
    if (!moved) { step /= 2; scaleStep /= 2; }
  }
  return { window: { x, y, w, h: w * relAspect }, ncc: best };
}

export function ncc(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let cross = 0, va = 0, vb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    cross += da * db; va += da * da; vb += db * db;
  }
  return va > 1e-9 && vb > 1e-9 ? cross / Math.sqrt(va * vb) : va < 1e-9 && vb < 1e-9 ? 1 : 0;
}
