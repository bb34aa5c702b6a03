// npm run eval:stories — precision and recall of story clustering and language linking on the labelled
// pairs in testdata/stories (read and labelled by hand; see docs/stories.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_STORY_CONFIG, type StoryConfig } from '../src/stories/config.js';
import { decide } from '../src/stories/decide.js';
import { storyFeatures, type StoryFeatures } from '../src/stories/features.js';
import { dayDistance, linkScore } from '../src/stories/language-links.js';
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
const articles = new Map([...lines<LabelledArticle>('articles.jsonl'), ...lines<LabelledArticle>('language-links-articles.jsonl')].map((a) => [a.key, a]));
const pairs = lines<{ a: string; b: string; label: 'same' | 'different'; category: string }>('pairs.jsonl');
const langPairs = lines<{ es: string; en: string; label: 'pair' | 'not-pair' }>('language-pairs.jsonl');
/** Links the linker made in two imported archives (a sparse random sample and dense periods), each read and labelled. */
const foundLinks = lines<{ es: string; en: string; label: 'pair' | 'not-pair'; archive: 'sparse' | 'dense' }>('language-links-found.jsonl');
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

const side = (key: string) => {
  const a = articles.get(key)!;
  return { lang: a.lang, published: a.published, family: 'kcna', anchors: feat(key).anchors };
};

/** How the score weighed the days between two versions before: within ±3 days, 1, 0.95, 0.8, 0.6. */
const FORMER_DATE_FACTORS = [1, 0.95, 0.8, 0.6];

/** A pair's confidence; `former` scores it as the linker did before (±3 days, the former date factors). */
function confidence(es: string, en: string, c: StoryConfig, former = false): number {
  if (!former) return linkScore(side(es), side(en), c.linkWindowDays).confidence;
  const s = linkScore(side(es), side(en), FORMER_DATE_FACTORS.length - 1);
  if (s.confidence === 0) return 0;
  const days = dayDistance(articles.get(es)!.published, articles.get(en)!.published);
  return (s.confidence / s.dateFactor) * FORMER_DATE_FACTORS[days];
}

/**
 * Links found in imported archives: a link is kept when its confidence reaches `linkConfidence` and shown when
 * it reaches `threshold`. Precision is that of shown links; recall counts shown true links among all true ones.
 */
function found(c: StoryConfig, threshold = c.linkShown, archive?: 'sparse' | 'dense', former = false) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: string[] = [];
  for (const p of foundLinks) {
    if (archive && p.archive !== archive) continue;
    const conf = confidence(p.es, p.en, c, former);
    const shown = conf >= threshold && conf >= c.linkConfidence;
    if (shown && p.label === 'pair') tp++;
    else if (shown) {
      fp++;
      errors.push(`wrong link shown (${conf.toFixed(2)}, ${p.archive}): ${articles.get(p.es)!.title} / ${articles.get(p.en)!.title}`);
    } else if (p.label === 'pair') fn++;
  }
  return { ...prf(tp, fp, fn), errors };
}

/** Language links: a labelled pair is linked when its confidence reaches the threshold and beats the other labelled candidate of the same Spanish story. */
function linking(c: StoryConfig, threshold = c.linkConfidence, former = false) {
  const scored = langPairs.map((p) => ({ ...p, confidence: confidence(p.es, p.en, c, former) }));
  const bestOf = new Map<string, number>();
  for (const p of scored) bestOf.set(p.es, Math.max(bestOf.get(p.es) ?? 0, p.confidence));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: string[] = [];
  for (const p of scored) {
    const linked = p.confidence >= threshold && p.confidence >= bestOf.get(p.es)!;
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
const lnShown = linking(c, c.linkShown);
const shown = { sparse: found(c, c.linkShown, 'sparse'), dense: found(c, c.linkShown, 'dense'), all: found(c, c.linkShown) };
if (json) {
  const quiet = <T extends { errors: string[] }>(r: T) => ({ ...r, errors: undefined });
  process.stdout.write(
    `${JSON.stringify({
      clustering: quiet(cl),
      linking: quiet(ln),
      linkShown: c.linkShown,
      shownLinks: { sparse: quiet(shown.sparse), dense: quiet(shown.dense), all: quiet(shown.all), candidatePairs: quiet(lnShown) },
    })}\n`,
  );
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
  const line = (name: string, r: ReturnType<typeof found>) =>
    process.stdout.write(`  ${name.padEnd(34)} precision ${pct(r.precision)}  recall ${pct(r.recall)}  (tp ${r.tp}, fp ${r.fp}, fn ${r.fn})\n`);
  const n = (archive: string, label: string) => foundLinks.filter((p) => p.archive === archive && p.label === label).length;
  process.stdout.write(
    `shown language links (confidence ≥ ${c.linkShown}): ${foundLinks.length} links found in two imported archives, labelled (sparse: ${n('sparse', 'pair')} right, ${n('sparse', 'not-pair')} wrong; dense: ${n('dense', 'pair')} right, ${n('dense', 'not-pair')} wrong)\n`,
  );
  line('sparse archive (7,000 at random)', shown.sparse);
  line('dense archive (whole weeks)', shown.dense);
  line('both', shown.all);
  line('candidate pairs above (best of two)', lnShown);
  for (const e of shown.all.errors) process.stdout.write(`  · ${e}\n`);
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
  const curve = (former: boolean) => {
    process.stdout.write('  confidence ≥   sparse P / R    dense P / R     both P / R      candidate pairs P / R\n');
    for (const t of [0.1, 0.15, 0.2, 0.225, 0.25, 0.275, 0.3, 0.325, 0.35, 0.4, 0.5]) {
      const cell = (r: { precision: number; recall: number }) => `${r.precision.toFixed(3)} / ${r.recall.toFixed(3)}`.padEnd(16);
      const mark = t === c.linkShown && !former ? ' ← shown' : '';
      process.stdout.write(
        `  ${String(t).padEnd(13)} ${cell(found(c, t, 'sparse', former))}${cell(found(c, t, 'dense', former))}${cell(found(c, t, undefined, former))}${cell(linking(c, t, former))}${mark}\n`,
      );
    }
  };
  process.stdout.write(`\nsweep (links, as scored now: ±${c.linkWindowDays} day, date factors 1 and 0.6): shown from confidence → precision / recall\n`);
  curve(false);
  process.stdout.write('\nsweep (links, as scored before: ±3 days, date factors 1, 0.95, 0.8, 0.6)\n');
  curve(true);
}
