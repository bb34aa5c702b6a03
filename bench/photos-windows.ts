// The similar-image lookup as the web app makes it (src/web/similar-images.ts): each image indexed by its
// whole-picture hash and its three central-window hashes, and a lookup searching the whole hash against
// every entry and each window hash against the whole-picture entries; beside the whole hash alone, in one run.
import { PhashIndex } from '../src/images/phash-index.js';
import { flip, ms, pct, randomHash } from './photo-hashes.js';
import { seededRandom } from './seeded-random.js';

const WINDOWS = 3;

export function lookupWithWindows(images: number, distance: number, out: (s: string) => void): void {
  out(`\n## Lookup with central-window hashes: ${images.toLocaleString('en')} images, ${(images * (WINDOWS + 1)).toLocaleString('en')} entries`);
  const rand = seededRandom(2027);
  const whole: string[] = [], windows: string[][] = [];
  for (let i = 0; i < images; i++) {
    // One image in ten is a copy of an earlier one: its whole and window hashes a few bits off the original's.
    const copy = i > 100 && rand() < 0.1 ? Math.floor(rand() * i) : -1;
    whole.push(copy >= 0 ? flip(whole[copy], 1 + Math.floor(rand() * 12), rand) : randomHash(rand));
    windows.push(copy >= 0 ? windows[copy].map((w) => flip(w, 1 + Math.floor(rand() * 12), rand)) : Array.from({ length: WINDOWS }, () => randomHash(rand)));
  }
  const queries = Array.from({ length: 1000 }, (_, q) => {
    const i = Math.floor(rand() * images);
    return q % 2
      ? { whole: randomHash(rand), windows: Array.from({ length: WINDOWS }, () => randomHash(rand)) }
      : { whole: flip(whole[i], Math.floor(rand() * 7), rand), windows: windows[i].map((w) => flip(w, Math.floor(rand() * 7), rand)) };
  });
  let t = performance.now();
  const one = new PhashIndex();
  for (let i = 0; i < images; i++) one.add(i, whole[i]);
  one.search(whole[0], 0);
  const oneBuild = performance.now() - t;
  t = performance.now();
  const four = new PhashIndex();
  for (let i = 0; i < images; i++) {
    four.add(i * (WINDOWS + 1), whole[i]);
    windows[i].forEach((w, k) => four.add(i * (WINDOWS + 1) + k + 1, w));
  }
  four.search(whole[0], 0);
  const fourBuild = performance.now() - t;
  const oneMs: number[] = [], fourMs: number[] = [];
  for (const q of queries) {
    t = performance.now();
    one.search(q.whole, distance);
    oneMs.push(performance.now() - t);
    t = performance.now();
    const best = new Map<number, number>();
    const keep = (image: number, d: number) => { if (d < (best.get(image) ?? Infinity)) best.set(image, d); };
    for (const h of four.search(q.whole, distance)) keep(Math.floor(h.id / (WINDOWS + 1)), h.distance);
    for (const w of q.windows) for (const h of four.search(w, distance)) if (h.id % (WINDOWS + 1) === 0) keep(h.id / (WINDOWS + 1), h.distance);
    fourMs.push(performance.now() - t);
  }
  out(`whole hash only (1 search): build ${(oneBuild / 1000).toFixed(1)} s, lookup p50 ${ms(pct(oneMs, 50))} p95 ${ms(pct(oneMs, 95))}`);
  out(`whole + ${WINDOWS} windows (${WINDOWS + 1} searches): build ${(fourBuild / 1000).toFixed(1)} s, lookup p50 ${ms(pct(fourMs, 50))} p95 ${ms(pct(fourMs, 95))} (distance ≤ ${distance}, 1,000 queries; target p95 ≤ 20 ms)`);
}
