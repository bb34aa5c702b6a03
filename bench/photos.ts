// npm run bench:photos — the figures of docs/photos.md:
//  1. similar-image lookup over 1,000,000 synthetic perceptual hashes: the multi-index hash index and a
//     linear scan side by side (p50/p95 per query, same answers);
//  2. change classification precision and recall on generated before/after pairs (same / edited /
//     replaced), with the edited region's overlap with the truth and the time per comparison;
//  3. capture cost per image: analyzeImage (decode, SHA-256, pHash, thumbnail) time and thumbnail size.
// PHOTOS_BENCH_PAIRS (default 360) and PHOTOS_BENCH_HASHES (default 1,000,000) change the sizes;
//  4. the lookup as GET /api/images/similar makes it: each image indexed by its whole hash and three
//     central-window hashes (four entries), four searches a lookup, beside the whole hash alone.
// PHOTOS_BENCH_ONLY=lookup|classification|capture|crops runs one section.
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { analyzeImage, cropProbeHashes, hammingDistance } from '../src/images/analyze.js';
import { compareInDetail } from '../src/images/compare.js';
import { LinearPhashScan, PhashIndex } from '../src/images/phash-index.js';
import { makePair, overlap, PAIR_KINDS, type PairKind, type Verdict } from '../src/images/testing/pairs.js';
import { makeScene } from '../src/images/testing/scenes.js';
import { ROOT } from './corpus.js';
import { flip, ms, pct, randomHash } from './photo-hashes.js';
import { lookupWithWindows } from './photos-windows.js';
import { seededRandom } from './seeded-random.js';

const out = (s = '') => process.stdout.write(`${s}\n`);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const HASHES = Number(process.env.PHOTOS_BENCH_HASHES ?? 1_000_000);
const PAIRS = Number(process.env.PHOTOS_BENCH_PAIRS ?? 360);
/** The distance the archive-wide "same photo elsewhere" search uses (docs/photos.md). */
const SIMILAR_DISTANCE = 10;

out(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}); load average ${load()}`);
const only = process.env.PHOTOS_BENCH_ONLY; // lookup | classification | capture: one section
if (!only || only === 'lookup') lookup();
if (!only || only === 'lookup') lookupWithWindows(HASHES, SIMILAR_DISTANCE, out);
if (!only || only === 'classification') await classification();
if (!only || only === 'capture') await captureCost();
if (!only || only === 'crops') await cropDistances();
out(`load average at the end: ${load()}`);

function lookup(): void {
  out(`\n## Similar-image lookup over ${HASHES.toLocaleString('en')} perceptual hashes`);
  const rand = seededRandom(2026);
  const hashes = new Array<string>(HASHES);
  // Nine in ten hashes are independent photos; one in ten is a copy of an earlier one (1–12 bits off),
  // as when several outlets run one photo.
  for (let i = 0; i < HASHES; i++) hashes[i] = i > 100 && rand() < 0.1 ? flip(hashes[Math.floor(rand() * i)], 1 + Math.floor(rand() * 12), rand) : randomHash(rand);
  let t = performance.now();
  const index = new PhashIndex();
  for (let i = 0; i < HASHES; i++) index.add(i, hashes[i]);
  index.search(hashes[0], 0); // the first search lays out the tables
  const buildMs = performance.now() - t;
  const scan = new LinearPhashScan();
  for (let i = 0; i < HASHES; i++) scan.add(i, hashes[i]);
  out(`index build: ${(buildMs / 1000).toFixed(1)} s (${((buildMs * 1000) / HASHES).toFixed(2)} µs per hash); heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB with the linear copy`);
  // Queries: half near copies of stored photos (0–6 bits off), half unrelated photos.
  const queries = Array.from({ length: 1000 }, (_, q) => (q % 2 ? randomHash(rand) : flip(hashes[Math.floor(rand() * HASHES)], Math.floor(rand() * 7), rand)));
  for (const radius of [6, SIMILAR_DISTANCE, 14]) {
    const indexMs: number[] = [];
    let found = 0;
    for (const q of queries) {
      t = performance.now();
      found += index.search(q, radius).length;
      indexMs.push(performance.now() - t);
    }
    const scanMs: number[] = [];
    let agree = 0;
    for (const q of queries.slice(0, 100)) {
      t = performance.now();
      const linear = scan.search(q, radius);
      scanMs.push(performance.now() - t);
      if (JSON.stringify(linear) === JSON.stringify(index.search(q, radius))) agree++;
    }
    out(`distance ≤ ${radius}: index p50 ${ms(pct(indexMs, 50))} p95 ${ms(pct(indexMs, 95))} max ${ms(pct(indexMs, 100))} (${queries.length} queries, ${(found / queries.length).toFixed(1)} hits each) | linear scan p50 ${ms(pct(scanMs, 50))} p95 ${ms(pct(scanMs, 95))} (100 queries) | speed-up p50 ${(pct(scanMs, 50) / pct(indexMs, 50)).toFixed(0)}×, p95 ${(pct(scanMs, 95) / pct(indexMs, 95)).toFixed(0)}× | same answers ${agree}/100${radius === SIMILAR_DISTANCE ? ' (target p95 ≤ 20 ms)' : ''}`);
  }
}

