// npm run tracker:audit -- --old FILE [--new FILE] — draws the precision audit of the widened tracker rules
// (docs/people.md › Precision audit): Kim Jong Un's events of 2015–2017 in the kcna.co.jp corpus that the
// rules before the widening did not find. Both files are `npm run tracker:corpus` outputs
// (.bench/appearances-kcna-co-jp.jsonl): --old from a checkout of the rules before the widening, --new
// (default: this checkout's last run). Reports of each run are folded into events as the pages fold them;
// an event is new when none of its reports' appearances was found before (a report's second visit is new).
// Sorted by day and first URL, shuffled with mulberry32 (SEED), the first SIZE are the draw: written to
// .bench/tracker-audit-draw.jsonl as the corpus records, each with the event it stands for and the other
// events of the same leader within two days (to judge double counts). The labelled file is
// testdata/tracker/kcna-co-jp-audit-2015-2017.jsonl.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords } from '../src/import/read-records.js';
import { foldEvents, type StoredAppearance, type TrackedEvent } from '../src/tracker/events.js';
import { KCNA_CO_JP, ROOT, requireCorpus } from './corpus.js';
import { seededRandom } from './seeded-random.js';

export const SEED = 20_261_205;
export const SIZE = 90;
const PERSON = 'kim-jong-un';
const YEARS = ['2015', '2016', '2017'];

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const oldFile = arg('--old');
if (!oldFile) {
  process.stderr.write('usage: npm run tracker:audit -- --old FILE [--new FILE]\n');
  process.exit(2);
}
const newFile = arg('--new') ?? join(ROOT, '.bench', 'appearances-kcna-co-jp.jsonl');

interface Row extends StoredAppearance {
  url: string;
  title: string;
  /** Order of the appearance in its report (0: the first). */
  order: number;
  evidence: { verb: string };
}

function load(file: string): Row[] {
  const ids = new Map<string, number>();
  const order = new Map<string, number>();
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => {
    const a = JSON.parse(l) as Row & { until?: string };
    // One report is one article: its visits never fold into one event.
    const key = `${a.url}|${a.title}`;
    if (!ids.has(key)) ids.set(key, ids.size + 1);
    const k = `${key}|${a.person}`;
    const n = order.get(k) ?? 0;
    order.set(k, n + 1);
    return { ...a, articleId: ids.get(key)!, until: a.until ?? null, order: n };
  });
}

const key = (r: Row) => `${r.url}|${r.title}|${r.person}|${r.order}`;
const before = new Set(load(oldFile).map(key));
const rows = load(newFile).filter((r) => r.person === PERSON);
const byArticle = new Map<number, Row[]>();
for (const r of rows) byArticle.set(r.articleId, [...(byArticle.get(r.articleId) ?? []), r]);

// Which rows make up each event: foldEvents keeps the articles, so match each event to its rows.
const events = foldEvents(rows).filter((e) => YEARS.includes(e.day.slice(0, 4)));
const rowsOf = (e: TrackedEvent): Row[] => {
  const out: Row[] = [];
  for (const id of e.reports) {
    const candidates = byArticle.get(id)!;
    // The visit of the article that fits the event best: same date and place, else the first.
    out.push(candidates.find((r) => (r.date ?? r.reportDate) === e.day && r.place === e.place && r.kind === e.kind) ?? candidates.find((r) => (r.date ?? r.reportDate) === e.day) ?? candidates[0]);
  }
  return out;
};
const fresh = events.filter((e) => rowsOf(e).every((r) => !before.has(key(r))));
const perYear = Object.fromEntries(YEARS.map((y) => [y, { events: events.filter((e) => e.day.startsWith(y)).length, new: fresh.filter((e) => e.day.startsWith(y)).length }]));

const frame = fresh.map((e) => ({ e, rows: rowsOf(e), sortKey: `${e.day}|${rowsOf(e)[0].url}|${rowsOf(e)[0].order}` }));
frame.sort((x, y) => x.sortKey.localeCompare(y.sortKey));
const next = seededRandom(SEED);
for (let i = frame.length - 1; i > 0; i--) {
  const j = Math.floor(next() * (i + 1));
  [frame[i], frame[j]] = [frame[j], frame[i]];
}
const draw = frame.slice(0, SIZE);

// The corpus records of the drawn reports (the first report of each event; a URL may carry several titles).
const wanted = new Set(draw.map((d) => d.rows[0].url));
const drawn = draw.map((d) => ({ url: d.rows[0].url, title: d.rows[0].title }));
const seenRecords = new Map<string, Record<string, unknown>[]>();
for await (const rec of readRecords(requireCorpus(KCNA_CO_JP)).records) {
  const url = rec.value?.url;
  if (typeof url === 'string' && wanted.has(url)) seenRecords.set(url, [...(seenRecords.get(url) ?? []), rec.value!]);
}
const squash = (s: unknown) => String(s ?? '').replace(/\s+/g, ' ').trim();
const records = new Map<string, Record<string, unknown>>();
for (const { url, title: t } of drawn) {
  const title = squash(t);
  const list = seenRecords.get(url) ?? [];
  const r = list.find((x) => squash(x.title) === title) ?? list.find((x) => squash(x.body).includes(title.slice(0, 30))) ?? list[0];
  if (r) records.set(`${url}|${t}`, r);
}
const near = (e: TrackedEvent) =>
  events
    .filter((x) => x !== e && Math.abs(Date.parse(x.day) - Date.parse(e.day)) <= 2 * 86_400_000)
    .map((x) => {
      const r = rowsOf(x)[0];
      return `${x.day} ${x.kind} ${x.place ?? '-'} | ${r.title.slice(0, 90)} | ${r.url.slice(-26)}${x.reports.length > 1 ? ` (+${x.reports.length - 1})` : ''}`;
    });
const out = draw.map((d, i) => ({
  ...records.get(`${d.rows[0].url}|${d.rows[0].title}`),
  audit: {
    draw: i + 1,
    day: d.e.day,
    kind: d.e.kind,
    place: d.e.place,
    order: d.rows[0].order,
    verb: d.rows[0].evidence.verb,
    reports: d.rows.map((r) => `${r.lang} ${r.url}`),
    near: near(d.e),
  },
}));
writeFileSync(join(ROOT, '.bench', 'tracker-audit-draw.jsonl'), out.map((o) => JSON.stringify(o)).join('\n') + '\n');
process.stdout.write(`${PERSON} events by year (all, new): ${JSON.stringify(perYear)}\nframe: ${frame.length} new events; seed ${SEED}; draw ${draw.length} (missing records: ${draw.length - records.size})\n`);
