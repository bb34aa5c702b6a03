// Generated before/after pairs of scene photos, each with the verdict a person would give: the same
// picture (byte-identical, re-encoded, rescaled, cropped), edited (a figure painted out, with its box),
// or replaced (another scene). Used by the comparison tests and by `npm run bench:photos`.
import sharp from 'sharp';
import { seededRandom } from '../../../bench/seeded-random.js';
import type { Region } from '../compare.js';
import { makeScene, type Scene } from './scenes.js';

export type PairKind = 'identical' | 're-encoded' | 'rescaled' | 'cropped' | 'edited' | 'edited-rescaled' | 'replaced' | 'replaced-recropped';
export type Verdict = 'same' | 'edited' | 'replaced';

export const PAIR_KINDS: PairKind[] = ['identical', 're-encoded', 'rescaled', 'cropped', 'edited', 'edited-rescaled', 'replaced', 'replaced-recropped'];

export interface Pair {
  index: number;
  kind: PairKind;
  verdict: Verdict;
  old: Uint8Array;
  new: Uint8Array;
  /** For edited pairs: the painted-out figure's box, relative to the new image. */
  truth?: Region;
}

const encode = (raw: Uint8Array, s: { width: number; height: number }) => sharp(raw, { raw: { width: s.width, height: s.height, channels: 3 } });

/** Pair number `index` (kinds cycle through PAIR_KINDS); the same index always gives the same pair. */
export async function makePair(index: number): Promise<Pair> {
  const kind = PAIR_KINDS[index % PAIR_KINDS.length];
  const rand = seededRandom(index * 977 + 3);
  const between = (a: number, b: number) => a + rand() * (b - a);
  const scene = makeScene(1000 + index);
  const original = scene.draw();
  const old = await encode(original, scene).jpeg({ quality: Math.round(between(82, 95)) }).toBuffer();
  const quality = Math.round(between(45, 85));
  const base = { index, kind, old: new Uint8Array(old) };
  switch (kind) {
    case 'identical':
      return { ...base, verdict: 'same', new: new Uint8Array(old) };
    case 're-encoded': {
      const img = sharp(old);
      const out = rand() < 0.7 ? await img.jpeg({ quality }).toBuffer() : rand() < 0.5 ? await img.webp({ quality }).toBuffer() : await img.png().toBuffer();
      return { ...base, verdict: 'same', new: new Uint8Array(out) };
    }
    case 'rescaled': {
      const scale = rand() < 0.8 ? between(0.4, 0.9) : between(1.1, 1.5);
      const out = await sharp(old).resize(Math.round(scene.width * scale)).jpeg({ quality }).toBuffer();
      return { ...base, verdict: 'same', new: new Uint8Array(out) };
    }
    case 'cropped': {
      const crop = cropBox(scene, between(0.6, 0.95), between(0.6, 0.95), rand);
      const scale = rand() < 0.5 ? 1 : between(0.6, 1);
      const out = await sharp(old).extract(crop).resize(Math.round(crop.width * scale)).jpeg({ quality }).toBuffer();
      return { ...base, verdict: 'same', new: new Uint8Array(out) };
    }
    case 'edited':
    case 'edited-rescaled': {
      const victim = Math.floor(rand() * scene.figures.length);
      const edited = scene.draw([victim]);
      const scale = kind === 'edited' ? 1 : between(0.5, 0.9);
      const out = await encode(edited, scene).resize(Math.round(scene.width * scale)).jpeg({ quality }).toBuffer();
      const f = scene.figures[victim];
      return { ...base, verdict: 'edited', new: new Uint8Array(out), truth: { x: f.x / scene.width, y: f.y / scene.height, w: f.w / scene.width, h: f.h / scene.height } };
    }
    case 'replaced':
    case 'replaced-recropped': {
      const other = makeScene(500_000 + index);
      let img = encode(other.draw(), other);
      if (kind === 'replaced-recropped') img = sharp(await img.png().toBuffer()).extract(cropBox(other, between(0.7, 0.95), between(0.7, 0.95), rand));
      const out = await img.jpeg({ quality }).toBuffer();
      return { ...base, verdict: 'replaced', new: new Uint8Array(out) };
    }
  }
}

function cropBox(scene: Scene, fw: number, fh: number, rand: () => number) {
  const width = Math.round(scene.width * fw), height = Math.round(scene.height * fh);
  return { left: Math.floor(rand() * (scene.width - width)), top: Math.floor(rand() * (scene.height - height)), width, height };
}

/** Intersection over union of two relative boxes. */
export function overlap(a: Region, b: Region): number {
  const w = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = w * h;
  return inter / (a.w * a.h + b.w * b.h - inter);
}