async function classification(): Promise<void> {
  out(`\n## Change classification on ${PAIRS} generated pairs (${PAIR_KINDS.join(', ')}; ${PAIRS / PAIR_KINDS.length} of each)`);
  const verdicts: Verdict[] = ['same', 'edited', 'replaced'];
  const confusion = new Map<string, number>();
  const byKind = new Map<PairKind, { right: number; total: number; phash: number[] }>();
  const ious: number[] = [];
  const compareMs: number[] = [];
  const wrong: string[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const pair = await makePair(i);
    const t = performance.now();
    const { change } = await compareInDetail(pair.old, pair.new);
    compareMs.push(performance.now() - t);
    confusion.set(`${pair.verdict}>${change.kind}`, (confusion.get(`${pair.verdict}>${change.kind}`) ?? 0) + 1);
    const k = byKind.get(pair.kind) ?? { right: 0, total: 0, phash: [] };
    k.total++;
    if (change.kind === pair.verdict) k.right++;
    else wrong.push(`#${i} ${pair.kind} → ${change.kind}`);
    const [a, b] = await Promise.all([analyzeImage(pair.old), analyzeImage(pair.new)]);
    if (a.ok && b.ok) k.phash.push(hammingDistance(a.facts.phash, b.facts.phash));
    byKind.set(pair.kind, k);
    if (change.kind === 'edited' && pair.truth) ious.push(overlap(change.region, pair.truth));
  }
  out(`confusion (rows: truth, columns: verdict): ${verdicts.join(' / ')}`);
  for (const truth of verdicts) out(`  ${truth.padEnd(8)} ${verdicts.map((v) => String(confusion.get(`${truth}>${v}`) ?? 0).padStart(5)).join(' ')}`);
  for (const v of verdicts) {
    const tp = confusion.get(`${v}>${v}`) ?? 0;
    const predicted = verdicts.reduce((s, t) => s + (confusion.get(`${t}>${v}`) ?? 0), 0);
    const actual = verdicts.reduce((s, p) => s + (confusion.get(`${v}>${p}`) ?? 0), 0);
    out(`${v.padEnd(8)} precision ${(tp / predicted).toFixed(3)} recall ${(tp / actual).toFixed(3)} (target ≥ 0.95 each)`);
  }
  for (const [kind, k] of byKind) out(`  ${kind.padEnd(18)} ${k.right}/${k.total} right; pHash distance median ${pct(k.phash, 50)}, range ${Math.min(...k.phash)}–${Math.max(...k.phash)}`);
  const good = ious.filter((x) => x >= 0.5).length;
  out(`edited region vs the painted-out figure's box: IoU median ${pct(ious, 50).toFixed(2)}, ≥ 0.5 in ${good}/${ious.length}, > 0 in ${ious.filter((x) => x > 0).length}/${ious.length}`);
  out(`compareImages: p50 ${ms(pct(compareMs, 50))} p95 ${ms(pct(compareMs, 95))} per pair`);
  if (wrong.length) out(`misclassified: ${wrong.join('; ')}`);
}

