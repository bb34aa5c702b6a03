// Deterministic outdoor scenes for testing photo comparison: sky with clouds, hills, buildings with
// windows, a slogan banner, textured ground and a row of standing figures (the people a state outlet
// might paint out). The same seed always draws the same picture, and any one figure can be left out
// with the background behind it drawn instead — a perfect "painted out" edit with a known box.
import { seededRandom } from '../../../bench/seeded-random.js';

export interface Box { x: number; y: number; w: number; h: number }

export interface Scene {
  seed: number;
  width: number;
  height: number;
  /** Bounding boxes of the standing figures, in pixels. */
  figures: Box[];
  /** RGB bytes of the scene, leaving out the figures listed in `omit`. */
  draw(omit?: number[]): Uint8Array;
}

type RGB = [number, number, number];

const SIZES: Array<[number, number]> = [[640, 480], [720, 480], [800, 450], [600, 450], [768, 512]];

export function makeScene(seed: number): Scene {
  const rand = seededRandom(seed * 7919 + 17);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const between = (a: number, b: number) => a + rand() * (b - a);
  const [width, height] = pick(SIZES);
  const noise = valueNoise(seed);

  const horizon = Math.round(height * between(0.38, 0.58));
  const skyTop: RGB = [between(20, 110), between(70, 150), between(150, 235)];
  const skyLow: RGB = [between(160, 235), between(170, 225), between(180, 240)];
  const cloudiness = between(0.2, 0.75);
  const hill: RGB = [between(40, 110), between(70, 130), between(50, 100)];
  const hillHeight = between(0.05, 0.2) * height;
  const ground: RGB = pick<RGB>([[90, 120, 60], [150, 140, 120], [120, 110, 90], [70, 100, 55], [170, 165, 155]]);

  const buildings: Array<Box & { wall: RGB; window: RGB; cols: number; rows: number }> = [];
  for (let i = 0, n = 1 + Math.floor(rand() * 5); i < n; i++) {
    const w = between(0.08, 0.25) * width, h = between(0.12, 0.35) * height;
    const x = between(-0.05, 0.95) * width;
    const grey = between(120, 220);
    buildings.push({
      x, y: horizon - h, w, h,
      wall: [grey + between(-20, 20), grey + between(-20, 10), grey + between(-25, 5)],
      window: [between(30, 90), between(40, 100), between(60, 130)],
      cols: 2 + Math.floor(rand() * 6), rows: 2 + Math.floor(rand() * 6),
    });
  }
  const banner = rand() < 0.6
    ? { x: between(0.05, 0.6) * width, y: horizon - between(0.25, 0.4) * height, w: between(0.2, 0.35) * width, h: between(0.05, 0.08) * height, seed: Math.floor(rand() * 1e6) }
    : null;

  // A row of figures standing on the ground, none overlapping.
  const figures: Array<Box & { suit: RGB; skin: RGB; cap: boolean }> = [];
  const baseline = horizon + (height - horizon) * between(0.55, 0.9);
  const figH = between(0.2, 0.36) * height;
  let x = between(0.02, 0.2) * width;
  for (let n = 3 + Math.floor(rand() * 8); n > 0; n--) {
    const h = figH * between(0.9, 1.08), w = h * between(0.26, 0.32);
    if (x + w > width * 0.98) break;
    const suitGrey = between(25, 80);
    figures.push({
      x, y: baseline - h, w, h,
      suit: pick<RGB>([[suitGrey, suitGrey, suitGrey + 15], [60, 70, 45], [suitGrey + 10, suitGrey + 5, suitGrey], [150, 135, 100], [35, 40, 70]]),
      skin: [between(170, 225), between(130, 180), between(100, 150)],
      cap: rand() < 0.4,
    });
    x += w * between(1.2, 1.9);
  }

  function draw(omit: number[] = []): Uint8Array {
    const px = new Float32Array(width * height * 3);
    const ridges = Float32Array.from({ length: width }, (_, x) => horizon - hillHeight * (0.4 + 0.6 * noise.fbm(x / 200, 3.7, 3)));
    const set = (i: number, c: RGB, alpha = 1) => {
      px[i] += (c[0] - px[i]) * alpha; px[i + 1] += (c[1] - px[i + 1]) * alpha; px[i + 2] += (c[2] - px[i + 2]) * alpha;
    };
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        if (y < horizon) {
          const t = y / horizon;
          set(i, mix(skyTop, skyLow, t));
          const cloud = y < ridges[x] ? smoothstep(1 - cloudiness, 1.05 - cloudiness * 0.6, noise.fbm(x / 140, y / 55, 4)) : 0;
          if (cloud > 0) set(i, [240, 242, 246], cloud * 0.9);
          if (y > ridges[x]) set(i, shade(hill, 0.85 + 0.3 * noise.fbm(x / 18, y / 18, 2)));
        } else {
          const t = (y - horizon) / (height - horizon);
          set(i, shade(ground, (0.8 + 0.35 * t) * (0.8 + 0.4 * noise.fbm(x / 9, y / 5, 3))));
        }
      }
    for (const b of buildings) {
      fill(px, width, height, b, (fx, fy) => {
        const col = (fx * b.cols) % 1, row = (fy * b.rows) % 1;
        const isWindow = col > 0.25 && col < 0.75 && row > 0.3 && row < 0.75 && fy < 0.92;
        return isWindow ? b.window : shade(b.wall, 0.9 + 0.15 * fx);
      });
    }
    if (banner) {
      const textRand = seededRandom(banner.seed);
      const bars: Array<[number, number]> = [];
      for (let at = 0.05; at < 0.92;) { const len = 0.02 + textRand() * 0.06; bars.push([at, Math.min(0.95, at + len)]); at += len + 0.015 + textRand() * 0.02; }
      fill(px, width, height, banner, (fx, fy) =>
        fy > 0.3 && fy < 0.7 && bars.some(([a, b]) => fx > a && fx < b) ? [245, 230, 200] : [190, 25, 30]);
    }
    figures.forEach((f, k) => { if (!omit.includes(k)) drawFigure(px, width, height, f); });
    // Sensor grain and a slight vignette, both tied to the pixel so an omitted figure changes nothing else.
    const grain = seededRandom(seed * 31 + 5);
    const out = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const dx = x / width - 0.5, dy = y / height - 0.5;
        const v = 1 - 0.35 * (dx * dx + dy * dy);
        const g = (grain() - 0.5) * 8;
        const i = (y * width + x) * 3;
        for (let c = 0; c < 3; c++) out[i + c] = clamp(px[i + c] * v + g);
      }
    return out;
  }

  return { seed, width, height, figures: figures.map(({ x, y, w, h }) => ({ x, y, w, h })), draw };
}

