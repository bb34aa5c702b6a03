import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../import/importer.js';
import { prepareBatches } from '../../import/prepare.js';
import type { IngestItem } from '../../store/store.js';
import { withSessionSettings } from '../../store/postgres/open-postgres.js';
import { PostgresStore } from '../../store/postgres/pg-store.js';
import { freshPgArchive, pgTestUrl, PG_SKIP_MESSAGE } from '../../testing/pg.js';
import { attachSearch } from '../attach.js';
import { EN_SAMPLE, KO_SAMPLE } from '../test-fixture.js';
import { indexedText } from './ts-text.js';

describe('connection settings', () => {
  it('keep the URL’s own options, after the archive’s (so the URL’s win)', () => {
    expect(withSessionSettings('postgres://u@h:5432/db?options=-c%20search_path%3Dx&sslmode=disable')).toEqual({
      connectionString: 'postgres://u@h:5432/db?sslmode=disable',
      options: '-c gin_pending_list_limit=256kB -c search_path=x',
    });
    expect(withSessionSettings('postgres://u@h/db').options).toBe('-c gin_pending_list_limit=256kB');
  });
});

describe.skipIf(!pgTestUrl)('PostgreSQL search index under a bulk load', () => {
  let store: PostgresStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const made = await freshPgArchive();
    drop = made.drop;
    store = await PostgresStore.open(made.url);
    attachSearch(store);
    await store.pool.query('CREATE EXTENSION IF NOT EXISTS pgstattuple SCHEMA public');
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  const pendingPages = async () => Number((await store.pool.query(`SELECT pending_pages FROM public.pgstatginindex('search_index_doc'::regclass)`)).rows[0].pending_pages);
  const setting = async () => (await store.pool.query('SHOW gin_pending_list_limit')).rows[0].gin_pending_list_limit as string;

  async function sampleItems(): Promise<IngestItem[]> {
    const items: IngestItem[] = [];
    for await (const batch of prepareBatches(EN_SAMPLE, { preset: 'kcna-co-jp' }, 1000)) {
      for (const rec of batch.records) {
        if (rec.ok) items.push({ sourceId: await store.ensureSource(rec.source), article: rec.article, seenAt: rec.seenAt, origin: 'import' });
      }
    }
    return items;
  }

  it('a bulk load’s entries wait in a long pending list, merged after it; other writers keep it short', async () => {
    // Every connection of the archive (whose URL selects its schema through options too).
    expect(await setting()).toBe('256kB');
    const items = await sampleItems();
    const half = items.length >> 1;
    // 300 articles' entries: well over 256 kB (32 pages).
    await store.bulk(() => store.ingestBatch(items.slice(0, half)));
    expect(await pendingPages()).toBeGreaterThan(64);
    expect(await setting()).toBe('256kB');
    await store.afterBulk();
    expect(await pendingPages()).toBe(0);
    // An ordinary write merges the list whenever it passes 256 kB.
    await store.ingestBatch(items.slice(half));
    expect(await pendingPages()).toBeLessThanOrEqual(34);
    // Every article found by a word each holds.
    const hits = await store.pool.query(`SELECT count(*)::int AS n FROM search_index WHERE doc @@ 'korea'::tsquery`);
    const texts = await store.pool.query(`SELECT count(*)::int AS n FROM articles WHERE lower(title || ' ' || body) ~ '\\mkorea\\M'`);
    expect(hits.rows[0].n).toBe(texts.rows[0].n);
    // Vectors long enough to be compressed are compressed with lz4 where the server has it.
    const lz4 = await store.pool.query('CREATE TEMP TABLE lz4_probe (x text COMPRESSION lz4)').then(() => true, () => false);
    const methods = await store.pool.query(`SELECT DISTINCT pg_column_compression(doc) AS m FROM search_index WHERE pg_column_compression(doc) IS NOT NULL`);
    expect(methods.rows.map((r) => r.m)).toEqual(lz4 ? ['lz4'] : ['pglz']);
  }, 120_000);

  it('an import ends with the pending list merged; vectors built on its worker thread are the indexer’s own', async () => {
    expect(store.preparedAhead()).toEqual({ searchVector: true });
    await importFile(store, KO_SAMPLE, { spec: { preset: 'nkarchive-ko' } });
    expect(await pendingPages()).toBe(0);
    const rows = await store.pool.query(`SELECT a.title, a.body, s.doc::text AS doc FROM articles a JOIN search_index s ON s.article_id = a.id WHERE a.lang = 'ko'`);
    expect(rows.rows.length).toBeGreaterThan(10);
    for (const r of rows.rows) {
      const own = await store.pool.query('SELECT $1::tsvector::text AS doc', [indexedText(r.title, r.body).vector]);
      expect(r.doc).toBe(own.rows[0].doc);
    }
  }, 120_000);
});

describe.runIf(!pgTestUrl)('PostgreSQL search index under a bulk load', () => {
  it.skip(PG_SKIP_MESSAGE, () => {});
});
