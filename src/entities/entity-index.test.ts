import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../import/importer.js';
import { EN_SAMPLE } from '../search/test-fixture.js';
import { testBackends } from '../testing/backends.js';
import { documentText, sharedExtractor } from './extract.js';
import { openEntityArchive, type EntityArchive } from './testing/entity-archive.js';

const spec = { preset: 'kcna-co-jp' } as const;

interface MentionRow {
  entity_id: string;
  article_id: number;
  count: number;
  offsets: string;
}

/** What the mention rows must be: each stored article's text extracted again, grouped by entity. */
async function expectedRows(a: EntityArchive): Promise<MentionRow[]> {
  const rows: MentionRow[] = [];
  const articles = await a.rows<{ id: number; title: string; body: string; lang: string; published: string }>('SELECT id, title, body, lang, published FROM articles');
  for (const r of articles) {
    const paragraphs = r.body.split('\n');
    const found = sharedExtractor().extract({ title: r.title, paragraphs, lang: r.lang, published: r.published });
    expect(documentText(r.title, paragraphs).length).toBeGreaterThan(0);
    const byEntity = new Map<string, string[]>();
    for (const m of found.mentions) byEntity.set(m.id, [...(byEntity.get(m.id) ?? []), `${m.start}-${m.end}`]);
    for (const [entity_id, list] of byEntity) rows.push({ entity_id, article_id: r.id, count: list.length, offsets: list.join(',') });
  }
  return rows.sort((x, y) => x.article_id - y.article_id || (x.entity_id < y.entity_id ? -1 : 1));
}

const storedRows = (a: EntityArchive) => a.rows<MentionRow>('SELECT entity_id, article_id, count, offsets FROM entity_mentions ORDER BY article_id, entity_id');

describe.each(testBackends())('mention rows gathered and written at the end of the ingest transaction ($name)', (backend) => {
  afterAll(() => backend.cleanup(), 60_000);

  it('are the rows of every stored article, whether a transaction holds a few articles or all of them', async () => {
    for (const recordsPerTransaction of [5, 10_000]) {
      const a = await openEntityArchive(backend);
      await importFile(a.store, EN_SAMPLE, { spec, worker: false, batchSize: 5, recordsPerTransaction });
      const rows = await storedRows(a);
      expect(rows.length).toBeGreaterThan(64);
      expect(rows).toEqual(await expectedRows(a));
      await a.close();
    }
  }, 180_000);

  it('are dropped with a transaction that fails', async () => {
    const a = await openEntityArchive(backend);
    let seen = 0;
    const failing = () => {
      if (++seen === 12) throw new Error('hook failed');
    };
    // Registered after extraction's hook: its rows of the batch are gathered when this one fails.
    (a.store as unknown as { addIngestHook(hook: () => unknown): void }).addIngestHook(backend.name === 'postgres' ? async () => failing() : failing);
    await expect(importFile(a.store, EN_SAMPLE, { spec, worker: false, batchSize: 5, recordsPerTransaction: 1000 })).rejects.toThrow('hook failed');
    expect(await a.rows('SELECT entity_id FROM entity_mentions')).toEqual([]);

    seen = -1_000_000;
    await importFile(a.store, EN_SAMPLE, { spec, worker: false, recordsPerTransaction: 10_000 });
    expect(await storedRows(a)).toEqual(await expectedRows(a));
    if (backend.name === 'sqlite') {
      // A statement between two of the index's writes would split its terms into more segments: none comes between them.
      expect(await a.rows('SELECT DISTINCT segid FROM search_fts_idx')).toHaveLength(1);
    }
    await a.close();
  }, 180_000);
});
