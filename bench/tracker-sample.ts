// npm run tracker:sample — draws the fresh hand-check sample of the appearance tracker (docs/people.md):
// kcna.kp English 2023–2024, one record per distinct text (the same text under several URLs counts once),
// every article whose headline or opening paragraph names a tracked leader, shuffled with a fixed seed;
// the first SIZE are the sample, the next HOLDOUT a hold-out. Writes .bench/tracker-fresh-draw.jsonl and
// .bench/tracker-holdout-draw.jsonl (records without labels) for labelling by hand; the labelled files are
// testdata/tracker/kcna-kp-fresh-sample.jsonl and testdata/tracker/kcna-kp-holdout.jsonl.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Extractor } from '../src/entities/extract.js';
import { resolvePreset } from '../src/import/presets.js';
import { readRecords } from '../src/import/read-records.js';
import { normalizeArticle } from '../src/normalize/article.js';
import { CORPUS_DIR, ROOT, requireCorpus } from './corpus.js';
import { seededRandom } from './seeded-random.js';

export const SEED = 20_260_415;
export const SIZE = 120;
/** The next draws of the same order: a hold-out labelled after the rules were corrected on the sample. */
export const HOLDOUT = 40;
const file = requireCorpus(join(CORPUS_DIR, 'kcna-kp-en-2023-2024.jsonl.gz'));
const preset = resolvePreset({ preset: 'kcna-kp-stiles' });
const extractor = new Extractor();


const frame: { key: string; record: Record<string, unknown> }[] = [];
const seen = new Set<string>();
for await (const rec of readRecords(file).records) {
  if (!rec.value) continue;
  const n = normalizeArticle(preset.toRaw(rec.value), preset.rules);
  if (!n.ok) continue;
  const a = n.article;
  const text = a.paragraphs.join('\n');
  if (seen.has(text)) continue;
  seen.add(text);
  // The headline and the paragraphs up to the first with text (the dateline's paragraph).
  const firstText = a.paragraphs.findIndex((p) => p.trim().length > 40);
  const opening = a.title.length + 1 + a.paragraphs.slice(0, firstText + 1).reduce((n, p) => n + p.length + 1, 0);
  const found = extractor.extract({ title: a.title, paragraphs: a.paragraphs, lang: a.lang, published: a.published });
  if (!found.mentions.some((m) => extractor.gazetteer.get(m.id)?.tracked && m.start < opening)) continue;
  frame.push({ key: a.url, record: rec.value as Record<string, unknown> });
}
// Sorted first, so the shuffle does not depend on the file's order.
frame.sort((x, y) => x.key.localeCompare(y.key));
const next = seededRandom(SEED);
for (let i = frame.length - 1; i > 0; i--) {
  const j = Math.floor(next() * (i + 1));
  [frame[i], frame[j]] = [frame[j], frame[i]];
}
const sample = frame.slice(0, SIZE);
const dir = join(ROOT, '.bench');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'tracker-fresh-draw.jsonl'), sample.map((s) => JSON.stringify(s.record)).join('\n') + '\n');
const holdout = frame.slice(SIZE, SIZE + HOLDOUT);
writeFileSync(join(dir, 'tracker-holdout-draw.jsonl'), holdout.map((s) => JSON.stringify(s.record)).join('\n') + '\n');
process.stdout.write(`frame: ${frame.length} distinct texts naming a tracked leader in the headline or opening paragraph; seed ${SEED}; sample ${sample.length}, hold-out ${holdout.length}\n`);
