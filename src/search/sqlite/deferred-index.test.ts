import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../import/importer.js';
import { openSqliteStore } from '../../store/open-store.js';
import { searchOf } from '../attach.js';
import { EN_SAMPLE, KO_SAMPLE } from '../test-fixture.js';
import { SqliteIndexer } from './indexer.js';

const spec = { preset: 'kcna-co-jp' } as const;

async function freshArchive() {
  const store = await openSqliteStore(':memory:');
  return { store, search: searchOf(store) };
}

describe('index writes at the end of the ingest transaction', () => {
  it('a batch that fails leaves no index entries behind, and the next batch is indexed once', async () => {
    const reference = await freshArchive();
    await importFile(reference.store, EN_SAMPLE, { spec, worker: false });
    const expected = await reference.search.count('korea');
    expect(expected).toBeGreaterThan(0);

    const { store, search } = await freshArchive();
    let fail = true;
    let seen = 0;
    // A later hook failing on the batch's last article: the index writes gathered so far must be dropped.
    store.addIngestHook(() => {
      if (fail && ++seen === 5) throw new Error('hook failed');
    });
    await expect(importFile(store, KO_SAMPLE, { spec: { preset: 'nkarchive-ko' }, worker: false, batchSize: 5 })).rejects.toThrow('hook failed');
    expect(store.raw.prepare('SELECT count(*) FROM articles').pluck().get()).toBe(0);
    expect(await search.count('조선')).toBe(0);

    fail = false;
    await importFile(store, EN_SAMPLE, { spec, worker: false });
    expect(await search.count('korea')).toBe(expected);
    // Nothing of the failed Korean batch reached the index under the ids the English articles now hold.
    expect(await search.count('조선')).toBe(0);
    const ids = store.raw.prepare('SELECT id FROM articles ORDER BY id').pluck().all();
    const indexed = store.raw.prepare('SELECT rowid FROM search_fts ORDER BY rowid').pluck().all();
    expect(indexed).toEqual(ids);
  });

  it('a bulk transaction spanning several batches lands whole, indexed once, or not at all', async () => {
    const reference = await freshArchive();
    await importFile(reference.store, EN_SAMPLE, { spec, worker: false });
    const expected = await reference.search.count('korea');

    const { store, search } = await freshArchive();
    let seen = 0;
    // The third batch of five fails: the two stored before it in the same transaction must go too.
    store.addIngestHook(() => {
      if (++seen === 12) throw new Error('hook failed');
    });
    await expect(importFile(store, EN_SAMPLE, { spec, worker: false, batchSize: 5, recordsPerTransaction: 1000 })).rejects.toThrow('hook failed');
    expect(store.raw.prepare('SELECT count(*) FROM articles').pluck().get()).toBe(0);
    expect(store.raw.prepare('SELECT count(*) FROM search_fts').pluck().get()).toBe(0);
    expect(store.raw.inTransaction).toBe(false);

    seen = -1_000_000;
    const summary = await importFile(store, EN_SAMPLE, { spec, worker: false, batchSize: 5, recordsPerTransaction: 10 });
    expect(summary.imported + summary.duplicates).toBeGreaterThan(10);
    expect(await search.count('korea')).toBe(expected);
    const ids = store.raw.prepare('SELECT id FROM articles ORDER BY id').pluck().all();
    expect(store.raw.prepare('SELECT rowid FROM search_fts ORDER BY rowid').pluck().all()).toEqual(ids);
  });

  it('indexes a transaction mixing text with and without Hangul exactly as indexing each article one by one does', async () => {
    // Every third article gains a Hangul phrase (segmented before indexing); the writes gathered over the
    // transaction must land as indexing each stored article on its own would.
    const records = gunzipSync(readFileSync(EN_SAMPLE)).toString('utf8').split('\n').filter(Boolean);
    const mixed = records.map((line, i) => {
      const r = JSON.parse(line);
      if (i % 3 === 1) r.body = `${r.body}\n조선로동당 중앙위원회 ${i}`;
      return JSON.stringify(r);
    });
    const file = join(mkdtempSync(join(tmpdir(), 'ww-index-')), 'mixed.jsonl');
    writeFileSync(file, mixed.join('\n'));
    const { store, search } = await freshArchive();
    await importFile(store, file, { spec, worker: false, batchSize: 7, recordsPerTransaction: 1000 });
    expect(await search.count('조선로동당')).toBeGreaterThan(10);

    const instances = () => {
      store.raw.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.index_instances USING fts5vocab('main', 'search_fts', 'instance')`);
      return store.raw.prepare('SELECT term, doc, col, offset FROM temp.index_instances ORDER BY term, doc, col, offset').raw().all();
    };
    const copied = instances();
    const rows = store.raw.prepare('SELECT id, title, body FROM articles ORDER BY id').all() as { id: number; title: string; body: string }[];
    store.raw.exec(`INSERT INTO search_fts(search_fts) VALUES ('delete-all')`);
    const indexer = new SqliteIndexer(store.raw);
    store.raw.transaction(() => {
      for (const r of rows) indexer.add(r.id, r.title, r.body);
    })();
    expect(copied.length).toBeGreaterThan(1000);
    expect(copied).toEqual(instances());
  });
});
