import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { searchOf } from '../search/attach.js';
import { testBackends } from '../testing/backends.js';
import { editsFixture, editsFixtureAt, edited, enRow, ingest, prepareRow, T2 } from '../versions/edits-fixture.js';
import { up as migrate016 } from './migrations/016-version-changes.js';
import { storeDb } from './store-db.js';
import type { Store } from './store.js';

/** Every stored change with its hunks, in a stable order (ids left out: they differ between runs). */
function snapshot(raw: Database.Database) {
  return raw
    .prepare(
      `SELECT c.article_id, c.version, c.from_hash, c.to_hash, c.seen_at, c.granularity, h.part, h.removed, h.added, h.before, h.after
       FROM version_changes c LEFT JOIN version_change_hunks h ON h.change_id = c.id ORDER BY c.article_id, c.version, h.id`,
    )
    .all();
}

/** What the index finds for an expression, as hunk texts. */
function indexed(raw: Database.Database, match: string) {
  return raw
    .prepare(`SELECT h.removed, h.added FROM version_change_fts f JOIN version_change_hunks h ON h.id = f.rowid WHERE version_change_fts MATCH ? ORDER BY h.article_id, h.removed`)
    .all(match);
}

/** The version-change tables, read through Kysely on either backend. */
const changeDb = (store: Store) =>
  storeDb(store).withTables<{
    version_changes: { id: number; article_id: number; version: number; from_hash: string; to_hash: string; seen_at: string };
    version_change_hunks: { id: number; change_id: number; article_id: number; removed: string; added: string };
  }>();

/** The stored changes agree with the versions page: one per consecutive pair of differing texts. */
async function expectChangesMatchVersions(store: Store, ids: number[]) {
  for (const id of ids) {
    const versions = await store.crawl.versions(id);
    const want = versions.slice(1).flatMap((v, i) => (v.contentHash === versions[i].contentHash ? [] : [{ version: v.n, from_hash: versions[i].contentHash, to_hash: v.contentHash, seen_at: v.seenAt }]));
    const got = await changeDb(store).selectFrom('version_changes').select(['version', 'from_hash', 'to_hash', 'seen_at']).where('article_id', '=', id).orderBy('version').execute();
    expect(got, `article ${id}`).toEqual(want);
  }
}

describe.each(testBackends())('version changes, stored with the versions (real kcna.kp articles; $name)', (backend) => {
  const fixture = async () => editsFixtureAt(await backend.location());
  afterAll(() => backend.cleanup());

  it('records one change per pair of consecutive versions, numbered as the versions page numbers them', async () => {
    const f = await fixture();
    try {
      await expectChangesMatchVersions(f.store, Object.values(f.ids));
      // The unedited article has none; each edited one has exactly one.
      const count = async (id: number) => (await changeDb(f.store).selectFrom('version_changes').select('id').where('article_id', '=', id).execute()).length;
      expect(await count(f.ids.choeMeets)).toBe(0);
      for (const id of [f.ids.mrls, f.ids.meeting, f.ids.gala, f.ids.minister, f.ids.korean]) expect(await count(id)).toBe(1);
      const gala = await changeDb(f.store).selectFrom('version_change_hunks').select(['removed', 'added']).where('article_id', '=', f.ids.gala).orderBy('id').execute();
      expect(gala).toEqual([{ removed: ' and Choe Ryong Hae, members', added: ', member' }]);
    } finally {
      await f.store.close();
    }
  });

  it('renumbers the changes when an older text arrives later (an import of an earlier capture)', async () => {
    const f = await fixture();
    try {
      const gala = enRow('kcna-kp-en-sample.jsonl', 'a29c3f37b6.kcmsf');
      // An earlier wording, seen before the first: now three versions, the scrub is version 3.
      await ingest(f.store, 'kcna-kp-stiles', edited(gala, 'story_text', 'took their seats on the platform', 'were seated on the platform'), '2024-10-01T00:00:00.000Z');
      await expectChangesMatchVersions(f.store, [f.ids.gala]);
      const search = searchOf(f.store);
      const hit = (await search.search({ q: 'removed:"Choe Ryong Hae"' })).results;
      expect(hit.map((h) => [h.id, h.change?.version, h.change?.seenAt])).toEqual([[f.ids.gala, 3, T2]]);
      expect((await search.search({ q: 'added:"took their seats"' })).results.map((h) => [h.id, h.change?.version])).toEqual([[f.ids.gala, 2]]);
    } finally {
      await f.store.close();
    }
  });

  it('a crawled edit records its change in the same transaction as the new version', async () => {
    const f = await fixture();
    try {
      const minister = enRow('kcna-kp-en-copies.jsonl', 'ac6ead3a76.kcmsf');
      const next = prepareRow('kcna-kp-stiles', edited(minister, 'story_text', 'by Kim Jong Gyu, vice-minister of Foreign Affairs, and ', 'by '), '2024-11-03T00:00:00.000Z');
      const capture = { takenAt: '2024-11-03T00:00:00.000Z', url: String(minister.link), httpStatus: 200, headers: null, rawSha256: null, contentHash: next.article.contentHash, extractor: null, errorKind: null };
      const row = { id: 0, sourceId: 1, url: capture.url, fetchUrl: capture.url, mode: 'article', state: 'done' as const, articleId: f.ids.minister, listingDate: null, hint: null, nextCheckAt: capture.takenAt, recheckStep: 0, missingCount: 0, missingSince: null, failCount: 0, etag: null, lastModified: null, rawSha256: null, contentHash: null };
      const outcome = await f.store.crawl.storeRecheck(row, next.article, capture, { etag: null, lastModified: null, rawSha256: null }, () => ({ step: 0, at: capture.takenAt }));
      expect(outcome).toBe('recaptured');
      await expectChangesMatchVersions(f.store, [f.ids.minister]);
      const search = searchOf(f.store);
      expect((await search.search({ q: 'removed:"Kim Jong Gyu"' })).results.map((h) => [h.id, h.change?.version])).toEqual([[f.ids.minister, 3]]);
      // The name added in version 2 is still found as added.
      expect((await search.search({ q: 'added:"Choe Ryong Hae"' })).results.map((h) => h.id)).toEqual([f.ids.minister]);
    } finally {
      await f.store.close();
    }
  });
});

describe('version changes on SQLite: migration 016', () => {
  it('the migration backfills exactly what ingest records', async () => {
    const f = await editsFixture(join(tempDir(), 'a.db'));
    try {
      const raw = f.store.raw;
      const before = snapshot(raw);
      const queries = ['removed : "choe ryong hae"', 'added : weaponry', 'removed : "최창 창학"', 'added : economic OR removed : economy'];
      const found = queries.map((q) => indexed(raw, q));
      expect(before.length).toBeGreaterThan(30);
      expect(found.every((rows) => rows.length > 0)).toBe(true);
      raw.exec('DELETE FROM version_change_fts; DELETE FROM version_change_hunks; DELETE FROM version_changes;');
      expect(snapshot(raw)).toEqual([]);
      await migrate016(new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) }));
      expect(snapshot(raw)).toEqual(before);
      expect(queries.map((q) => indexed(raw, q))).toEqual(found);
    } finally {
      await f.store.close();
    }
  });
});
