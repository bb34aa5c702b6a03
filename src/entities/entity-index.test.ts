import { describe, expect, it } from 'vitest';
import { importFile } from '../../import/importer.js';
import { openStore } from '../../store/open-store.js';
import { EN_SAMPLE } from '../../search/test-fixture.js';
import { documentText, sharedExtractor } from '../extract.js';

const spec = { preset: 'kcna-co-jp' } as const;

interface MentionRow {
  entity_id: string;
  article_id: number;
  count: number;
  offsets: string;
}

/** What the mention rows must be: each stored article's text extracted again, grouped by entity. */
function expectedRows(store: Awaited<ReturnType<typeof openStore>>): MentionRow[] {
  const rows: MentionRow[] = [];
  const articles = store.raw.prepare<[], { id: number; title: string; body: string; lang: string; published: string }>('SELECT id, title, body, lang, published FROM articles').all();
  for (const a of articles) {
    const paragraphs = a.body.split('\n');
    const found = sharedExtractor().extract({ title: a.title, paragraphs, lang: a.lang, published: a.published });
    expect(documentText(a.title, paragraphs).length).toBeGreaterThan(0);
    const byEntity = new Map<string, string[]>();
    for (const m of found.mentions) byEntity.set(m.id, [...(byEntity.get(m.id) ?? []), `${m.start}-${m.end}`]);
    for (const [entity_id, list] of byEntity) rows.push({ entity_id, article_id: a.id, count: list.length, offsets: list.join(',') });
  }
  return rows.sort((x, y) => x.article_id - y.article_id || (x.entity_id < y.entity_id ? -1 : 1));
}

const storedRows = (store: Awaited<ReturnType<typeof openStore>>) =>
  store.raw.prepare<[], MentionRow>('SELECT entity_id, article_id, count, offsets FROM entity_mentions ORDER BY article_id, entity_id').all();

describe('mention rows gathered and written at the end of the ingest transaction', () => {
  it('are the rows of every stored article, whether a transaction holds a few articles or all of them', async () => {
    for (const recordsPerTransaction of [5, 10_000]) {
      const store = await openStore(':memory:');
      await importFile(store, EN_SAMPLE, { spec, worker: false, batchSize: 5, recordsPerTransaction });
      const rows = storedRows(store);
      expect(rows.length).toBeGreaterThan(64);
      expect(rows).toEqual(expectedRows(store));
      await store.close();
    }
  });

  it('are dropped with a transaction that fails, and the search index still gets one segment a transaction', async () => {
    const store = await openStore(':memory:');
    let seen = 0;
    store.addIngestHook(() => {
      if (++seen === 12) throw new Error('hook failed');
    });
    await expect(importFile(store, EN_SAMPLE, { spec, worker: false, batchSize: 5, recordsPerTransaction: 1000 })).rejects.toThrow('hook failed');
    expect(store.raw.prepare('SELECT count(*) FROM entity_mentions').pluck().get()).toBe(0);

    seen = -1_000_000;
    await importFile(store, EN_SAMPLE, { spec, worker: false, recordsPerTransaction: 10_000 });
    expect(storedRows(store)).toEqual(expectedRows(store));
    // A statement between two of the index's writes would split its terms into more segments: none comes between them.
    expect(store.raw.prepare('SELECT count(DISTINCT segid) FROM search_fts_idx').pluck().get()).toBe(1);
    await store.close();
  });
});
