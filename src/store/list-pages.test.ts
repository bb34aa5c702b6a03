import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../testing/backends.js';
import { archiveDbOf, listPagesOf } from './list-pages.js';
import { openStore } from './open-store.js';
import type { Store } from './store.js';

describe.each(testBackends())('keyset pages ($name)', (backend) => {
  let store: Store;
  let sourceId = 0;

  beforeAll(async () => {
    store = await openStore(await backend.location());
    sourceId = await store.ensureSource({ slug: 'wire', name: 'Wire' });
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  const addEvents = (type: string, ats: string[]) =>
    archiveDbOf(store)
      .insertInto('events')
      .values(ats.map((at) => ({ type, at, source_id: sourceId, article_id: null, detail: null })))
      .execute();

  it('walks events newest first, ties on the time by id, each once, with events recorded between pages', async () => {
    // Several events share a time: only the id tells them apart.
    await addEvents('edited', ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2023-12-31T00:00:00Z']);
    await addEvents('removed', ['2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z']);
    const pages = listPagesOf(store);
    const whole = await pages.events({}, null, 100);
    expect(whole.map((e) => e.at)).toEqual([...whole.map((e) => e.at)].sort().reverse());
    const seen: number[] = [];
    let after: { at: string; id: number } | null = null;
    for (let round = 0; round < 20; round++) {
      const page = await pages.events({}, after, 2);
      if (!page.length) break;
      seen.push(...page.map((e) => e.id));
      after = { at: page.at(-1)!.at, id: page.at(-1)!.id };
      // A newer event lands above the walk; one at the same time as the cursor but with a higher id too.
      if (round === 0) await addEvents('edited', ['2025-01-01T00:00:00Z', after.at]);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(whole.map((e) => e.id)));
    expect(seen.length).toBe(whole.length);
    const edited = await pages.events({ type: 'edited' }, null, 100);
    expect(edited.every((e) => e.type === 'edited')).toBe(true);
  });

  it("walks a source's articles newest first by (published, id)", async () => {
    const pages = listPagesOf(store);
    expect(await pages.sourceArticles(sourceId, null, 10)).toEqual([]);
    expect(await pages.sourceArticles(sourceId, { published: '2024-01-01', id: 5 }, 10)).toEqual([]);
  });
});
