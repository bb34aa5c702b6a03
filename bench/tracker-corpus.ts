// npm run tracker:corpus — runs extraction and the appearance tracker over a whole dump without a database,
// writes every detected appearance to .bench/appearances-<preset>.jsonl and prints yearly counts per leader
// (one event counted once: same leader, same event date, same place or kind).
import { mkdirSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { normalizeArticle } from '../src/normalize/article.js';
import { resolvePreset } from '../src/import/presets.js';
import { readRecords } from '../src/import/read-records.js';
import { Extractor } from '../src/entities/extract.js';
import { eventKey } from '../src/tracker/events.js';
import { KCNA_CO_JP, ROOT, requireCorpus } from './corpus.js';

const file = requireCorpus(process.argv[2] ?? KCNA_CO_JP);
const presetName = process.argv[3] ?? 'kcna-co-jp';
const preset = resolvePreset({ preset: presetName });
const dir = join(ROOT, '.bench');
mkdirSync(dir, { recursive: true });
const out = createWriteStream(join(dir, `appearances-${presetName}.jsonl`));
const extractor = new Extractor();
const events = new Map<string, Map<string, Set<string>>>();
let articles = 0;
let reports = 0;
let ms = 0;
for await (const rec of readRecords(file).records) {
  if (!rec.value) continue;
  const r = normalizeArticle(preset.toRaw(rec.value), preset.rules);
  if (!r.ok) continue;
  articles++;
  const a = r.article;
  const t = performance.now();
  const found = extractor.extract({ title: a.title, paragraphs: a.paragraphs, lang: a.lang, published: a.published });
  ms += performance.now() - t;
  for (const ap of found.appearances) {
    reports++;
    out.write(JSON.stringify({ url: a.url, title: a.title, lang: a.lang, ...ap }) + '\n');
    const year = (ap.date ?? ap.reportDate).slice(0, 4);
    const perYear = events.get(ap.person) ?? new Map<string, Set<string>>();
    events.set(ap.person, perYear);
    const set = perYear.get(year) ?? new Set<string>();
    perYear.set(year, set);
    set.add(eventKey(ap));
  }
}
out.end();
process.stdout.write(`${articles} articles, ${reports} appearance reports, extraction ${(ms / 1000).toFixed(1)} s\n`);
for (const [person, perYear] of events) {
  process.stdout.write(`${person}: ${[...perYear].sort().map(([y, s]) => `${y} ${s.size}`).join(', ')}\n`);
}
