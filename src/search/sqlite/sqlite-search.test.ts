// SQLite's own indexing path: the ingest hook and its deferred writes (search.test.ts runs the rest on every backend).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planQuery } from '../query/plan.js';
import { searchFixture, type Fixture } from '../test-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await searchFixture();
}, 120_000);
afterAll(async () => {
  await fx.store.close();
});

describe('indexing', () => {
  it('re-indexes an article whose current text is replaced (as the crawler does on an edit)', async () => {
    const id = fx.docs.find((d) => d.lang === 'en')!.id;
    const before = await fx.search.count('zzyzxnewword');
    fx.store.raw.prepare("UPDATE articles SET body = 'a zzyzxnewword text', content_hash = 'edited' WHERE id = ?").run(id);
    const item = { article: { contentHash: 'edited' } } as unknown as Parameters<typeof fx.search.indexer.hook>[2];
    fx.search.indexer.hook(fx.store.raw, id, item, { kind: 'merged', id });
    // The index is written at the end of the ingest transaction.
    expect(await fx.search.count('zzyzxnewword')).toBe(0);
    fx.search.indexer.flush();
    expect(before).toBe(0);
    expect(Array.from((await fx.search.evaluate(planQuery('zzyzxnewword'))).ids)).toEqual([id]);
    // A merge that leaves the current text alone changes nothing.
    const other = { article: { contentHash: 'something else' } } as unknown as Parameters<typeof fx.search.indexer.hook>[2];
    fx.search.indexer.hook(fx.store.raw, id, other, { kind: 'merged', id });
    fx.search.indexer.flush();
    expect(await fx.search.count('zzyzxnewword')).toBe(1);
  });
});
