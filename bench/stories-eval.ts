// npm run eval:stories — precision and recall of story clustering and language linking on the labelled
// pairs in testdata/stories (read and labelled by hand; see docs/stories.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_STORY_CONFIG, type StoryConfig } from '../src/stories/config.js';
import { decide } from '../src/stories/decide.js';
import { storyFeatures, type StoryFeatures } from '../src/stories/features.js';
import { linkScore } from '../src/stories/language-links.js';
import { bandKeys } from '../src/stories/lsh.js';
import { ROOT } from './corpus.js';

interface LabelledArticle {
  key: string;
  source: string;
  lang: string;
  published: string;
  title: string;
  body: string[];
}

const dir = join(ROOT, 'testdata', 'stories');
const lines = <T>(f: string): T[] => readFileSync(join(dir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
const articles = new Map(lines<LabelledArticle>('articles.jsonl').map((a) => [a.key, a]));
const pairs = lines<{ a: string; b: string; label: 'same' | 'different'; category: string }>('pairs.jsonl');
const langPairs = lines<{ es: string; en: string; label: 'pair' | 'not-pair' }>('language-pairs.jsonl');
const json = process.argv.includes('--json');
const sweep = process.argv.includes('--sweep');

const features = new Map<string, StoryFeatures>();
const feat = (key: string) => {
  let f = features.get(key);
  if (!f) {
    const a = articles.get(key)!;
    f = storyFeatures({ title: a.title, paragraphs: a.body });
    features.set(key, f);
  }
  return f;
};

function prf(tp: number, fp: number, fn: number) {
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

/** Clustering as the ingest hook does it: an LSH candidate, then the exact decision. */
function clustering(c: StoryConfig) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const byCategory: Record<string, { n: number; predictedSame: number }> = {};
  const errors: string[] = [];
  for (const p of pairs) {
    const A = articles.get(p.a)!;
    const B = articles.get(p.b)!;
    const fa = feat(p.a);
    const fb = feat(p.b);
    const ka = new Set(bandKeys(fa.signature, c.bands, c.rows));
    const candidate = bandKeys(fb.signature, c.bands, c.rows).some((k) => ka.has(k));
    const d = decide({ shingles: fa.shingles, anchors: fa.bodyAnchors, published: A.published }, { shingles: fb.shingles, anchors: fb.bodyAnchors, published: B.published }, c);
    const predicted = candidate && d.same;
    const cat = (byCategory[p.category] ??= { n: 0, predictedSame: 0 });
    cat.n++;
    if (predicted) cat.predictedSame++;
    if (predicted && p.label === 'same') tp++;
    else if (predicted) {
      fp++;
      errors.push(`false merge: ${A.title} / ${B.title} (J ${d.jaccard.toFixed(2)}, ${d.days} days, novel ${d.novel})`);
    } else if (p.label === 'same') {
      fn++;
      errors.push(`missed: ${A.title} / ${B.title} (J ${d.jaccard.toFixed(2)}, ${d.days} days, novel ${d.novel}, candidate ${candidate})`);
    }
  }
  return { ...prf(tp, fp, fn), byCategory, errors };
}

/** Language links: a labelled pair is linked when its confidence reaches the threshold and beats the other labelled candidate of the same Spanish story. */
function linking(c: StoryConfig) {
  const side = (key: string) => {
    const a = articles.get(key)!;
    return { lang: a.lang, published: a.published, family: 'kcna', anchors: feat(key).anchors };
  };
  const scored = langPairs.map((p) => ({ ...p, confidence: linkScore(side(p.es), side(p.en), c.linkWindowDays).confidence }));
  const bestOf = new Map<string, number>();
  for (const p of scored) bestOf.set(p.es, Math.max(bestOf.get(p.es) ?? 0, p.confidence));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: string[] = [];
  for (const p of scored) {
    const linked = p.confidence >= c.linkConfidence && p.confidence >= bestOf.get(p.es)!;
    if (linked && p.label === 'pair') tp++;
    else if (linked) {
      fp++;
      errors.push(`wrong link (${p.confidence.toFixed(2)}): ${articles.get(p.es)!.title} / ${articles.get(p.en)!.title}`);
    } else if (p.label === 'pair') {
      fn++;
      errors.push(`missed (${p.confidence.toFixed(2)}): ${articles.get(p.es)!.title} / ${articles.get(p.en)!.title}`);
    }
  }
  return { ...prf(tp, fp, fn), errors };
}

const c = DEFAULT_STORY_CONFIG;
const cl = clustering(c);
const ln = linking(c);
if (json) {
  process.stdout.write(`${JSON.stringify({ clustering: { ...cl, errors: undefined }, linking: { ...ln, errors: undefined } })}\n`);
} else {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  process.stdout.write(`clustering: ${pairs.length} labelled pairs (${pairs.filter((p) => p.label === 'same').length} same story)\n`);
  process.stdout.write(`  precision ${pct(cl.precision)}  recall ${pct(cl.recall)}  (tp ${cl.tp}, fp ${cl.fp}, fn ${cl.fn})\n`);
  for (const [k, v] of Object.entries(cl.byCategory)) process.stdout.write(`  ${k.padEnd(11)} ${String(v.n).padStart(4)} pairs, clustered together: ${v.predictedSame}\n`);
  process.stdout.write(`  settings: ${c.permutations} permutations, ${c.bands} bands × ${c.rows} rows, ${c.wordShingle}-word shingles; within ${c.sameStoryDays} days Jaccard ≥ ${c.jaccard} (≤ ${c.maxNovel} novel) or Jaccard ≥ ${c.closeJaccard} / containment ≥ ${c.containment} (≤ ${c.closeMaxNovel} novel); further apart Jaccard ≥ ${c.farJaccard}, ≥ ${c.farMinShingles} shingles, ≤ ${c.farMaxNovel} novel\n`);
  for (const e of cl.errors) process.stdout.write(`  · ${e}\n`);
  process.stdout.write(`language links: ${langPairs.length} labelled English–Spanish pairs (${langPairs.filter((p) => p.label === 'pair').length} true)\n`);
  process.stdout.write(`  precision ${pct(ln.precision)}  recall ${pct(ln.recall)}  (tp ${ln.tp}, fp ${ln.fp}, fn ${ln.fn}); confidence ≥ ${c.linkConfidence}, window ±${c.linkWindowDays} days\n`);
  for (const e of ln.errors) process.stdout.write(`  · ${e}\n`);
}
if (sweep) {
  process.stdout.write('\nsweep (clustering): one setting changed at a time → precision recall\n');
  const variants: [string, Partial<StoryConfig>][] = [
    ['defaults', {}],
    ['jaccard 0.8', { jaccard: 0.8 }],
    ['jaccard 0.95', { jaccard: 0.95 }],
    ['maxNovel 2', { maxNovel: 2 }],
    ['maxNovel 100', { maxNovel: 100 }],
    ['closeJaccard 0.7', { closeJaccard: 0.7 }],
    ['closeJaccard 0.9', { closeJaccard: 0.9 }],
    ['containment 0.8', { containment: 0.8 }],
    ['closeMaxNovel 0', { closeMaxNovel: 0 }],
    ['closeMaxNovel 2', { closeMaxNovel: 2 }],
    ['sameStoryDays 3', { sameStoryDays: 3 }],
    ['sameStoryDays 30', { sameStoryDays: 30 }],
    ['farMinShingles 50', { farMinShingles: 50 }],
    ['farMaxNovel 0', { farMaxNovel: 0 }],
    ['farJaccard 0.8', { farJaccard: 0.8 }],
    ['no names/numbers check', { maxNovel: 1e9, closeMaxNovel: 1e9, farMaxNovel: 1e9 }],
    ['plain Jaccard ≥ 0.5, no time or names', { jaccard: 0.5, maxNovel: 1e9, closeJaccard: 0.5, containment: 2, closeMaxNovel: 1e9, sameStoryDays: 1e9 }],
    ['plain Jaccard ≥ 0.8, no time or names', { jaccard: 0.8, maxNovel: 1e9, closeJaccard: 0.8, containment: 2, closeMaxNovel: 1e9, sameStoryDays: 1e9 }],
    ['16 bands × 4 rows', { bands: 16, rows: 4 }],
    ['8 bands × 8 rows', { bands: 8, rows: 8 }],
    ['32 bands × 2 rows', { bands: 32, rows: 2 }],
  ];
  for (const [name, v] of variants) {
    const r = clustering({ ...c, ...v });
    process.stdout.write(`  ${name.padEnd(40)} ${r.precision.toFixed(3)} ${r.recall.toFixed(3)}\n`);
  }
  process.stdout.write('\nsweep (links): confidence → precision recall\n');
  for (const linkConfidence of [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]) {
    const r = linking({ ...c, linkConfidence });
    process.stdout.write(`  ${linkConfidence} → ${r.precision.toFixed(3)} ${r.recall.toFixed(3)}\n`);
  }
}
