import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportSummary } from '../src/import/importer.js';
import { openSqliteStore } from '../src/store/open-store.js';
import type { SqliteStore } from '../src/store/sqlite-store.js';
import { createApp } from '../src/web/app.js';
import { corpusSample, TESTDATA, tempDir } from './helpers.js';

// Real rows: kcna.co.jp 1997–2018, kcna.kp English (one text under several category URLs), Korean KCNA and Rodong.
const IMPORTS = [
  { file: join(TESTDATA, 'search', 'kcna-co-jp-sample.jsonl.gz'), preset: 'kcna-co-jp', source: 'kcna-co-jp' },
  { file: corpusSample('kcna-kp-en-copies.jsonl'), preset: 'kcna-kp-stiles', source: 'kcna-kp-en' },
  { file: corpusSample('kcna-kp-en-sample.jsonl'), preset: 'kcna-kp-stiles', source: 'kcna-kp-en' },
  { file: corpusSample('nkarchive-ko-sample.jsonl'), preset: 'nkarchive-ko', source: null },
];

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
const summaries: ImportSummary[] = [];

beforeAll(async () => {
  store = await openSqliteStore(join(tempDir(), 'counts.db'));
  for (const i of IMPORTS) summaries.push(await importFile(store, i.file, { spec: { preset: i.preset }, worker: false }));
  app = createApp(store);
});
afterAll(async () => store.close());

const json = async <T = any>(path: string): Promise<T> => {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
const text = async (path: string) => {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const sum = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
const timelineSum = async (q: string, collapse = '') => sum((await json(`/api/timeline?interval=month&q=${encodeURIComponent(q)}${collapse}`)).buckets);
const csvRows = async (q: string, collapse = '') => (await text(`/api/search.csv?q=${encodeURIComponent(q)}${collapse}`)).trim().split('\n').length - 1;
const jsonlRows = async (q: string, collapse = '') => (await text(`/api/search.jsonl?q=${encodeURIComponent(q)}${collapse}`)).split('\n').filter(Boolean).length;
/** The number a page prints in its `class="count"` spans (the counts that say what they count). */
const pageCounts = (html: string) => [...html.matchAll(/class="count"[^>]*>([\d,]+) /g)].map((m) => Number(m[1].replace(/,/g, '')));

describe('the same question gets the same number everywhere (real rows)', () => {
  it('how many articles a source holds: import summaries, stats, sources, source pages, search, facets, timeline, exports', async () => {
    const sources = await json<{ slug: string; articles: number }[]>('/api/sources');
    const stats = await json<{ articles: number }>('/api/stats');
    expect(sum(sources.map((s) => ({ count: s.articles })))).toBe(stats.articles);
    // Every import's "imported" is exactly what the archive grew by.
    expect(summaries.reduce((n, s) => n + s.imported, 0)).toBe(stats.articles);
    const kcnaKp = IMPORTS.map((imp, i) => ({ imp, s: summaries[i] })).filter((x) => x.imp.source === 'kcna-kp-en');
    expect(sources.find((s) => s.slug === 'kcna-kp-en')!.articles).toBe(kcnaKp.reduce((n, x) => n + x.s.imported, 0));
    // The copies were folded, not counted.
    expect(kcnaKp[0].s.folded).toBeGreaterThan(0);

    const all = await json('/api/search?q=' + encodeURIComponent('date:1900-01-01..2100-12-31'));
    expect(all.total).toBe(stats.articles);
    for (const s of sources) {
      const q = `source:${s.slug}`;
      const answers = {
        sources: s.articles,
        sourceArticles: (await json(`/api/sources/${s.slug}/articles`)).total,
        search: (await json(`/api/search?q=${encodeURIComponent(q)}`)).total,
        facet: all.facets.source.find((f: { value: string }) => f.value === s.slug)?.count,
        timeline: await timelineSum(q),
        timelineOfSource: sum((await json(`/api/timeline?interval=year&source=${s.slug}`)).buckets.map((b: { total: number }) => ({ count: b.total }))),
        csv: await csvRows(q),
        jsonl: await jsonlRows(q),
        sourcePage: pageCounts(await text(`/sources/${s.slug}`))[0],
      };
      expect(new Set(Object.values(answers)), `${s.slug}: ${JSON.stringify(answers)}`).toEqual(new Set([s.articles]));
    }
  });

  it('how many articles name a person: entity list, entity page, its search link, timeline, facets, exports', async () => {
    const listed = await json<{ id: string; articles: number }[]>('/api/entities?q=Kim%20Jong%20Un');
    const kju = listed.find((e) => e.id === 'kim-jong-un')!;
    expect(kju.articles).toBeGreaterThan(5);
    const q = 'entity:kim-jong-un';
    const search = await json(`/api/search?q=${q}`);
    const answers = {
      list: kju.articles,
      page: (await json('/api/entities/kim-jong-un')).articles,
      monthly: sum((await json('/api/entities/kim-jong-un')).monthly.map((m: { articles: number }) => ({ count: m.articles }))),
      search: search.total,
      facets: sum(search.facets.source),
      years: sum(search.facets.year),
      timeline: await timelineSum(q),
      csv: await csvRows(q),
    };
    expect(new Set(Object.values(answers)), JSON.stringify(answers)).toEqual(new Set([kju.articles]));
  });

  // With one per story on, search, facets, timeline and exports counting stories alike: src/search/counts.test.ts.

  it('one text under five category URLs is one search hit, on every URL', async () => {
    const r = await json(`/api/search?q=${encodeURIComponent('title:"Tripartite Cooperation"')}`);
    expect(r.total).toBe(1);
    const article = await json(`/api/articles/${r.results[0].id}`);
    expect(article.copies).toHaveLength(4);
    for (const u of [article.url, ...article.copies]) expect((await json(`/api/articles?url=${encodeURIComponent(u)}`)).id).toBe(article.id);
  });
});
