// npm run tracker:corpus — runs extraction and the appearance tracker over a whole dump without a database,
// writes every detected appearance to .bench/appearances-<preset>.jsonl and prints yearly counts per leader
// (reports folded into events as the pages and API fold them). With --from-jsonl it only reads the last run's file.
import { mkdirSync, createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeArticle } from '../src/normalize/article.js';
import { resolvePreset } from '../src/import/presets.js';
import { readRecords } from '../src/import/read-records.js';
import { Extractor } from '../src/entities/extract.js';
import { foldEvents, type StoredAppearance } from '../src/tracker/events.js';
import { KCNA_CO_JP, ROOT, requireCorpus } from './corpus.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const fromJsonl = process.argv.includes('--from-jsonl');
const file = fromJsonl ? '' : requireCorpus(args[0] ?? KCNA_CO_JP);
const presetName = args[1] ?? 'kcna-co-jp';
const preset = resolvePreset({ preset: presetName });
const dir = join(ROOT, '.bench');
mkdirSync(dir, { recursive: true });
const jsonl = join(dir, `appearances-${presetName}.jsonl`);
const all: StoredAppearance[] = [];
let articles = 0;
let reports = 0;
let ms = 0;
if (fromJsonl) {
  // A report's separate visits keep one article id, so they never fold into one event.
  const ids = new Map<string, number>();
  readFileSync(jsonl, 'utf8').trim().split('\n').forEach((l) => {
    const a = JSON.parse(l) as StoredAppearance & { until?: string; url: string; title: string };
    const key = `${a.url}|${a.title}`;
    if (!ids.has(key)) ids.set(key, ids.size + 1);
    all.push({ ...a, articleId: ids.get(key)!, until: a.until ?? null });
  });
  reports = all.length;
} else {
const out = createWriteStream(jsonl);
const extractor = new Extractor();
const texts = new Set<number>();
for await (const rec of readRecords(file).records) {
  if (!rec.value) continue;
  const r = normalizeArticle(preset.toRaw(rec.value), preset.rules);
  if (!r.ok) continue;
  // One text, one article, as the archive stores it: the same text under a second URL or headline is a copy.
  if (texts.has(r.article.textKey)) continue;
  texts.add(r.article.textKey);
  articles++;
  const a = r.article;
  const t = performance.now();
  const found = extractor.extract({ title: a.title, paragraphs: a.paragraphs, lang: a.lang, published: a.published });
  ms += performance.now() - t;
  for (const ap of found.appearances) {
    reports++;
    out.write(JSON.stringify({ url: a.url, title: a.title, lang: a.lang, ...ap }) + '\n');
    all.push({ articleId: articles, person: ap.person, kind: ap.kind, date: ap.date, until: ap.until ?? null, reportDate: ap.reportDate, place: ap.place, companions: ap.companions, lang: a.lang });
  }
}
out.end();
}
const events = new Map<string, Map<string, number>>();
for (const person of new Set(all.map((a) => a.person))) {
  const perYear = new Map<string, number>();
  for (const e of foldEvents(all.filter((a) => a.person === person))) perYear.set(e.day.slice(0, 4), (perYear.get(e.day.slice(0, 4)) ?? 0) + 1);
  events.set(person, perYear);
}
process.stdout.write(`${articles} articles, ${reports} appearance reports, extraction ${(ms / 1000).toFixed(1)} s\n`);
for (const [person, perYear] of events) {
  process.stdout.write(`${person}: ${[...perYear].sort().map(([y, n]) => `${y} ${n}`).join(', ')}\n`);
}
