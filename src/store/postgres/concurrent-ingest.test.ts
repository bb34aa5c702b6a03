import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeArticle, type NormalizedArticle } from '../../normalize/article.js';
import { freshPgArchive, pgTestUrl } from '../../testing/pg.js';
import type { IngestItem } from '../store.js';
import { PostgresStore } from './pg-store.js';

const article = (n: number, url: string): NormalizedArticle => {
  const r = normalizeArticle({
    url,
    title: `Report ${n}`,
    body: [`Pyongyang, May 4 (KCNA) -- Report number ${n} tells of a delegation that left for talks abroad.`, `Its second paragraph, ${n}, says who leads it and whom it will meet.`],
    pageDate: '2024-05-04',
    lang: 'en',
  });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
};

/** Two processes (two stores, two connection pools) writing one archive at the same moment. */
describe.skipIf(!pgTestUrl)('concurrent ingest into one PostgreSQL archive', () => {
  let drop: () => Promise<void>;
  let a: PostgresStore;
  let b: PostgresStore;

  beforeAll(async () => {
    const made = await freshPgArchive();
    drop = made.drop;
    a = await PostgresStore.open(made.url);
    b = await PostgresStore.open(made.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  it('stores each URL once, and each text once, whichever store writes it first', async () => {
    const sourceId = await a.ensureSource({ slug: 'kcna', name: 'KCNA' });
    expect(await b.ensureSource({ slug: 'kcna', name: 'KCNA' })).toBe(sourceId);
    const seenAt = '2024-05-04T10:00:00.000Z';
    const N = 60;
    const same = Array.from({ length: N }, (_, i): IngestItem => ({ sourceId, article: article(i, `http://kcna.test/a/${i}`), seenAt, origin: 'crawl' }));
    // The same texts under other URLs (a second category page): copies, folded into the same articles.
    const copies = same.map((it, i): IngestItem => ({ ...it, article: { ...it.article, url: `http://kcna.test/top/${i}`, aliases: [] } }));
    const batches = (items: IngestItem[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
    // Opposite orders and batch sizes, so both stores meet the same URLs at once in every way.
    const reversed = [...same].reverse();
    const runs = [
      ...batches(same, 7).map((batch) => a.ingestBatch(batch)),
      ...batches(reversed, 5).map((batch) => b.ingestBatch(batch)),
      ...batches(copies, 9).map((batch) => b.ingestBatch(batch)),
      ...batches([...copies].reverse(), 4).map((batch) => a.ingestBatch(batch)),
    ];
    const outcomes = (await Promise.all(runs)).flat();
    expect(outcomes).toHaveLength(4 * N);
    expect(outcomes.filter((o) => o.kind === 'imported')).toHaveLength(N);

    const count = async (sql: string) => Number((await a.pool.query(sql)).rows[0].n);
    expect(await count('SELECT count(*) AS n FROM articles')).toBe(N);
    expect(await count('SELECT count(*) AS n FROM article_urls')).toBe(2 * N);
    expect(await count('SELECT count(*) AS n FROM article_urls WHERE is_copy = 1')).toBe(N);
    // One capture per stored text (imported), one per copy folded in; none for a URL seen again unchanged.
    expect(await count('SELECT count(*) AS n FROM captures')).toBe(2 * N);
    expect(await count('SELECT count(*) AS n FROM versions')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM (SELECT url FROM articles GROUP BY url HAVING count(*) > 1) d')).toBe(0);
    for (let i = 0; i < N; i += 13) {
      const id = await a.findArticleIdByUrl(`http://kcna.test/a/${i}`);
      expect(await b.findArticleIdByUrl(`http://kcna.test/top/${i}`)).toBe(id);
    }
  });
});
