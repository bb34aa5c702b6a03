import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { SqliteStore } from './sqlite-store.js';

/** A source with more articles than two position anchors span, many on the same day (ties broken by id). */
async function listing(n: number) {
  const store = await SqliteStore.open(join(tempDir(), 'w.db'));
  const sourceId = await store.ensureSource({ slug: 'kcna', name: 'KCNA' });
  const insert = store.raw.prepare(
    `INSERT INTO articles (source_id, url, lang, title, published, date_precision, date_from, body, body_hash, content_hash, first_seen, last_seen)
     VALUES (?, ?, 'en', ?, ?, 'day', 'page', 'text', ?, ?, '2026-01-01', '2026-01-01')`,
  );
  store.raw.transaction(() => {
    for (let i = 0; i < n; i++) {
      // Dates out of id order, 3–4 articles a day.
      const day = new Date(Date.UTC(2000, 0, 1) + ((i * 7919) % Math.ceil(n / 3.5)) * 86_400_000).toISOString().slice(0, 10);
      insert.run(sourceId, `http://kcna.test/${i}`, `Report ${i}`, day, `h${i}`, `c${i}`);
    }
  })();
  const order = store.raw.prepare('SELECT id FROM articles WHERE source_id = ? ORDER BY published DESC, id DESC').pluck().all(sourceId) as number[];
  return { store, order };
}

describe('an article’s place in its source’s listing', () => {
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
  });

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
      store.raw
        .prepare(`INSERT INTO articles (source_id, url, lang, title, published, date_precision, date_from, body, body_hash, content_hash, first_seen, last_seen) VALUES (1, 'http://kcna.test/new', 'en', 'New', '2030-01-01', 'day', 'page', 't', 'hn', 'cn', '2026-01-01', '2026-01-01')`)
        .run();
      expect(await store.sourcePosition((await store.getArticle(order[2400]))!)).toBe(2401);
    } finally {
      await store.close();
    }
  });
});
