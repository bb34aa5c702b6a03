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
  /** How many separate appearances the report tells (fresh sample). */
  appearances?: number;
  kind?: string;
  /** Audit set: the drawn appearance is a genuine public appearance not counted through another report. */
  separate?: boolean;
  /** Audit set: a genuine appearance already counted through another report (a translation, a next-day text). */
  duplicate?: boolean;
}

const extractor = new Extractor();
const verbose = process.argv.includes('--verbose');
const pct = (x: number, y: number) => (y ? (x / y).toFixed(3) : '—');

function evaluate(name: string, presetName: string, fields: boolean): void {
const file = join(ROOT, 'testdata', 'tracker', name);
const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { expected: Expected; audit?: { order: number } });
const preset = resolvePreset({ preset: presetName });

const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
const field = () => ({ predicted: 0, expected: 0, correct: 0 });
const date = field();
const place = field();
const comp = { predicted: 0, expected: 0, correct: 0, reports: 0, exactOrder: 0 };
const units = { predicted: 0, expected: 0, correct: 0 };
const kind = { right: 0, of: 0 };
// Audit set: is the drawn appearance (the report's appearance number `audit.order`) still given?
const drawn = { given: 0, separate: 0, separateGiven: 0, duplicateGiven: 0, duplicates: 0 };

for (const r of records) {
  const n = normalizeArticle(preset.toRaw(r), preset.rules);
  if (!n.ok) throw new Error(`${String(r.url ?? r.link)}: ${n.reason}`);
  const a = n.article;
  const all = extractor.extract({ title: a.title, paragraphs: a.paragraphs, lang: a.lang, published: a.published }).appearances;
  const got = all[0];
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
  if (r.audit) {
    const given = all.filter((x) => x.person === 'kim-jong-un').length > r.audit.order;
    if (given) drawn.given++;
    if (exp.separate) drawn.separate++;
    if (exp.separate && given) drawn.separateGiven++;
    if (exp.duplicate) drawn.duplicates++;
    if (exp.duplicate && given) drawn.duplicateGiven++;
  }
  const expUnits = exp.appearances ?? (exp.appearance ? 1 : 0);
  const gotUnits = all.filter((x) => x.person === (exp.person ?? x.person)).length;
  units.expected += expUnits;
  units.predicted += all.length;
  units.correct += Math.min(expUnits, gotUnits);
  if (ok && exp.kind) {
    kind.of++;
    if (got.kind === exp.kind) kind.right++;
  }
  if (verbose && (!!got !== exp.appearance || gotUnits !== expUnits || (fields && got && exp.appearance && (got.date !== exp.date || got.place !== exp.place)))) {
    process.stdout.write(`${String(r.url ?? r.link)} ${a.published} ${a.title}\n  expected ${JSON.stringify(exp)}\n  got      ${JSON.stringify(all)}\n`);
  }
  if (!fields) continue;
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

const reports = records.length;
const positives = records.filter((r) => r.expected.appearance).length;
process.stdout.write(`\n${name}: ${reports} hand-checked reports (${positives} appearances, ${reports - positives} not)\n\n`);
process.stdout.write('| field | precision | recall | counts |\n| --- | --- | --- | --- |\n');
process.stdout.write(`| appearance (report) | ${pct(c.tp, c.tp + c.fp)} | ${pct(c.tp, c.tp + c.fn)} | ${c.tp} right, ${c.fp} wrong, ${c.fn} missed |\n`);
process.stdout.write(`| appearances (each visit) | ${pct(units.correct, units.predicted)} | ${pct(units.correct, units.expected)} | ${units.correct} right of ${units.predicted} given, ${units.expected} in the reports |\n`);
if (records.some((r) => r.audit)) {
  process.stdout.write(`| drawn appearance, genuine and separate | ${pct(drawn.separateGiven, drawn.given)} | ${pct(drawn.separateGiven, drawn.separate)} | ${drawn.separateGiven} right of ${drawn.given} given (all ${records.length} were given when drawn), ${drawn.separate} genuine; double counts still given: ${drawn.duplicateGiven} of ${drawn.duplicates} |\n`);
}
if (kind.of) process.stdout.write(`| kind | ${pct(kind.right, kind.of)} | | ${kind.right} of ${kind.of} found appearances |\n`);
if (!fields) return;
process.stdout.write(`| date | ${pct(date.correct, date.predicted)} | ${pct(date.correct, date.expected)} | ${date.correct} right of ${date.predicted} given, ${date.expected} in the reports |\n`);
process.stdout.write(`| place | ${pct(place.correct, place.predicted)} | ${pct(place.correct, place.expected)} | ${place.correct} right of ${place.predicted} given, ${place.expected} in the reports |\n`);
process.stdout.write(
  `| companions (names) | ${pct(comp.correct, comp.predicted)} | ${pct(comp.correct, comp.expected)} | ${comp.correct} right of ${comp.predicted} given, ${comp.expected} in ${comp.reports} reports; order exact in ${comp.exactOrder} |\n`,
);
}

// The set the rules were written against (kcna.co.jp 1997–2018), then the fresh sample (kcna.kp 2023–2024,
// drawn by `npm run tracker:sample`, labelled before it was run through the tracker).
evaluate('kcna-co-jp-reports.jsonl', 'kcna-co-jp', true);
evaluate('kcna-kp-fresh-sample.jsonl', 'kcna-kp-stiles', false);
// The next 40 of the same draw, labelled after the rules were last corrected.
evaluate('kcna-kp-holdout.jsonl', 'kcna-kp-stiles', false);
// The precision audit of the widened rules: 90 of Kim Jong Un's 2015–2017 events they added (`npm run tracker:audit`).
evaluate('kcna-co-jp-audit-2015-2017.jsonl', 'kcna-co-jp', false);
