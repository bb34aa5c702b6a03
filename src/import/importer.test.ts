import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { openStore } from '../store/open-store.js';
import { importFile, type Rejection } from './importer.js';

async function importInto(db: string, file: string, spec: Parameters<typeof importFile>[2]['spec'], worker = false) {
  const store = await openStore(db);
  const rejections: Rejection[] = [];
  try {
    const summary = await importFile(store, file, { spec, worker, onRejection: (r) => rejections.push(r) });
    return { summary, rejections, stats: await store.stats() };
  } finally {
    await store.close();
  }
}

describe('importing the kcna.co.jp sample', () => {
  it('imports, merges repeated URLs, folds a repeated body into its article, rejects empty bodies with their line', async () => {
    const db = join(tempDir(), 'a.db');
    const { summary, rejections, stats } = await importInto(db, corpusSample('kcna-co-jp-sample.jsonl'), { preset: 'kcna-co-jp' });
    // Lines 9–11 share one URL under three listing titles; lines 14–15 share one body under two URLs.
    expect(summary).toMatchObject({ read: 25, imported: 19, folded: 1, duplicates: 1, merged: 2, versions: 2, rejected: 3 });
    expect(rejections.map((r) => `${r.line}:${r.reason}`)).toEqual(['2:no text', '4:no text', '6:no text']);
    expect(rejections[0].file).toContain('kcna-co-jp-sample.jsonl');
    // 19 distinct texts; the repeated body is one more URL of its article.
    expect(stats).toEqual({ articles: 19, sources: 1, duplicates: 1, damaged: 2 });
  });

  it('a second run imports nothing', async () => {
    const db = join(tempDir(), 'a.db');
    await importInto(db, corpusSample('kcna-co-jp-sample.jsonl'), { preset: 'kcna-co-jp' });
    const again = await importInto(db, corpusSample('kcna-co-jp-sample.jsonl'), { preset: 'kcna-co-jp' });
    expect(again.summary).toMatchObject({ imported: 0, folded: 0, duplicates: 0, merged: 22, versions: 0 });
    expect(again.stats.articles).toBe(19);
  });

  it('reads gzip the same as plain text, on the worker thread too', async () => {
    const plain = await importInto(join(tempDir(), 'p.db'), corpusSample('kcna-co-jp-sample.jsonl'), { preset: 'kcna-co-jp' });
    const gz = await importInto(join(tempDir(), 'g.db'), corpusSample('kcna-co-jp-sample.jsonl.gz'), { preset: 'kcna-co-jp' }, true);
    expect({ ...gz.summary, file: '', seconds: 0 }).toEqual({ ...plain.summary, file: '', seconds: 0 });
  });

  it('takes dates from the dateline with the listing year, across the new year', async () => {
    const db = join(tempDir(), 'a.db');
    await importInto(db, corpusSample('kcna-co-jp-sample.jsonl'), { preset: 'kcna-co-jp' });
    const store = await openStore(db);
    const id = await store.findArticleIdByUrl('http://kcna.co.jp/item/2004/200401/news01/01.htm#3');
    const a = (await store.getArticle(id!))!;
    expect(a).toMatchObject({ published: '2003-12-31', dateFrom: 'dateline', datePrecision: 'day', listingDate: '2004-01-01' });
    expect(a.body[0]).toMatch(/^Pyongyang, December 31 \(KCNA\) -- /);
    await store.close();
  });
});

