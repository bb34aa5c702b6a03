import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../store/postgres/pg-store.js';
import { freshPgArchive, pgTestUrl, PG_SKIP_MESSAGE } from '../../testing/pg.js';
import { searchFixtureAt, type AnyFixture } from '../test-fixture.js';

describe.skipIf(!pgTestUrl)('PostgreSQL search: the totals BM25 reads', () => {
  let fx: AnyFixture;
  let drop: () => Promise<void>;
  let pool: PostgresStore['pool'];
  beforeAll(async () => {
    const made = await freshPgArchive();
    drop = made.drop;
    fx = await searchFixtureAt(made.url);
    pool = (fx.store as PostgresStore).pool;
  }, 300_000);
  afterAll(async () => {
    await fx?.store.close();
    await drop?.();
  });

  /** The kept totals beside a count of the index. */
  const both = async () => {
    const kept = (await pool.query('SELECT articles::int AS articles, tokens::int AS tokens FROM search_totals')).rows;
    const counted = (await pool.query('SELECT count(*)::int AS articles, coalesce(sum(tokens), 0)::int AS tokens FROM search_index')).rows[0];
    return { kept, counted };
  };

  it('follow every kind of change to the index: ingest, re-index, edit, removal, rebuild', async () => {
    let { kept, counted } = await both();
    expect(counted.articles).toBeGreaterThan(10);
    expect(kept).toEqual([counted]);

    const ids = (await pool.query('SELECT article_id FROM search_index ORDER BY article_id LIMIT 3')).rows.map((r) => Number(r.article_id));
    await pool.query('UPDATE search_index SET tokens = tokens + 7 WHERE article_id = ANY($1::bigint[])', [ids]);
    await pool.query('DELETE FROM search_index WHERE article_id = $1', [ids[0]]);
    // As an edit's re-indexing writes it: one row new, one changed.
    await pool.query(
      `INSERT INTO search_index (article_id, tokens) SELECT * FROM unnest($1::bigint[], $2::int[])
       ON CONFLICT (article_id) DO UPDATE SET tokens = excluded.tokens`,
      [
        [ids[0], ids[1]],
        [40, 50],
      ],
    );
    ({ kept, counted } = await both());
    expect(kept).toEqual([counted]);

    await fx.search.reindex();
    ({ kept, counted } = await both());
    expect(counted.articles).toBeGreaterThan(10);
    expect(kept).toEqual([counted]);
  }, 120_000);
});

describe.runIf(!pgTestUrl)('PostgreSQL search: the totals BM25 reads', () => {
  it.skip(PG_SKIP_MESSAGE, () => {});
});
