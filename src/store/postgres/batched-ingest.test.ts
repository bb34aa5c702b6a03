import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeArticle, type NormalizedArticle, type RawArticle } from '../../normalize/article.js';
import { freshPgArchive, pgTestUrl } from '../../testing/pg.js';
import { SqliteStore } from '../sqlite-store.js';
import type { IngestItem, IngestOutcome } from '../store.js';
import { gathersNew } from './pg-ingest.js';
import { PostgresStore } from './pg-store.js';

const TEXT = [
  'Pyongyang, May 4 (KCNA) -- A delegation of the Ministry of Foreign Affairs left Pyongyang on Saturday for talks in Moscow.',
  'The delegation is led by the vice-minister, who will meet officials of the host country during the week.',
];

const article = (raw: Partial<RawArticle> & { url: string }): NormalizedArticle => {
  const r = normalizeArticle({ title: 'Delegation leaves for Moscow', body: TEXT, pageDate: '2024-05-04', lang: 'en', ...raw });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
};

const other = (n: number, url: string, extra: Partial<RawArticle> = {}) =>
  article({ url, title: `Report ${n}`, body: [`Pyongyang (KCNA) -- Report ${n} on the harvest in the province, the ${n}th of the season.`, `Farmers, ${n}, gathered.`], ...extra });

/**
 * One batch that meets every rule within itself: new articles, a copy of a new one (exact and near),
 * the same URL again unchanged and with another text, an alias seen again, all between new articles.
 */
function mixedBatch(sourceId: number): IngestItem[] {
  const at = (h: number) => `2024-05-04T${String(h).padStart(2, '0')}:00:00.000Z`;
  const items: [NormalizedArticle, string][] = [
    [article({ url: 'http://kcna.test/a/1' }), at(1)],
    [other(2, 'http://kcna.test/a/2'), at(1)],
    [article({ url: 'http://kcna.test/top/1', title: 'Other headline' }), at(2)],
    [article({ url: 'http://kcna.test/a/1' }), at(3)],
    [other(3, 'http://kcna.test/a/3', { aliases: ['http://kcna.test/a/3?lang=en'] }), at(3)],
    [article({ url: 'http://kcna.test/a/1', body: [TEXT[0], TEXT[1].replace('the week', 'the month')] }), at(4)],
    [other(4, 'http://kcna.test/a/4'), at(4)],
    [article({ url: 'http://kcna.test/news/1', body: ['Top News', ...TEXT, 'www.kcna.test (Juche113.5.4.)'] }), at(5)],
    [other(3, 'http://kcna.test/a/3?lang=en'), at(6)],
    [other(5, 'http://kcna.test/a/5'), at(6)],
  ];
  return items.map(([a, seenAt]) => ({ sourceId, article: a, seenAt, origin: 'import' }));
}

const TABLES = [
  'SELECT id, url, title, first_seen, last_seen, content_hash FROM articles ORDER BY id',
  'SELECT url, article_id, is_canonical, is_copy FROM article_urls ORDER BY url',
  'SELECT id, article_id, taken_at, url, content_hash FROM captures ORDER BY id',
  'SELECT id, article_id, content_hash, seen_at FROM versions ORDER BY id',
  'SELECT id, type, article_id, at, detail FROM events ORDER BY id',
];

describe.skipIf(!pgTestUrl)('PostgreSQL ingest writes runs of new articles together', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  const openPg = async () => {
    const made = await freshPgArchive();
    const store = await PostgresStore.open(made.url);
    cleanups.push(made.drop, () => store.close());
    return store;
  };

  it('stores a mixed batch row for row as the SQLite store does, ids in the order of the batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-'));
    const sqlite = await SqliteStore.open(join(dir, 'archive.db'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => sqlite.close());
    const pg = await openPg();
    const s1 = await sqlite.ensureSource({ slug: 'kcna', name: 'KCNA' });
    const s2 = await pg.ensureSource({ slug: 'kcna', name: 'KCNA' });
    const expected = await sqlite.ingestBatch(mixedBatch(s1));
    const outcomes = await pg.ingestBatch(mixedBatch(s2));
    expect(outcomes).toEqual(expected);
    expect(outcomes.map((o) => o.kind)).toEqual(['imported', 'imported', 'folded', 'unchanged', 'imported', 'merged', 'imported', 'folded', 'unchanged', 'imported']);
    for (const q of TABLES) expect((await pg.pool.query(q)).rows, q).toEqual(sqlite.raw.prepare(q).all());
  });

  it('calls each hook in order with its article written; a hook that reads sees nothing after its article', async () => {
    for (const reads of [false, true]) {
      const pg = await openPg();
      const calls: { id: number; kind: string; stored?: number }[] = [];
      if (reads) {
        // A hook that reads the archive: each new article is written alone, before its hooks.
        pg.addIngestHook(async (tx, id, _item, outcome) => {
          const r = await tx.selectFrom('articles').select((eb) => [eb.fn.countAll<number>().as('n')]).executeTakeFirstOrThrow();
          calls.push({ id, kind: outcome.kind, stored: Number(r.n) });
        });
      } else {
        pg.addIngestHook(gathersNew(async (_tx, id, _item, outcome) => void calls.push({ id, kind: outcome.kind })));
      }
      const sourceId = await pg.ensureSource({ slug: 'kcna', name: 'KCNA' });
      const outcomes: IngestOutcome[] = await pg.ingestBatch(mixedBatch(sourceId));
      expect(calls.map((c) => ({ id: c.id, kind: c.kind }))).toEqual(outcomes.map((o) => ({ id: o.id, kind: o.kind })));
      const newIds = outcomes.filter((o) => o.kind === 'imported').map((o) => o.id);
      expect(newIds).toEqual([...newIds].sort((x, y) => x - y));
      // The articles stored when each hook ran: exactly the new ones up to its own.
      const upTo = outcomes.map((_, k) => outcomes.slice(0, k + 1).filter((o) => o.kind === 'imported').length);
      if (reads) expect(calls.map((c) => c.stored)).toEqual(upTo);
    }
  });
});
