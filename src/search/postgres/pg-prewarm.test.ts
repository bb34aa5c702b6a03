import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgArchive, pgTestUrl, PG_SKIP_MESSAGE } from '../../testing/pg.js';
import type { SearchEngine } from '../engine/search-engine.js';
import { searchFixtureAt, type AnyFixture } from '../test-fixture.js';

const QUERIES = ['korea', '"kim jong il"', 'reunif*', 'nuclear AND (test OR weapons)', 'title:kim date:2017'];

describe.skipIf(!pgTestUrl)('PostgreSQL search warm-up', () => {
  let fx: AnyFixture;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const made = await freshPgArchive();
    drop = made.drop;
    fx = await searchFixtureAt(made.url);
  }, 300_000);
  afterAll(async () => {
    await fx?.store.close();
    await drop?.();
  });

  const answers = (search: SearchEngine) => Promise.all(QUERIES.map(async (q) => search.search({ q, perPage: 20 })));

  it('changes no answer: the same totals, pages and facets before and after warm()', async () => {
    const before = await answers(fx.search);
    await fx.search.warm();
    const after = await answers(fx.search);
    expect(after.map((r) => [r.total, r.results.map((h) => h.id), r.facets])).toEqual(before.map((r) => [r.total, r.results.map((h) => h.id), r.facets]));
    expect(before.some((r) => r.total > 0)).toBe(true);
  }, 120_000);

  it('can be called again (the extension kept, nothing read twice goes wrong)', async () => {
    await expect(fx.search.warm()).resolves.toBeUndefined();
  }, 60_000);
});

describe.runIf(!pgTestUrl)('PostgreSQL search warm-up', () => {
  it.skip(PG_SKIP_MESSAGE, () => {});
});
