import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TESTDATA, tempDir } from '../../../test/helpers.js';
import { importFile } from '../../import/importer.js';
import { openSqliteStore } from '../../store/open-store.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import { storiesOf } from '../attach.js';
import { rankCandidates } from '../clustering.js';
import { DEFAULT_STORY_CONFIG } from '../config.js';
import { storyFeatures } from '../features.js';
import { bandKeys } from '../lsh.js';
import { SqliteStories } from './sqlite-stories.js';

const LINES = readFileSync(join(TESTDATA, 'stories', 'e2e', 'unhasu.jsonl'), 'utf8').trim().split('\n');
const rec = (url: string) => JSON.parse(LINES.find((l) => l.includes(`"${url}"`))!) as { title: string; body: string };
const ORIGINAL = rec('http://example.org/kcna/en/unhasu-paris');
const REPRINT = rec('http://example.org/rodong/en/unhasu-orchestra-performs');
const features = (r: { title: string; body: string }) => storyFeatures({ title: r.title, paragraphs: r.body.split('\n') });
const pendingSize = (s: SqliteStories) => s.repository.pendingRows;
const sqliteStoriesOf = (store: SqliteStore) => storiesOf(store) as SqliteStories;
const count = (store: SqliteStore, table: string) => Number(store.raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get());

