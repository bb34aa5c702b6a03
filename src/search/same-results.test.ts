// The promise: PostgreSQL gives the same results and counts as SQLite. Both archives hold the
// same real articles (testdata/search); each query's ids, order, totals, facets and timelines must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgArchive, pgTestUrl, PG_SKIP_MESSAGE } from '../testing/pg.js';
import { searchFixtureAt, type AnyFixture } from './test-fixture.js';

const QUERIES = [
  // English words, prefixes, names in all their spellings
  'korea',
  'nuclear',
  'juche',
  'imperialis*',
  'Kim Jong Il',
  'Kim Jong Un',
  'socialist construction',
  // phrases
  '"nuclear test"',
  '"Workers\' Party of Korea"',
  '"great leader"',
  '"the united states"',
  // boolean
  'korea -nuclear',
  'greetings OR congratulations',
  '(army OR people) AND -japan',
  'korea NOT (japan OR china)',
  // fields and dates
  'title:kim',
  'title:"central committee"',
  'korea date:1997..1999',
  'nuclear date:2013',
  'juche date:2005-03',
  'korea lang:en',
  'korea source:kcna-co-jp',
  'korea -lang:en',
  'date:2010..2011',
  '-date:..2015',
  // Korean, either spelling, inside compounds, one syllable
  '로동',
  '노동',
  '로동당',
  '조선로동당',
  '평양',
  '당',
  '"김정은 동지"',
  '김정은 OR Kim',
  '력사 lang:ko',
];

describe.skipIf(!pgTestUrl)('SQLite and PostgreSQL give the same results', () => {
  let sqlite: AnyFixture;
  let postgres: AnyFixture;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    sqlite = await searchFixtureAt(':memory:');
    const pg = await freshPgArchive('search');
    drop = pg.drop;
    postgres = await searchFixtureAt(pg.url);
  }, 300_000);
  afterAll(async () => {
    await sqlite?.store.close();
    await postgres?.store.close();
    await drop?.();
  });

  it('holds the same articles', () => {
    expect(postgres.docs.map((d) => [d.id, d.published, d.lang])).toEqual(sqlite.docs.map((d) => [d.id, d.published, d.lang]));
  });

  it.each(QUERIES)('%s: same ids in the same order, totals, facets and ranking', async (q) => {
    for (const sort of ['relevance', 'newest', 'oldest'] as const) {
      const [a, b] = await Promise.all([sqlite.search.search({ q, sort, perPage: 100 }), postgres.search.search({ q, sort, perPage: 100 })]);
      expect(b.total, `${q} (${sort}) total`).toBe(a.total);
      expect(b.results.map((h) => h.id), `${q} (${sort}) ids`).toEqual(a.results.map((h) => h.id));
      expect(b.results.map((h) => h.snippet), `${q} (${sort}) snippets`).toEqual(a.results.map((h) => h.snippet));
      expect(b.facets, `${q} (${sort}) facets`).toEqual(a.facets);
      expect([b.ranking, b.languageFirst]).toEqual([a.ranking, a.languageFirst]);
    }
    const [pa, pb] = await Promise.all([sqlite.search.search({ q, page: 3, perPage: 7 }), postgres.search.search({ q, page: 3, perPage: 7 })]);
    expect(pb.results.map((h) => h.id), `${q} page 3`).toEqual(pa.results.map((h) => h.id));
    expect(await postgres.search.count(q)).toBe(await sqlite.search.count(q));
  });

  it.each(QUERIES.slice(0, 12))('%s: same timelines', async (q) => {
    for (const interval of ['year', 'month', 'week'] as const) {
      const [a, b] = await Promise.all([sqlite.search.timeline({ q, interval }), postgres.search.timeline({ q, interval })]);
      expect(b, `${q} by ${interval}`).toEqual(a);
    }
    const [a, b] = await Promise.all([sqlite.search.timeline({ q, interval: 'day', source: 'kcna-kp-ko' }), postgres.search.timeline({ q, interval: 'day', source: 'kcna-kp-ko' })]);
    expect(b).toEqual(a);
  });

  it('every match streams in the same order', async () => {
    const ids = async (f: AnyFixture) => {
      const out: number[] = [];
      for await (const chunk of f.search.stream('korea OR 조선', 'newest')) out.push(...chunk.map((h) => h.id));
      return out;
    };
    expect(await ids(postgres)).toEqual(await ids(sqlite));
  });
});

describe.runIf(!pgTestUrl)('PostgreSQL', () => {
  it.skip(PG_SKIP_MESSAGE, () => {});
});
