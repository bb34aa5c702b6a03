// npm run bench:search — search over the 138,351-article kcna.co.jp corpus (plus the Korean sample),
// then over a generated 10× corpus: query latency (first page + total + facets), timelines, and the
// speed-up over a brute-force scan of the same texts in this process.
import { rmSync, existsSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../src/import/importer.js';
import { attachSearch, searchOf } from '../src/search/attach.js';
import { planQuery, type PlanNode } from '../src/search/query/plan.js';
import type { SqliteSearch } from '../src/search/sqlite/sqlite-search.js';
import { foldHangul, foldLatin } from '../src/search/text/fold.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { CORPUS_DIR, requireCorpus, ROOT } from './corpus.js';
import { INTERVALS, QUERIES, TIMELINE_QUERIES } from './search-mix.js';

const RUNS = 5;
/** Highest id of the original (1×) articles; the 10× copies come after it. */
let baseMax = 0;

const corpus = requireCorpus();
const korean = join(CORPUS_DIR, 'kcna-kp-ko-2026.jsonl.gz');
const dir = join(ROOT, '.bench');
const out = (s = '') => process.stdout.write(`${s}\n`);

out(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (QUERIES.length !== 50) throw new Error(`the mix must have 50 queries, has ${QUERIES.length}`);

const db1 = join(dir, 'search-1x.db');
// SEARCH_BENCH_REUSE=1 starts from an archive a previous run kept (SEARCH_BENCH_KEEP=1) instead of importing.
const reuse = process.env.SEARCH_BENCH_REUSE === '1' && existsSync(db1);
if (!reuse) removeDb(db1);
let store = await openStore(db1);

let t = performance.now();
if (!reuse) {
  await importFile(store, corpus, { spec: { preset: 'kcna-co-jp' } });
  if (existsSync(korean)) await importFile(store, korean, { spec: { preset: 'nkarchive-ko' } });
  out(`import with indexing: ${secs(t)} s`);
}
let search = searchOf(store) as SqliteSearch;
t = performance.now();
const built = await search.reindex();
out(`index build (reindex of ${built.articles} articles, then optimize): ${built.seconds.toFixed(1)} s; database ${dbMb(db1)} MB`);
const one = await measure(search, '1×');
const brute = await bruteForce(store, search, 1);
out(`brute force (1×): ${fmt(brute.total)} ms for the 50 queries, index ${fmt(one.sum)} ms: speed-up ${(brute.total / one.sum).toFixed(0)}× overall, median per query ${brute.median.toFixed(0)}× (target ≥ 50×)`);

if (process.env.SEARCH_BENCH_SKIP_10X === '1') {
  await store.close();
  process.exit(0);
}
// 10×: nine shifted copies of every article, made in SQL, then indexed.
t = performance.now();
multiply(store, 10);
out(`10× corpus generated in ${secs(t)} s`);
const rebuilt = await search.reindex();
out(`index build 10× (${rebuilt.articles} articles): ${rebuilt.seconds.toFixed(1)} s; database ${dbMb(db1)} MB`);
await store.close();
store = await openStore(db1);
search = searchOf(store) as SqliteSearch;
const ten = await measure(search, '10×');
const brute10 = await bruteForce(store, search, 10);
out(`brute force (10×, ten passes over the 1× texts, which the copies repeat): ${fmt(brute10.total)} ms, index ${fmt(ten.sum)} ms: speed-up ${(brute10.total / ten.sum).toFixed(0)}× overall, median ${brute10.median.toFixed(0)}×`);
out(JSON.stringify({ one: one.summary, ten: ten.summary, bruteSpeedup1x: brute.total / one.sum, bruteSpeedup10x: brute10.total / ten.sum }));
await store.close();
if (process.env.SEARCH_BENCH_KEEP !== '1') removeDb(db1);

async function measure(s: SqliteSearch, label: string) {
  const perQuery: { q: string; ms: number; cpu: number; total: number }[] = [];
  await s.search({ q: 'warm up', perPage: 20 });
  for (const q of QUERIES) {
    const times: number[] = [];
    const cpu: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      total = (await s.search({ q, perPage: 20 })).total;
      const c1 = process.cpuUsage(c0);
      times.push(performance.now() - t0);
      cpu.push((c1.user + c1.system) / 1000);
    }
    perQuery.push({ q, ms: median(times), cpu: median(cpu), total });
  }
  const tl: number[] = [];
  for (const q of TIMELINE_QUERIES) {
    for (const interval of INTERVALS) {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        s.timeline({ q, interval });
        times.push(performance.now() - t0);
      }
      tl.push(median(times));
    }
  }
  const ms = perQuery.map((p) => p.ms);
  const target = label === '1×' ? 30 : 150;
  out(`\n${label}: search (first page of 20 + exact total + facets + snippets), median of ${RUNS} runs per query: wall ms, CPU ms, matches`);
  for (const p of perQuery) out(`  ${p.ms.toFixed(1).padStart(7)} ${p.cpu.toFixed(1).padStart(7)}  ${String(p.total).padStart(8)}  ${p.q}`);
  const cpus = perQuery.map((p) => p.cpu);
  out(`${label}: search p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms (target p95 ≤ ${target} ms); CPU time p50 ${pct(cpus, 50).toFixed(1)} ms, p95 ${pct(cpus, 95).toFixed(1)} ms; load average now ${loadavg()[0].toFixed(1)}`);
  out(`${label}: timeline (${TIMELINE_QUERIES.length} queries × ${INTERVALS.join('/')}) p50 ${pct(tl, 50).toFixed(1)} ms, p95 ${pct(tl, 95).toFixed(1)} ms (target p95 ≤ ${label === '1×' ? 100 : 150} ms)`);
  return {
    sum: ms.reduce((a, b) => a + b, 0),
    perQuery,
    summary: { p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms), cpuP50: pct(cpus, 50), cpuP95: pct(cpus, 95), timelineP50: pct(tl, 50), timelineP95: pct(tl, 95) },
  };
}

