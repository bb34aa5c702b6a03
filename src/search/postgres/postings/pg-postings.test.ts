import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { importFile } from '../../../import/importer.js';
import { openStore } from '../../../store/open-store.js';
import type { PostgresStore } from '../../../store/postgres/pg-store.js';
import { freshPgArchive, pgTestUrl, PG_SKIP_MESSAGE } from '../../../testing/pg.js';
import { searchOf } from '../../attach.js';
import type { PostgresSearch } from '../pg-search.js';
import { indexTokens } from '../ts-text.js';
import { articlePostings } from './article.js';
import { BlockCache } from './block-cache.js';
import { readPostings } from './postings-reader.js';
import { lockPostings, writeSegment } from './postings-store.js';
import { SegmentBuilder } from './segment.js';

const SAMPLE = fileURLToPath(new URL('../../../../testdata/corpus/kcna-co-jp-sample.jsonl', import.meta.url));

describe.skipIf(!pgTestUrl)('PostgreSQL search: positional postings', () => {
  let store: PostgresStore;
  let search: PostgresSearch;
  let drop: () => Promise<void>;
  const records = readFileSync(SAMPLE, 'utf8').trim().split('\n');

  beforeAll(async () => {
    const made = await freshPgArchive();
    drop = made.drop;
    store = (await openStore(made.url)) as PostgresStore;
    search = searchOf(store) as PostgresSearch;
    // One transaction per article: a segment each, merged as they accumulate.
    await importFile(store, SAMPLE, { spec: { preset: 'kcna-co-jp' }, worker: false, batchSize: 1 });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  const q = async (text: string) => (await store.pool.query(text)).rows;
  /** A sequence of index tokens (the last a prefix, or all in the title only) to look for in the texts. */
  interface Seq {
    tokens: string[];
    prefix?: boolean;
    title?: boolean;
  }
  const occurs = (toks: string[], seq: Seq) =>
    toks.some((_, i) => seq.tokens.every((t, j) => (seq.prefix && j === seq.tokens.length - 1 ? toks[i + j]?.startsWith(t) : toks[i + j] === t)));
  /** Ids by the search against ids found by reading every indexed article's text (an independent reading). */
  const both = async (query: string, seq: Seq) => {
    const r = await search.search({ q: query, perPage: 100, sort: 'oldest' });
    const texts = await q('SELECT a.id, a.title, a.body FROM articles a JOIN search_index s ON s.article_id = a.id ORDER BY a.id');
    const byTexts = texts.filter((a) => occurs(indexTokens(a.title), seq) || (!seq.title && occurs(indexTokens(a.body), seq))).map((a) => Number(a.id));
    return { search: r.results.map((h) => h.id).sort((a, b) => a - b), byTexts };
  };
  const waitForStamp = () => new Promise((r) => setTimeout(r, 2100));

  it('an ingest writes a segment, and segments of one size merge as they accumulate', async () => {
    const segments = await q('SELECT id, hi, articles FROM search_segments');
    const articles = Number((await q('SELECT count(*) AS n FROM search_index'))[0].n);
    expect(articles).toBeGreaterThan(16);
    // 25 one-article transactions: sixteen small segments became one.
    expect(segments.length).toBeLessThan(articles);
    expect(segments.reduce((s, x) => s + Number(x.articles), 0)).toBe(articles);
    const cases: [string, Seq][] = [
      ['pyongyang', { tokens: ['pyongyang'] }],
      ['"kim jong il"', { tokens: ['kim', 'jong', 'il'] }],
      ['title:korean', { tokens: ['korean'], title: true }],
      ['korea*', { tokens: ['korea'], prefix: true }],
    ];
    for (const [query, seq] of cases) {
      const r = await both(query, seq);
      expect(r.search.length).toBeGreaterThan(0);
      expect(r.search).toEqual(r.byTexts);
    }
  }, 60_000);

  it('an edited article is found by its new text only, a removed one not at all', async () => {
    // An edit that became the article's current text (as a recheck stores it): re-indexed in an ingest transaction.
    const first = JSON.parse(records[0]);
    const id = Number((await q(`SELECT id FROM articles WHERE url = '${first.url}'`))[0].id);
    const body = `${first.body} Quetzalcoatl appeared.`.replace(/Pyongyang/g, 'Wonsan');
    await store.db.transaction().execute(async (tx) => {
      await sql`UPDATE articles SET body = ${body} WHERE id = ${id}`.execute(tx);
      const hash = (await sql<{ h: string }>`SELECT content_hash AS h FROM articles WHERE id = ${id}`.execute(tx)).rows[0].h;
      await search.indexer.hook(tx, id, { article: { contentHash: hash } } as never, { kind: 'merged', id });
      await search.indexer.flush(tx);
    });
    await waitForStamp();
    expect((await q(`SELECT since FROM search_dead WHERE article_id = ${id}`)).length).toBe(1);
    expect((await both('quetzalcoatl', { tokens: ['quetzalcoatl'] })).search).toEqual([id]);
    const pyongyang = await both('pyongyang', { tokens: ['pyongyang'] });
    expect(pyongyang.search).not.toContain(id);
    expect(pyongyang.search).toEqual(pyongyang.byTexts);

    const other = pyongyang.search[0];
    await q(`DELETE FROM search_index WHERE article_id = ${other}`);
    await q(`SELECT nextval('search_changes')`);
    await waitForStamp();
    const after = await both('pyongyang', { tokens: ['pyongyang'] });
    expect(after.search).not.toContain(other);
    expect(after.search).toEqual(after.byTexts);
  }, 60_000);

  it('a rebuild leaves one set of postings that answers as before', async () => {
    const before = await both('"kim jong il"', { tokens: ['kim', 'jong', 'il'] });
    await search.reindex();
    await waitForStamp();
    expect(Number((await q('SELECT count(*) AS n FROM search_dead'))[0].n)).toBe(0);
    const after = await both('"kim jong il"', { tokens: ['kim', 'jong', 'il'] });
    // Every article again, the one whose row was removed above too.
    expect(after.search).toEqual(expect.arrayContaining(before.search));
    expect(after.search).toEqual(after.byTexts);
  }, 60_000);
});

/** A read's postings, its memory let go of at once (nothing else reads meanwhile). */
async function decoded(...args: Parameters<typeof readPostings>) {
  const read = await readPostings(...args);
  try {
    return read.decode();
  } finally {
    read.release();
  }
}

describe.skipIf(!pgTestUrl)('PostgreSQL search: postings blocks', () => {
  let store: PostgresStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const made = await freshPgArchive();
    drop = made.drop;
    store = (await openStore(made.url)) as PostgresStore;
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('a block larger than a part is stored in parts and read whole, positions only for phrases, and a kept block is not read again', async () => {
    const builder = new SegmentBuilder();
    for (let i = 1; i <= 30_000; i++) builder.add(i, articlePostings([], ['zzwide', 'x', 'zzwide']));
    await store.db.transaction().execute(async (tx) => {
      await lockPostings(tx);
      await writeSegment(tx, builder.build());
    });
    const parts = Number((await store.pool.query(`SELECT count(*) AS n FROM search_blocks WHERE first_lexeme = 'zzwide'`)).rows[0].n);
    expect(parts).toBeGreaterThan(2);

    // Blocks are read by COPY on a client of the pool: counted there.
    let blockReads = 0;
    const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
    pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
      if (/^COPY \(/.test(String((a[0] as { text?: string } | undefined)?.text ?? ''))) blockReads++;
      return query.apply(this, a);
    } as typeof pg.Client.prototype.query;
    onTestFinished(() => {
      pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
    });
    const cache = new BlockCache(64 * 2 ** 20);
    // A word alone: its doclists without their positions.
    const [alone] = await decoded(store.pool, [{ lexeme: 'zzwide', prefix: false }], cache);
    expect(alone.ids.length).toBe(30_000);
    expect(alone.ids[29_999]).toBe(30_000);
    expect(alone.bodyCount[12_345]).toBe(2);
    expect(blockReads).toBe(1);
    // In a phrase: read again, with them; then kept, with or without.
    for (const positions of [true, true, false]) {
      const [p] = await decoded(store.pool, [{ lexeme: 'zzwide', prefix: false, positions }], cache);
      expect(p.ids.length).toBe(30_000);
      if (positions) expect(p.positions(12_345, [])).toEqual([0, 2]);
      expect(blockReads).toBe(2);
    }
    // Within an id range: only its entries; a range no segment reaches reads no block at all.
    const [some] = await decoded(store.pool, [{ lexeme: 'zzwide', prefix: false }], new BlockCache(0), [100, 199]);
    expect(Array.from(some.ids)).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    expect(blockReads).toBe(3);
    const [none] = await decoded(store.pool, [{ lexeme: 'zzwide', prefix: false }], new BlockCache(0), [40_000, 50_000]);
    expect(none.ids.length).toBe(0);
    expect(blockReads).toBe(3);
  }, 60_000);

  it('reads again when a merge replaces a segment between finding its blocks and reading them', async () => {
    const builder = new SegmentBuilder();
    for (let i = 1; i <= 10; i++) builder.add(200_000 + i, articlePostings([], ['zzgone']));
    const seg = await store.db.transaction().execute(async (tx) => {
      await lockPostings(tx);
      return writeSegment(tx, builder.build());
    });
    // Right after the blocks are found, the segment is replaced by a copy under a new number, as a merge does.
    let keysRead = 0;
    const query = store.pool.query.bind(store.pool) as (...a: unknown[]) => Promise<unknown>;
    (store.pool as unknown as { query: typeof query }).query = async (...a: unknown[]) => {
      const result = await query(...a);
      if ((a[0] as { name?: string }).name === 'ww-search-block-keys' && keysRead++ === 0) {
        await store.db.transaction().execute(async (tx) => {
          await lockPostings(tx);
          const { rows } = await sql<{ id: string }>`INSERT INTO search_segments (id, hi, bytes, articles, first_id, last_id)
            SELECT nextval('search_segment_ids'), hi, bytes, articles, first_id, last_id FROM search_segments WHERE id = ${seg} RETURNING id`.execute(tx);
          await sql`INSERT INTO search_blocks (seg, first_lexeme, part, data, pos) SELECT ${rows[0].id}, first_lexeme, part, data, pos FROM search_blocks WHERE seg = ${seg}`.execute(tx);
          await sql`DELETE FROM search_segments WHERE id = ${seg}`.execute(tx);
        });
      }
      return result;
    };
    onTestFinished(() => {
      (store.pool as unknown as { query: typeof query }).query = query;
    });
    const [gone] = await decoded(store.pool, [{ lexeme: 'zzgone', prefix: false }]);
    expect(Array.from(gone.ids)).toEqual(Array.from({ length: 10 }, (_, i) => 200_001 + i));
    expect(keysRead).toBe(2);
  }, 60_000);

  it('reads blocks of lexemes with quotes and backslashes (written into the COPY statement as literals)', async () => {
    const odd = ["it's", 'back\\slash', "''", 'e\\\'x'];
    const builder = new SegmentBuilder();
    for (let i = 1; i <= 50; i++) builder.add(100_000 + i, articlePostings([], [odd[i % odd.length], 'plain']));
    await store.db.transaction().execute(async (tx) => {
      await lockPostings(tx);
      await writeSegment(tx, builder.build());
    });
    const read = await decoded(store.pool, odd.map((lexeme) => ({ lexeme, prefix: false, positions: true })));
    expect(read.map((p) => p.ids.length)).toEqual([12, 13, 13, 12]);
  }, 60_000);
});

describe.runIf(!pgTestUrl)('PostgreSQL search: positional postings', () => {
  it.skip(PG_SKIP_MESSAGE, () => {});
});
