import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../import/importer.js';
import { PostgresStore } from '../../store/postgres/pg-store.js';
import { freshPgArchive, pgTestUrl, PG_SKIP_MESSAGE } from '../../testing/pg.js';
import { attachSearch, searchOf } from '../attach.js';
import { KO_SAMPLE } from '../test-fixture.js';
import { indexedText } from './ts-text.js';

describe.skipIf(!pgTestUrl)('PostgreSQL search index under an import', () => {
  let store: PostgresStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const made = await freshPgArchive();
    drop = made.drop;
    store = await PostgresStore.open(made.url);
    attachSearch(store);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('postings built on the import’s worker thread are the indexer’s own: the same counts, the same answers', async () => {
    expect(store.preparedAhead()).toEqual({ searchPostings: true });
    await importFile(store, KO_SAMPLE, { spec: { preset: 'nkarchive-ko' } });
    const rows = await store.pool.query(`SELECT a.id, a.title, a.body, s.tokens FROM articles a JOIN search_index s ON s.article_id = a.id WHERE a.lang = 'ko'`);
    expect(rows.rows.length).toBeGreaterThan(10);
    for (const r of rows.rows) expect(r.tokens).toBe(indexedText(r.title, r.body).tokens);
    // The worker's postings, then the same articles indexed again here: one answer.
    const search = searchOf(store)!;
    await new Promise((r) => setTimeout(r, 2100));
    const before = await search.search({ q: '로동당', perPage: 100, sort: 'oldest' });
    expect(before.total).toBeGreaterThan(0);
    await search.reindex();
    await new Promise((r) => setTimeout(r, 2100));
    const after = await search.search({ q: '로동당', perPage: 100, sort: 'oldest' });
    expect(after.results.map((h) => h.id)).toEqual(before.results.map((h) => h.id));
  }, 120_000);
});

describe.runIf(!pgTestUrl)('PostgreSQL search index under an import', () => {
  it.skip(PG_SKIP_MESSAGE, () => {});
});