/**
 * The same 50 queries answered by scanning the texts (folded once, held in memory) with regular
 * expressions that follow the index's rules; counts must agree with the index.
 */
async function bruteForce(st: SqliteStore, s: SqliteSearch, passes: number) {
  const rows = st.raw
    .prepare('SELECT a.id, a.title, a.body, a.lang, a.published, s.slug FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id <= ?')
    .all(passes === 1 ? Number.MAX_SAFE_INTEGER : baseMax) as { id: number; title: string; body: string; lang: string; published: string; slug: string }[];
  const docs = rows.map((r) => ({ ...r, title: fold(r.title), body: fold(r.body) }));
  const ratios: number[] = [];
  let total = 0;
  for (const q of QUERIES) {
    const plan = planQuery(q);
    const test = compile(plan);
    const t0 = performance.now();
    let n = 0;
    const years = new Map<string, number>();
    for (let pass = 0; pass < passes; pass++) {
      for (const d of docs) {
        if (!test(d)) continue;
        n++;
        const y = d.published.slice(0, 4);
        years.set(y, (years.get(y) ?? 0) + 1);
      }
    }
    const ms = performance.now() - t0;
    total += ms;
    const t1 = performance.now();
    const indexed = (await s.search({ q, perPage: 20 })).total;
    const indexMs = performance.now() - t1;
    ratios.push(ms / Math.max(indexMs, 0.05));
    // Shifted copies keep their texts, so the copies' matches are the originals' × passes, except where a
    // date filter moves them out of range: compare counts only where that cannot happen.
    if ((passes === 1 || !/date:/.test(q)) && n !== indexed) out(`  MISMATCH ${q}: scan ${n}, index ${indexed}`);
  }
  return { total, median: median(ratios) };
}


function multiply(st: SqliteStore, factor: number) {
  const raw = st.raw;
  baseMax = Number(raw.prepare('SELECT max(id) FROM articles').pluck().get());
  const cols = 'source_id, url, lang, title, title_derived, published, published_at, date_precision, date_from, body, body_hash, content_hash, first_seen, last_seen, status, damaged, duplicate_of, listing_date';
  for (let k = 1; k < factor; k++) {
    const years = 22 * k;
    raw.exec(`INSERT INTO articles (${cols})
      SELECT source_id, url || '#copy-${k}', lang, title, title_derived, date(published, '+${years} years'), published_at, date_precision, date_from,
             body, body_hash, content_hash, first_seen, last_seen, status, damaged, NULL, listing_date
      FROM articles WHERE id <= ${baseMax}`);
  }
}

function fold(s: string): string {
  return foldHangul(/[^\x00-\x7f]/.test(s) ? s.replace(/[\p{L}\p{N}\p{Co}]+/gu, (w) => foldLatin(w)) : s.toLowerCase());
}

type Doc = { title: string; body: string; lang: string; published: string; slug: string };

function compile(node: PlanNode): (d: Doc) => boolean {
  switch (node.type) {
    case 'seq': {
      const W = '[\\p{L}\\p{N}\\p{Co}]';
      const H = '[\\uac00-\\ud7a3]';
      const n = node.tokens.length;
      const parts = node.tokens.map((t, j) => {
        const lit = t.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (!t.hangul) return `(?<!${W})${lit}${j === n - 1 && node.prefix ? '' : `(?!${W})`}`;
        if (n === 1) return lit;
        if (j === 0) return `${lit}(?!${H})`;
        if (j === n - 1) return `(?<!${H})${lit}`;
        return `(?<!${H})${lit}(?!${H})`;
      });
      const re = new RegExp(parts.join(`[^\\p{L}\\p{N}\\p{Co}]+`), 'u');
      return node.field === 'title' ? (d) => re.test(d.title) : (d) => re.test(d.title) || re.test(d.body);
    }
    case 'filter': {
      const v = node.value;
      if (v.kind === 'date') return (d) => (v.from === null || d.published >= v.from) && (v.to === null || d.published <= v.to);
      if (node.field === 'source') return (d) => d.slug === v.value;
      return (d) => d.lang === v.value;
    }
    case 'and': {
      const cs = node.children.map(compile);
      return (d) => cs.every((c) => c(d));
    }
    case 'or': {
      const cs = node.children.map(compile);
      return (d) => cs.some((c) => c(d));
    }
    case 'not': {
      const c = compile(node.child);
      return (d) => !c(d);
    }
  }
}

/** The archive with only the search index attached: this benchmark measures search alone. */
async function openStore(path: string): Promise<SqliteStore> {
  const st = await SqliteStore.open(path);
  attachSearch(st);
  return st;
}

function removeDb(path: string) {
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
}

function dbMb(path: string): number {
  return Math.round(['', '-wal'].reduce((n, s) => n + (existsSync(path + s) ? statSync(path + s).size : 0), 0) / 1048576);
}

function median(xs: number[]): number {
  return pct(xs, 50);
}

/** Nearest-rank percentile. */
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

function secs(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(1);
}

function fmt(ms: number): string {
  return Math.round(ms).toLocaleString('en-GB');
}