describe('pending LSH buckets', () => {
  it('find a copy whether its buckets are still pending or already moved into story_bands', async () => {
    for (const threshold of [1, 1_000_000]) {
      const store = (await openSqliteStore(join(tempDir(), 'p.db'))) as SqliteStore;
      const stories = new SqliteStories(store.raw, DEFAULT_STORY_CONFIG, threshold);
      stories.cluster(1, features(ORIGINAL), '2012-03-15', '2012-03-15T00:00:00Z');
      const bands = DEFAULT_STORY_CONFIG.bands;
      expect([count(store, 'story_bands'), pendingSize(stories)]).toEqual(threshold === 1 ? [bands, 0] : [0, bands]);
      expect(stories.cluster(2, features(REPRINT), '2012-03-16', '2012-03-16T00:00:00Z')?.articleId).toBe(1);
      await store.close();
    }
  });

  it('forget buckets whose transaction rolled back', async () => {
    const store = (await openSqliteStore(join(tempDir(), 'r.db'))) as SqliteStore;
    const stories = new SqliteStories(store.raw);
    expect(() =>
      store.raw.transaction(() => {
        stories.cluster(1, features(ORIGINAL), '2012-03-15', '2012-03-15T00:00:00Z');
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(count(store, 'story_signatures')).toBe(0);
    // The signature went with the rollback, so article 1 cannot match; its buckets must not linger either.
    expect(stories.cluster(2, features(REPRINT), '2012-03-16', '2012-03-16T00:00:00Z')).toBeNull();
    expect(pendingSize(stories)).toBe(DEFAULT_STORY_CONFIG.bands);
    await store.close();
  });

  it('forget the buckets of an import that rolled back, through the ingest hook', async () => {
    const dir = tempDir();
    const first = join(dir, 'first.jsonl');
    const second = join(dir, 'second.jsonl');
    writeFileSync(first, LINES.filter((l) => !l.includes('/rodong/')).join('\n'));
    writeFileSync(second, LINES.filter((l) => l.includes('/rodong/')).join('\n'));
    const store = (await openSqliteStore(join(dir, 'h.db'))) as SqliteStore;
    const stories = sqliteStoriesOf(store);
    let seen = 0;
    // A hook after clustering fails on the third article: the first import's transaction rolls back whole.
    store.addIngestHook(() => {
      if (++seen === 3) throw new Error('hook failed');
    });
    const spec = { spec: { map: { source: 'source' }, source: 'x' }, worker: false } as const;
    await expect(importFile(store, first, spec)).rejects.toThrow('hook failed');
    await importFile(store, second, spec);
    // Only the second import's articles hold buckets: none of the rolled-back ones linger under reused ids.
    const clustered = Number(store.raw.prepare('SELECT count(*) FROM story_signatures s JOIN articles a ON a.id = s.article_id WHERE s.shingles >= ? AND a.duplicate_of IS NULL').pluck().get(DEFAULT_STORY_CONFIG.minShingles));
    expect(clustered).toBeGreaterThan(0);
    expect(pendingSize(stories) + count(store, 'story_bands')).toBe(clustered * DEFAULT_STORY_CONFIG.bands);
    await store.close();
  });

  it('see buckets another connection wrote (an import beside the running crawler)', async () => {
    const dir = tempDir();
    const db = join(dir, 'two.db');
    const warm = join(dir, 'warm.jsonl');
    const first = join(dir, 'first.jsonl');
    const second = join(dir, 'second.jsonl');
    writeFileSync(warm, LINES.filter((l) => l.includes('unhasu-courtesy-call')).join('\n'));
    writeFileSync(first, LINES.filter((l) => !l.includes('/rodong/') && !l.includes('unhasu-courtesy-call')).join('\n'));
    writeFileSync(second, LINES.filter((l) => l.includes('/rodong/')).join('\n'));
    const a = await openSqliteStore(db);
    const b = await openSqliteStore(db);
    const spec = { spec: { map: { source: 'source' }, source: 'x' }, worker: false } as const;
    // b clusters something first, so its view of the pending buckets exists before a writes.
    await importFile(b, warm, spec);
    await importFile(a, first, spec);
    await importFile(b, second, spec);
    const original = (await b.findArticleIdByUrl('http://example.org/kcna/en/unhasu-paris'))!;
    const reprint = (await b.findArticleIdByUrl('http://example.org/rodong/en/unhasu-orchestra-performs'))!;
    expect((await storiesOf(b)!.storyOf(reprint))?.id).toBe((await storiesOf(b)!.storyOf(original))?.id);
    expect(await storiesOf(b)!.storyOf(reprint)).not.toBeNull();
    await a.close();
    await b.close();
  });

  it('find buckets moved by another connection, and in an archive whose key filter is missing', async () => {
    const db = join(tempDir(), 'f.db');
    const a = (await openSqliteStore(db)) as SqliteStore;
    const b = (await openSqliteStore(db)) as SqliteStore;
    const writer = new SqliteStories(a.raw, DEFAULT_STORY_CONFIG, 1);
    const reader = new SqliteStories(b.raw, DEFAULT_STORY_CONFIG, 1);
    // The reader loads its filter before the writer's buckets exist…
    expect(reader.cluster(1, features({ title: 'x', body: 'Unrelated words about something else entirely, long enough to be shingled and banded here.' }), '2012-03-01', '2012-03-01T00:00:00Z')).toBeNull();
    writer.cluster(2, features(ORIGINAL), '2012-03-15', '2012-03-15T00:00:00Z');
    expect(count(a, 'story_bands')).toBe(2 * DEFAULT_STORY_CONFIG.bands);
    // …and must see them once the writer has moved them into story_bands.
    const keys = bandKeys(features(ORIGINAL).signature, DEFAULT_STORY_CONFIG.bands, DEFAULT_STORY_CONFIG.rows);
    const bucketsOf = (s: SqliteStories) => {
      s.repository.syncPending();
      return rankCandidates(s.repository.bucketMembers(keys), DEFAULT_STORY_CONFIG.maxCandidates).map((id) => ({
        article_id: id,
        hits: s.repository.bucketMembers(keys).filter((m) => m === id).length,
      }));
    };
    expect(bucketsOf(reader)).toEqual([{ article_id: 2, hits: DEFAULT_STORY_CONFIG.bands }]);
    a.raw.exec('DELETE FROM story_band_filter');
    expect(bucketsOf(new SqliteStories(a.raw, DEFAULT_STORY_CONFIG, 1))).toEqual([{ article_id: 2, hits: DEFAULT_STORY_CONFIG.bands }]);
    expect(count(a, 'story_band_filter')).toBe(1);
    await a.close();
    await b.close();
  });

  it('come back from the stored signatures after a restart (nothing but signatures is stored for them)', async () => {
    const dir = tempDir();
    const db = join(dir, 'restart.db');
    const all = join(dir, 'all.jsonl');
    writeFileSync(all, LINES.join('\n'));
    const first = (await openSqliteStore(db)) as SqliteStore;
    await importFile(first, all, { spec: { map: { source: 'source' }, source: 'x' }, worker: false });
    const held = pendingSize(sqliteStoriesOf(first));
    await first.close();
    expect(held).toBeGreaterThan(0);
    const again = (await openSqliteStore(db)) as SqliteStore;
    const stories = new SqliteStories(again.raw);
    stories.repository.syncPending();
    expect(pendingSize(stories)).toBe(held);
    expect(count(again, 'story_bands')).toBe(0);
    await again.close();
  });
});

