import { describe, expect, it } from 'vitest';
import { importFile } from '../../import/importer.js';
import { openStore } from '../../store/open-store.js';
import { searchOf } from '../attach.js';
import { EN_SAMPLE, KO_SAMPLE } from '../test-fixture.js';

const spec = { preset: 'kcna-co-jp' } as const;

async function freshArchive() {
  const store = await openStore(':memory:');
  return { store, search: searchOf(store) };
}

describe('index writes at the end of the ingest transaction', () => {
  it('a batch that fails leaves no index entries behind, and the next batch is indexed once', async () => {
    const reference = await freshArchive();
    await importFile(reference.store, EN_SAMPLE, { spec, worker: false });
    const expected = reference.search.count('korea');
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
    expect(search.count('조선')).toBe(0);

    fail = false;
    await importFile(store, EN_SAMPLE, { spec, worker: false });
    expect(search.count('korea')).toBe(expected);
    // Nothing of the failed Korean batch reached the index under the ids the English articles now hold.
    expect(search.count('조선')).toBe(0);
    const ids = store.raw.prepare('SELECT id FROM articles ORDER BY id').pluck().all();
    const indexed = store.raw.prepare('SELECT rowid FROM search_fts ORDER BY rowid').pluck().all();
    expect(indexed).toEqual(ids);
  });

  it('a bulk transaction spanning several batches lands whole, indexed once, or not at all', async () => {
    const reference = await freshArchive();
    await importFile(reference.store, EN_SAMPLE, { spec, worker: false });
    const expected = reference.search.count('korea');

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
    expect(search.count('korea')).toBe(expected);
    const ids = store.raw.prepare('SELECT id FROM articles ORDER BY id').pluck().all();
    expect(store.raw.prepare('SELECT rowid FROM search_fts ORDER BY rowid').pluck().all()).toEqual(ids);
  });
});
