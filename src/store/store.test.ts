import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { normalizeArticle, type NormalizedArticle, type RawArticle } from '../normalize/article.js';
import { testBackends } from '../testing/backends.js';
import { openStore } from './open-store.js';
import type { IngestItem, Store } from './store.js';

const TEXT = [
  'Pyongyang, May 4 (KCNA) -- A delegation of the Ministry of Foreign Affairs left Pyongyang on Saturday for talks in Moscow.',
  'The delegation is led by the vice-minister, who will meet officials of the host country during the week.',
];

export function article(raw: Partial<RawArticle> & { url: string }): NormalizedArticle {
  const r = normalizeArticle({ title: 'Delegation leaves for Moscow', body: TEXT, pageDate: '2024-05-04', lang: 'en', ...raw });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
}

const item = (sourceId: number, a: NormalizedArticle, seenAt = '2024-05-04T10:00:00.000Z'): IngestItem => ({ sourceId, article: a, seenAt, origin: 'import' });

/** The Store interface's rules, the same on every backend. */
describe.each(testBackends())('the store ($name)', (backend) => {
  let store: Store | undefined;
  const open = async () => (store = await openStore(await backend.location()));
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  afterAll(() => backend.cleanup());

  it('stores a text once: same URL unchanged, another text a version and an edit, copies folded', async () => {
    const s = await open();
    const src = await s.ensureSource({ slug: 'kcna', name: 'KCNA', lang: 'en' });
    expect(await s.ensureSource({ slug: 'kcna', name: 'KCNA' })).toBe(src);
    const first = article({ url: 'http://kcna.test/a/1', aliases: ['http://kcna.test/a/1?lang=en'] });
    const [imported] = await s.ingestBatch([item(src, first)]);
    expect(imported.kind).toBe('imported');
    const id = imported.id;
    expect(await s.ingestBatch([item(src, first, '2024-05-05T00:00:00.000Z')])).toEqual([{ kind: 'unchanged', id }]);
    // Another text under the same URL: a version, an edit event.
    const edited = article({ url: 'http://kcna.test/a/1', body: [TEXT[0], TEXT[1].replace('the week', 'the month')] });
    expect(await s.ingestBatch([item(src, edited, '2024-05-06T00:00:00.000Z')])).toEqual([{ kind: 'merged', id }]);
    // The same body under another URL (exact), and with boilerplate around it (near, kept as a version).
    const exact = article({ url: 'http://kcna.test/top/1', title: 'Other headline' });
    const near = article({ url: 'http://kcna.test/news/1', body: ['Top News', ...TEXT, 'www.kcna.test (Juche113.5.4.)'] });
    expect(await s.ingestBatch([item(src, exact), item(src, near)])).toEqual([
      { kind: 'folded', id, how: 'exact' },
      { kind: 'folded', id, how: 'near' },
    ]);
    // A stub shared by many headlines stays apart under another title.
    const stubA = article({ url: 'http://kcna.test/s/1', title: 'Stub one', body: ['For Spanish-speaking people'] });
    const stubB = article({ url: 'http://kcna.test/s/2', title: 'Stub two', body: ['For Spanish-speaking people'] });
    const stubs = await s.ingestBatch([item(src, stubA), item(src, stubB)]);
    expect(stubs.map((o) => o.kind)).toEqual(['imported', 'imported']);

    const a = (await s.getArticle(id))!;
    expect(a).toMatchObject({ url: 'http://kcna.test/a/1', sourceSlug: 'kcna', title: 'Delegation leaves for Moscow', published: '2024-05-04', versions: 4, status: 'live' });
    expect(a.firstSeen).toBe('2024-05-04T10:00:00.000Z');
    expect(a.lastSeen).toBe('2024-05-06T00:00:00.000Z');
    expect(a.aliases).toEqual(['http://kcna.test/a/1?lang=en', 'http://kcna.test/news/1', 'http://kcna.test/top/1']);
    expect(a.copies).toEqual(['http://kcna.test/news/1', 'http://kcna.test/top/1']);
    for (const u of ['http://kcna.test/a/1', 'https://www.kcna.test/a/1/', 'http://kcna.test/top/1', 'http://kcna.test/news/1']) expect(await s.findArticleIdByUrl(u)).toBe(id);
    expect(await s.findArticleIdByUrl('http://kcna.test/none')).toBeNull();
    expect(await s.stats()).toEqual({ articles: 3, sources: 1, duplicates: 2, damaged: 0 });
    const events = await s.crawl.events({ type: 'edited', limit: 10 });
    expect(events).toMatchObject([{ type: 'edited', articleId: id, sourceSlug: 'kcna', detail: { via: 'import', from: first.contentHash, to: edited.contentHash } }]);
    const versions = await s.crawl.versions(id);
    // By time seen, the current text last among equals: the copies' own wordings were seen with the first text.
    expect(versions.map((v) => [v.n, v.current, v.contentHash])).toEqual([
      [1, false, exact.contentHash],
      [2, false, near.contentHash],
      [3, true, first.contentHash],
      [4, false, edited.contentHash],
    ]);
    expect((await s.crawl.textCaptures(id)).map((c) => c.contentHash)).toEqual([first.contentHash, exact.contentHash, near.contentHash, edited.contentHash]);
  });

  it('lists a source newest first, by page, by position, by day', async () => {
    const s = await open();
    const src = await s.ensureSource({ slug: 'kcna', name: 'KCNA' });
    const other = await s.ensureSource({ slug: 'rodong', name: 'Rodong Sinmun' });
    const days = ['2024-05-01', '2024-05-03', '2024-05-03', '2024-05-02', '2023-12-31', '2024-05-03', '2024-05-07'];
    const items = days.map((d, i) => item(src, article({ url: `http://kcna.test/d/${i}`, title: `Report ${i}`, pageDate: d, body: [`${TEXT[0]} Report number ${i}.`, TEXT[1]] })));
    items.push(item(other, article({ url: 'http://rodong.test/1', title: 'Editorial', pageDate: '2024-05-03', body: [`${TEXT[0]} Editorial.`, TEXT[1]] })));
    const ids = (await s.ingestBatch(items)).map((o) => o.id);
    const order = [6, 5, 2, 1, 3, 0, 4].map((i) => ids[i]);

    expect((await s.listSources()).map((r) => [r.slug, r.articles])).toEqual([['kcna', 7], ['rodong', 1]]);
    expect(await s.getSource('rodong')).toMatchObject({ name: 'Rodong Sinmun', articles: 1 });
    expect(await s.getSource('none')).toBeNull();
    const page2 = await s.sourceArticles(src, 2, 3);
    expect(page2.total).toBe(7);
    expect(page2.items.map((i) => i.id)).toEqual(order.slice(3, 6));
    expect(await s.sourceYearCounts(src)).toEqual([{ year: '2024', count: 6 }, { year: '2023', count: 1 }]);
    for (let rank = 0; rank < order.length; rank++) {
      const a = (await s.getArticle(order[rank]))!;
      expect(await s.sourcePosition(a)).toBe(rank);
      const page = await s.sourcePageOf(a, 3);
      expect(page).toMatchObject({ page: Math.floor(rank / 3) + 1, total: 7 });
      expect(page.items.map((i) => i.id)).toEqual(order.slice(Math.floor(rank / 3) * 3, Math.floor(rank / 3) * 3 + 3));
      const around = await s.previousAndNext(a);
      expect(around.previous?.id ?? null).toBe(order[rank + 1] ?? null);
      expect(around.next?.id ?? null).toBe(order[rank - 1] ?? null);
    }
    expect((await s.latest(2)).map((i) => i.id)).toEqual([ids[6], ids[7]]);
    expect((await s.dayArticles('2024-05-03')).map((i) => [i.sourceName, i.id])).toEqual([
      ['KCNA', ids[1]],
      ['KCNA', ids[2]],
      ['KCNA', ids[5]],
      ['Rodong Sinmun', ids[7]],
    ]);
    expect(await s.daysAround('2024-05-03')).toEqual({ previous: '2024-05-02', next: '2024-05-07' });
    expect(await s.daysAround('2023-12-31')).toEqual({ previous: null, next: '2024-05-01' });
    expect(await s.dayCounts('2024-05-01', '2024-05-03')).toEqual([
      { day: '2024-05-01', count: 1 },
      { day: '2024-05-02', count: 1 },
      { day: '2024-05-03', count: 4 },
    ]);
    // A successful fetch makes a day with data (its Pyongyang day: UTC+9), a failed one does not.
    await s.crawl.logFetch({ sourceId: other, url: 'http://rodong.test/', purpose: 'listing', at: '2024-05-04T16:00:00.000Z', ok: true, status: 200, errorKind: null, message: null, elapsedMs: 5 });
    await s.crawl.logFetch({ sourceId: other, url: 'http://rodong.test/', purpose: 'listing', at: '2024-05-05T16:00:00.000Z', ok: false, status: 500, errorKind: 'http', message: null, elapsedMs: 5 });
    expect(await s.sourceDataDays('rodong', '2024-05-01', '2024-05-31')).toEqual(['2024-05-03', '2024-05-05']);
  });

  it('bulk: the batches of a failed run leave nothing, those of a finished run all land', async () => {
    const s = await open();
    const src = await s.ensureSource({ slug: 'kcna', name: 'KCNA' });
    await expect(
      s.bulk(async () => {
        await s.ingestBatch([item(src, article({ url: 'http://kcna.test/b/1' }))]);
        // Reads inside the run see its writes.
        expect(await s.findArticleIdByUrl('http://kcna.test/b/1')).not.toBeNull();
        throw new Error('stopped');
      }),
    ).rejects.toThrow('stopped');
    expect(await s.findArticleIdByUrl('http://kcna.test/b/1')).toBeNull();
    await s.bulk(async () => {
      await s.ingestBatch([item(src, article({ url: 'http://kcna.test/b/1' }))]);
      await s.ingestBatch([item(src, article({ url: 'http://kcna.test/b/2', title: 'Another', body: ['Another text entirely, long enough to be more than a stub of a few words.', TEXT[1]] }))]);
    });
    expect((await s.stats()).articles).toBe(2);
  });
});
