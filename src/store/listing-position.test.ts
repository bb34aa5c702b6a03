import { afterAll, describe, expect, it } from 'vitest';
import { testBackends } from '../testing/backends.js';
import { PostgresStore } from './postgres/pg-store.js';
import { SqliteStore } from './sqlite-store.js';
import { storeDb } from './store-db.js';
import type { Store } from './store.js';

const row = (sourceId: number, i: number, published: string) => ({
  source_id: sourceId,
  url: `http://kcna.test/${i}`,
  lang: 'en',
  title: `Report ${i}`,
  title_derived: 0,
  published,
  published_at: null,
  date_precision: 'day' as const,
  date_from: 'page' as const,
  body: 'text',
  body_hash: `h${i}`,
  content_hash: `c${i}`,
  first_seen: '2026-01-01',
  last_seen: '2026-01-01',
  status: 'live' as const,
  damaged: 0,
  duplicate_of: null,
  listing_date: null,
});

describe.each(testBackends())('an article’s place in its source’s listing ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  /** A source with more articles than two position anchors span, many on the same day (ties broken by id). */
  async function listing(n: number) {
    const location = await backend.location();
    // The bare store: the listing's rows are written directly, without the indexes' hooks.
    const store: Store = backend.name === 'postgres' ? await PostgresStore.open(location) : await SqliteStore.open(location);
    const sourceId = await store.ensureSource({ slug: 'kcna', name: 'KCNA' });
    const rows: ReturnType<typeof row>[] = [];
    for (let i = 0; i < n; i++) {
      // Dates out of id order, 3–4 articles a day.
      const day = new Date(Date.UTC(2000, 0, 1) + ((i * 7919) % Math.ceil(n / 3.5)) * 86_400_000).toISOString().slice(0, 10);
      rows.push(row(sourceId, i, day));
    }
    const db = storeDb(store);
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await tx.insertInto('articles').values(rows.slice(i, i + 500)).execute();
    });
    const order = (await db.selectFrom('articles').select('id').where('source_id', '=', sourceId).orderBy('published', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
    return { store, order };
  }

  it('equals its rank in the newest-first listing, for every article, across anchors', async () => {
    const { store, order } = await listing(5000);
    try {
      for (let rank = 0; rank < order.length; rank += 7) {
        const article = (await store.getArticle(order[rank]))!;
        expect(await store.sourcePosition(article)).toBe(rank);
      }
      for (const rank of [0, 2047, 2048, 2049, 4095, 4096, order.length - 1]) expect(await store.sourcePosition((await store.getArticle(order[rank]))!)).toBe(rank);
    } finally {
      await store.close();
    }
  }, 90_000);

  it('gives the page that holds the article, in listing order, read outward from it', async () => {
    const { store, order } = await listing(3000);
    try {
      for (const rank of [0, 5, 11, 12, 2047, 2048, 2999]) {
        const article = (await store.getArticle(order[rank]))!;
        const page = await store.sourcePageOf(article, 12);
        expect(page.page).toBe(Math.floor(rank / 12) + 1);
        expect(page.total).toBe(3000);
        const start = (page.page - 1) * 12;
        expect(page.items.map((i) => i.id)).toEqual(order.slice(start, start + 12));
        // The same page as paging by number.
        expect((await store.sourceArticles(article.sourceId, page.page, 12)).items.map((i) => i.id)).toEqual(order.slice(start, start + 12));
      }
    } finally {
      await store.close();
    }
  });

  it('sees an article written after the anchors were read (through this connection)', async () => {
    const { store, order } = await listing(2500);
    try {
      await store.sourcePosition((await store.getArticle(order[2400]))!);
      await storeDb(store).insertInto('articles').values(row(1, 99999, '2030-01-01')).execute();
      expect(await store.sourcePosition((await store.getArticle(order[2400]))!)).toBe(2401);
    } finally {
      await store.close();
    }
  });
});
