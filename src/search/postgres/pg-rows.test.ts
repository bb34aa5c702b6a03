import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../store/postgres/pg-store.js';
import { freshPgArchive, pgTestUrl, PG_SKIP_MESSAGE } from '../../testing/pg.js';
import { searchFixtureAt, type AnyFixture } from '../test-fixture.js';

describe.skipIf(!pgTestUrl)('PostgreSQL search: a page’s rows', () => {
  let fx: AnyFixture;
  let drop: () => Promise<void>;
  let pool: PostgresStore['pool'];
  let rowReads = 0;
  beforeAll(async () => {
    const made = await freshPgArchive();
    drop = made.drop;
    fx = await searchFixtureAt(made.url);
    pool = (fx.store as PostgresStore).pool;
    const query = pool.query.bind(pool) as (...a: unknown[]) => Promise<unknown>;
    (pool as unknown as { query: typeof query }).query = (...a: unknown[]) => {
      if ((a[0] as { name?: string }).name === 'ww-search-rows') rowReads++;
      return query(...a);
    };
    await fx.search.warm();
  }, 300_000);
  afterAll(async () => {
    await fx?.store.close();
    await drop?.();
  });

  const titles = async (q: string) => (await fx.search.search({ q, perPage: 10 })).results.map((h) => h.title);

  it('are read once for a page shown again, and read anew once the archive changes', async () => {
    const first = await titles('korea');
    expect(first.length).toBe(10);
    const reads = rowReads;
    expect(await titles('korea')).toEqual(first);
    expect(rowReads).toBe(reads);

    // An edit re-indexes the article, which moves the change stamp: the page shows the new title.
    const { id } = (await fx.search.search({ q: 'korea', perPage: 1 })).results[0];
    await pool.query(`UPDATE articles SET title = 'Korea renamed here' WHERE id = $1`, [id]);
    await pool.query(`SELECT nextval('search_changes')`);
    await new Promise((r) => setTimeout(r, 150));
    expect((await titles('korea')).some((t) => t === 'Korea renamed here')).toBe(true);
    expect(rowReads).toBeGreaterThan(reads);
  }, 60_000);
});

describe.runIf(!pgTestUrl)('PostgreSQL search: a page’s rows', () => {
  it.skip(PG_SKIP_MESSAGE, () => {});
});
