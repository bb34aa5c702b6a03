// npm run eval:tracker — field-level precision and recall of the appearance tracker against hand-checked
// reports in testdata/tracker/ (each record carries the values read off the report by hand).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Extractor } from '../src/entities/extract.js';
import { resolvePreset } from '../src/import/presets.js';
import { normalizeArticle } from '../src/normalize/article.js';
import { ROOT } from './corpus.js';

interface Expected {
  appearance: boolean;
  person?: string;
  date?: string | null;
  place?: string | null;
  /** Null: not checked for this report. */
  companions?: string[] | null;
}

const file = join(ROOT, 'testdata', 'tracker', 'kcna-co-jp-reports.jsonl');
const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { expected: Expected });
const preset = resolvePreset({ preset: 'kcna-co-jp' });
const extractor = new Extractor();
const verbose = process.argv.includes('--verbose');

const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
const field = () => ({ predicted: 0, expected: 0, correct: 0 });
const date = field();
const place = field();
const comp = { predicted: 0, expected: 0, correct: 0, reports: 0, exactOrder: 0 };

for (const r of records) {
  const n = normalizeArticle(preset.toRaw(r), preset.rules);
  if (!n.ok) throw new Error(`${String(r.url)}: ${n.reason}`);
  const a = n.article;
  const got = extractor.extract({ title: a.title, paragraphs: a.paragraphs, lang: a.lang, published: a.published }).appearances[0];
  const exp = r.expected;
  const ok = got && exp.appearance && got.person === exp.person;
  if (ok) c.tp++;
  else if (got && !exp.appearance) c.fp++;
  else if (!got && exp.appearance) c.fn++;
  else if (!got && !exp.appearance) c.tn++;
  else {
    c.fp++;
    c.fn++;
  }
  if (verbose && (!!got !== exp.appearance || (got && exp.appearance && (got.date !== exp.date || got.place !== exp.place)))) {
    process.stdout.write(`${String(r.url)} ${a.published} ${a.title}\n  expected ${JSON.stringify(exp)}\n  got      ${JSON.stringify(got ?? null)}\n`);
  }
  if (exp.appearance) {
    if (exp.date) date.expected++;
    if (exp.place) place.expected++;
  }
  if (!got || !ok) continue;
  if (got.date) {
    date.predicted++;
    if (got.date === exp.date) date.correct++;
  }
  if (got.place) {
    place.predicted++;
    if (got.place === exp.place) place.correct++;
  }
  if (exp.companions) {
    comp.reports++;
    const names = got.companions.map((x) => x.name);
    comp.predicted += names.length;
    comp.expected += exp.companions.length;
    comp.correct += names.filter((x) => exp.companions!.includes(x)).length;
    if (names.join('|') === exp.companions.join('|')) comp.exactOrder++;
    if (verbose && names.join('|') !== exp.companions.join('|')) process.stdout.write(`companions ${String(r.url)}\n  expected ${exp.companions.join(', ')}\n  got      ${names.join(', ')}\n`);
  }
}

const pct = (x: number, y: number) => (y ? (x / y).toFixed(3) : '—');
const reports = records.length;
const positives = records.filter((r) => r.expected.appearance).length;
process.stdout.write(`${reports} hand-checked reports (${positives} appearances, ${reports - positives} not)\n\n`);
process.stdout.write('| field | precision | recall | counts |\n| --- | --- | --- | --- |\n');
process.stdout.write(`| appearance | ${pct(c.tp, c.tp + c.fp)} | ${pct(c.tp, c.tp + c.fn)} | ${c.tp} right, ${c.fp} wrong, ${c.fn} missed |\n`);
process.stdout.write(`| date | ${pct(date.correct, date.predicted)} | ${pct(date.correct, date.expected)} | ${date.correct} right of ${date.predicted} given, ${date.expected} in the reports |\n`);
process.stdout.write(`| place | ${pct(place.correct, place.predicted)} | ${pct(place.correct, place.expected)} | ${place.correct} right of ${place.predicted} given, ${place.expected} in the reports |\n`);
process.stdout.write(
  `| companions (names) | ${pct(comp.correct, comp.predicted)} | ${pct(comp.correct, comp.expected)} | ${comp.correct} right of ${comp.predicted} given, ${comp.expected} in ${comp.reports} reports; order exact in ${comp.exactOrder} |\n`,
);