describe('other presets and layouts', () => {
  it('kcna-kp-stiles: glued names fixed, end marks gone, Juche title date used', async () => {
    const db = join(tempDir(), 'k.db');
    const { summary } = await importInto(db, corpusSample('kcna-kp-en-sample.jsonl'), { preset: 'kcna-kp-stiles' });
    expect(summary).toMatchObject({ read: 6, imported: 5, rejected: 1 });
    const store = await openStore(db);
    const page = await store.sourceArticles((await store.getSource('kcna-kp-en'))!.id, 1, 50);
    const texts = await Promise.all(page.items.map((i) => store.getArticle(i.id)));
    const all = texts.map((a) => a!.body.join('\n')).join('\n');
    expect(all).toContain('at Kim Il Sung Square');
    expect(all).not.toMatch(/-0-\s*$/m);
    const juche = texts.find((a) => a!.dateFrom === 'page')!;
    expect(juche.title).not.toContain('Juche');
    await store.close();
  });

  it('nkarchive-ko: Korean titles without the agency prefix, Rodong full-width digits folded', async () => {
    const db = join(tempDir(), 'n.db');
    const { summary } = await importInto(db, corpusSample('nkarchive-ko-sample.jsonl'), { preset: 'nkarchive-ko' });
    expect(summary).toMatchObject({ read: 7, imported: 6, rejected: 1 });
    const store = await openStore(db);
    const sources = await store.listSources();
    expect(sources.map((s) => s.slug).sort()).toEqual(['kcna-kp-ko', 'rodong-ko']);
    const kcna = (await store.sourceArticles(sources.find((s) => s.slug === 'kcna-kp-ko')!.id, 1, 10)).items;
    expect(kcna.every((a) => !a.title.startsWith('조선중앙통신') && a.lang === 'ko')).toBe(true);
    const rodong = await store.getArticle((await store.sourceArticles(sources.find((s) => s.slug === 'rodong-ko')!.id, 1, 10)).items[0].id);
    expect(rodong!.body.join('')).not.toMatch(/[０-９]/);
    await store.close();
  });

  it('rodong-thogra: the date comes from the newsID in the URL', async () => {
    const db = join(tempDir(), 'r.db');
    await importInto(db, corpusSample('rodong-en-sample.jsonl'), { preset: 'rodong-thogra' });
    const store = await openStore(db);
    const id = await store.findArticleIdByUrl('http://www.rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2021-07-12-0003');
    expect(await store.getArticle(id!)).toMatchObject({ published: '2021-07-12', dateFrom: 'url' });
    await store.close();
  });

  it('CSV with --map, and bad records reported with their line', async () => {
    const dir = tempDir();
    const csv = join(dir, 'dump.csv');
    writeFileSync(
      csv,
      'link,headline,text,day\n' +
        'http://example.org/a,First story,"Pyongyang, May 4 (KCNA) -- Something happened today in the capital city.",2021-05-05\n' +
        ',No link,"Some text that is long enough to be an article body.",2021-05-05\n' +
        'http://example.org/b,Bad date,"Text that is long enough to count as an article body.",someday\n' +
        'http://example.org/c,,"Untitled report that is long enough. It has two sentences.",2021-05-06\n',
    );
    const { summary, rejections } = await importInto(join(dir, 'c.db'), csv, { map: { url: 'link', title: 'headline', body: 'text', date: 'day' }, source: 'example' });
    expect(summary).toMatchObject({ read: 4, imported: 2, rejected: 2 });
    expect(rejections.map((r) => `${r.line}:${r.reason}`)).toEqual(['3:no URL', '4:unparseable date']);
    const store = await openStore(join(dir, 'c.db'));
    const a = await store.getArticle((await store.findArticleIdByUrl('http://example.org/a'))!);
    expect(a).toMatchObject({ published: '2021-05-04', dateFrom: 'dateline', title: 'First story' });
    const c = await store.getArticle((await store.findArticleIdByUrl('http://example.org/c'))!);
    expect(c).toMatchObject({ title: 'Untitled report that is long enough.', titleDerived: true });
    await store.close();
  });

  it('bad JSON lines are rejected with their line and the run continues', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"url":"http://example.org/1","title":"T","body":"Pyongyang, May 4 (KCNA) -- A long enough body text.","date":"2021-05-04"}\n{oops\n[1,2]\n');
    const { summary, rejections } = await importInto(join(dir, 'b.db'), file, { source: 'x' });
    expect(summary).toMatchObject({ read: 3, imported: 1, rejected: 2 });
    expect(rejections.map((r) => r.line)).toEqual([2, 3]);
    expect(rejections[0].reason).toMatch(/^bad JSON/);
  });
});