async function captureCost(): Promise<void> {
  out('\n## Capture cost per image (analyzeImage: sniff, header, decode, SHA-256, pHash, 320 px thumbnail)');
  const dir = join(ROOT, 'testdata/photos');
  const samples: Array<[string, Uint8Array]> = readdirSync(dir).filter((f) => f.endsWith('.jpg')).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]);
  for (let seed = 0; seed < 20; seed++) {
    const s = makeScene(seed);
    samples.push([`scene ${seed}`, new Uint8Array(await sharp(s.draw(), { raw: { width: s.width, height: s.height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer())]);
  }
  const big = makeScene(99);
  const bigPhoto = new Uint8Array(await sharp(big.draw(), { raw: { width: big.width, height: big.height, channels: 3 } }).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer());
  for (const [label, set] of [['news photos (600–800 px wide JPEG, 15–70 KB)', samples], ['a 12 MP camera JPEG (4000×3000)', [['12 MP', bigPhoto]] as Array<[string, Uint8Array]>]] as const) {
    const times: number[] = [];
    const thumbs: number[] = [];
    for (let round = 0; round < (set.length > 1 ? 5 : 10); round++)
      for (const [, bytes] of set) {
        const t = performance.now();
        const result = await analyzeImage(bytes);
        times.push(performance.now() - t);
        if (result.ok) thumbs.push(result.thumbnail.length);
      }
    const avgBytes = set.reduce((s, [, b]) => s + b.length, 0) / set.length;
    out(`${label}: p50 ${ms(pct(times, 50))} p95 ${ms(pct(times, 95))} per image (input ${(avgBytes / 1024).toFixed(0)} KB avg); thumbnail ${(thumbs.reduce((a, b) => a + b, 0) / thumbs.length / 1024).toFixed(1)} KB avg`);
  }
}

/** How far a centred crop's pHash lands from the whole picture's: what the similar-image search can reach. */
async function cropDistances(): Promise<void> {
  out('\n## pHash distance of a centred crop from the whole picture (20 scenes)');
  const cells: string[] = [];
  const scenes = await Promise.all(Array.from({ length: 20 }, async (_, seed) => {
    const s = makeScene(300 + seed);
    return { s, bytes: await sharp(s.draw(), { raw: { width: s.width, height: s.height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer() };
  }));
  for (const keep of [0.95, 0.9, 0.85, 0.8, 0.7]) {
    const distances: number[] = [];
    const probed: number[] = [];
    for (const { s, bytes } of scenes) {
      const w = Math.round(s.width * keep), h = Math.round(s.height * keep);
      const crop = await sharp(bytes).extract({ left: Math.round((s.width - w) / 2), top: Math.round((s.height - h) / 2), width: w, height: h }).jpeg({ quality: 80 }).toBuffer();
      const [a, b] = await Promise.all([analyzeImage(bytes), analyzeImage(crop)]);
      if (!a.ok || !b.ok) continue;
      distances.push(hammingDistance(a.facts.phash, b.facts.phash));
      const probes = [a.facts.phash, ...(await cropProbeHashes(bytes))];
      probed.push(Math.min(...probes.map((p) => hammingDistance(p, b.facts.phash))));
    }
    const within = (xs: number[]) => `${xs.filter((d) => d <= SIMILAR_DISTANCE).length}/${xs.length}`;
    cells.push(`keep ${Math.round(keep * 100)}%: median ${pct(distances, 50)}, ≤ ${SIMILAR_DISTANCE} in ${within(distances)}; with crop probes median ${pct(probed, 50)}, ≤ ${SIMILAR_DISTANCE} in ${within(probed)}`);
  }
  for (const cell of cells) out(cell);
}