function drawFigure(px: Float32Array, width: number, height: number, f: Box & { suit: RGB; skin: RGB; cap: boolean }) {
  const head = f.h * 0.14;
  const cx = f.x + f.w / 2;
  // Legs, then body with arms, then head (and cap).
  fill(px, width, height, { x: cx - f.w * 0.3, y: f.y + f.h * 0.55, w: f.w * 0.26, h: f.h * 0.45 }, () => shade(f.suit, 0.8));
  fill(px, width, height, { x: cx + f.w * 0.04, y: f.y + f.h * 0.55, w: f.w * 0.26, h: f.h * 0.45 }, () => shade(f.suit, 0.75));
  fill(px, width, height, { x: f.x, y: f.y + head, w: f.w, h: f.h * 0.46 }, (fx) => shade(f.suit, 0.85 + 0.3 * Math.sin(fx * Math.PI)));
  disc(px, width, height, cx, f.y + head / 2, head / 2, f.skin);
  if (f.cap) fill(px, width, height, { x: cx - head * 0.55, y: f.y - head * 0.05, w: head * 1.1, h: head * 0.3 }, () => shade(f.suit, 1.1));
}

function fill(px: Float32Array, width: number, height: number, box: Box, colour: (fx: number, fy: number) => RGB) {
  const x0 = Math.max(0, Math.floor(box.x)), x1 = Math.min(width, Math.ceil(box.x + box.w));
  const y0 = Math.max(0, Math.floor(box.y)), y1 = Math.min(height, Math.ceil(box.y + box.h));
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      // Edge pixels are blended by coverage so shapes have antialiased borders.
      const cover = Math.max(0, Math.min(1, x + 1 - box.x, box.x + box.w - x)) * Math.max(0, Math.min(1, y + 1 - box.y, box.y + box.h - y));
      const c = colour((x + 0.5 - box.x) / box.w, (y + 0.5 - box.y) / box.h);
      const i = (y * width + x) * 3;
      for (let k = 0; k < 3; k++) px[i + k] += (c[k] - px[i + k]) * cover;
    }
}

function disc(px: Float32Array, width: number, height: number, cx: number, cy: number, r: number, c: RGB) {
  for (let y = Math.max(0, Math.floor(cy - r - 1)); y < Math.min(height, cy + r + 1); y++)
    for (let x = Math.max(0, Math.floor(cx - r - 1)); x < Math.min(width, cx + r + 1); x++) {
      const cover = Math.max(0, Math.min(1, r + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy)));
      const i = (y * width + x) * 3;
      for (let k = 0; k < 3; k++) px[i + k] += (c[k] - px[i + k]) * cover;
    }
}

function valueNoise(seed: number) {
  const rand = seededRandom(seed * 131 + 7);
  const lattice = new Float32Array(256 * 256).map(() => rand());
  const at = (x: number, y: number) => lattice[((y & 255) << 8) | (x & 255)];
  const noise = (x: number, y: number) => {
    const xi = Math.floor(x), yi = Math.floor(y), fx = x - xi, fy = y - yi;
    const sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
    const top = at(xi, yi) + (at(xi + 1, yi) - at(xi, yi)) * sx;
    const bottom = at(xi, yi + 1) + (at(xi + 1, yi + 1) - at(xi, yi + 1)) * sx;
    return top + (bottom - top) * sy;
  };
  return {
    fbm(x: number, y: number, octaves: number): number {
      let sum = 0, amp = 0.5, norm = 0;
      for (let o = 0; o < octaves; o++) { sum += noise(x * 2 ** o, y * 2 ** o) * amp; norm += amp; amp /= 2; }
      return sum / norm;
    },
  };
}

const mix = (a: RGB, b: RGB, t: number): RGB => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
const shade = (c: RGB, k: number): RGB => [c[0] * k, c[1] * k, c[2] * k];
const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
const smoothstep = (a: number, b: number, v: number) => { const t = Math.max(0, Math.min(1, (v - a) / (b - a))); return t * t * (3 - 2 * t); };
