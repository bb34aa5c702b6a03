import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { TESTDATA, tempDir } from '../../../test/helpers.js';
import { importFile } from '../../import/importer.js';
import { migrateArchive } from '../../migrate/migrate.js';
import { openStore } from '../../store/open-store.js';
import { PostgresStore } from '../../store/postgres/pg-store.js';
import { freshPgArchive, pgTestUrl } from '../../testing/pg.js';
import { DEFAULT_STORY_CONFIG } from '../config.js';
import { storiesOf } from '../attach.js';
import { PgStories } from './pg-stories.js';

const LINES = readFileSync(join(TESTDATA, 'stories', 'e2e', 'unhasu.jsonl'), 'utf8').trim().split('\n');
const SPEC = { spec: { map: { source: 'source' }, source: 'x' }, worker: false } as const;
const ORIGINAL = 'http://example.org/kcna/en/unhasu-paris';
const REPRINT = 'http://example.org/rodong/en/unhasu-orchestra-performs';

const drops: (() => Promise<void>)[] = [];
const stores: PostgresStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const drop of drops.splice(0)) await drop();
});

/** A fresh archive and `n` stores on it (as `n` worker processes would open it), each clustering on ingest. */
async function workers(n: number): Promise<{ stores: PostgresStore[]; stories: PgStories[] }> {
  const made = await freshPgArchive();
  drops.push(made.drop);
  const opened: PostgresStore[] = [];
  // One at a time: the first brings the schema up to date.
  for (let i = 0; i < n; i++) opened.push(await PostgresStore.open(made.url));
  stores.push(...opened);
  const stories = opened.map((store) => {
    return new PgStories(store.db).attachTo(store);
  });
  return { stores: opened, stories };
}

function file(lines: string[]): string {
  const path = join(tempDir(), `${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(path, lines.join('\n'));
  return path;
}

const count = async (store: PostgresStore, table: string) => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(store.db)).rows[0].n);

describe.skipIf(!pgTestUrl)('stories on PostgreSQL', () => {
  it('put copies ingested at once by several workers into one story', { timeout: 60_000 }, async () => {
    const { stores: [a, b, c], stories } = await workers(3);
    // The same report run by six outlets (a source each, so no copy is folded into another), two per worker.
    const original = JSON.parse(LINES.find((l) => l.includes(`"${ORIGINAL}"`))!) as Record<string, string>;
    const copies = Array.from({ length: 6 }, (_, i) => JSON.stringify({ ...original, source: `outlet-${i}`, url: `http://example.org/outlet-${i}/unhasu` }));
    await Promise.all([importFile(a, file(copies.slice(0, 2)), SPEC), importFile(b, file(copies.slice(2, 4)), SPEC), importFile(c, file(copies.slice(4)), SPEC)]);
    const ids = await Promise.all(copies.map((_, i) => a.findArticleIdByUrl(`http://example.org/outlet-${i}/unhasu`)));
    const refs = await Promise.all(ids.map((id) => stories[0].storyOf(id!)));
    expect(new Set(refs.map((r) => r?.id)).size).toBe(1);
    expect(refs[0]).toEqual({ id: expect.any(Number), size: 6 });
    expect(await count(a, 'stories')).toBe(1);
  });

  it('leave nothing behind of an ingest that rolled back, and cluster the article when it comes again', { timeout: 60_000 }, async () => {
    const { stores: [store], stories: [stories] } = await workers(1);
    await importFile(store, file(LINES.filter((l) => !l.includes('/rodong/'))), SPEC);
    let fail = true;
    // A hook after clustering fails: the reprint's transaction rolls back whole.
    store.addIngestHook(async () => {
      if (fail) throw new Error('hook failed');
    });
    const reprint = file(LINES.filter((l) => l.includes('/rodong/')));
    await expect(importFile(store, reprint, SPEC)).rejects.toThrow('hook failed');
    expect(await count(store, 'stories')).toBe(0);
    expect(await count(store, 'story_members')).toBe(0);
    fail = false;
    await importFile(store, reprint, SPEC);
    const [en, copy] = await Promise.all([store.findArticleIdByUrl(ORIGINAL), store.findArticleIdByUrl(REPRINT)]);
    expect((await stories.storyOf(copy!))?.id).toBe((await stories.storyOf(en!))?.id);
    expect(await stories.storyOf(copy!)).toEqual({ id: expect.any(Number), size: 2 });
  });

  it('put the articles of an archive moved from SQLite into their buckets (those SQLite still held in memory)', { timeout: 60_000 }, async () => {
    const { stores: [store], stories: [stories] } = await workers(1);
    await importFile(store, file(LINES.filter((l) => !l.includes('/rodong/'))), SPEC);
    const clustered = await count(store, 'story_bands');
    expect(clustered).toBeGreaterThan(0);
    // As `wirewatch migrate` leaves it when SQLite had moved no bucket rows yet: signatures, a filter row, no buckets.
    await sql`DELETE FROM story_bands`.execute(store.db);
    await sql`INSERT INTO story_band_filter (id, bits, through) VALUES (1, ${Buffer.alloc(8)}, 0)`.execute(store.db);
    await importFile(store, file(LINES.filter((l) => l.includes('/rodong/'))), SPEC);
    const [en, copy] = await Promise.all([store.findArticleIdByUrl(ORIGINAL), store.findArticleIdByUrl(REPRINT)]);
    expect((await stories.storyOf(copy!))?.id).toBe((await stories.storyOf(en!))?.id);
    expect(await count(store, 'story_band_filter')).toBe(0);
    expect(await count(store, 'story_bands')).toBe(clustered + DEFAULT_STORY_CONFIG.bands);
  });

  it('carry on an archive moved by wirewatch migrate: its stories and links read the same, and a reprint joins its story', { timeout: 120_000 }, async () => {
    const path = join(tempDir(), 'moved.db');
    const sqlite = await openStore(path);
    await importFile(sqlite, file(LINES.filter((l) => !l.includes('/rodong/'))), SPEC);
    const en = (await sqlite.findArticleIdByUrl(ORIGINAL))!;
    const linksBefore = await storiesOf(sqlite)!.languageLinks(en);
    await sqlite.close();
    const made = await freshPgArchive();
    drops.push(made.drop);
    expect((await migrateArchive({ from: `sqlite:${path}`, to: made.url })).ok).toBe(true);
    const moved = await openStore(made.url);
    stores.push(moved as PostgresStore);
    expect(await storiesOf(moved)!.languageLinks(en)).toEqual(linksBefore);
    await importFile(moved, file(LINES.filter((l) => l.includes('/rodong/'))), SPEC);
    const copy = (await moved.findArticleIdByUrl(REPRINT))!;
    expect(await storiesOf(moved)!.storyOf(copy)).toEqual({ id: expect.any(Number), size: 2 });
    expect((await storiesOf(moved)!.storyOf(en))?.id).toBe((await storiesOf(moved)!.storyOf(copy))?.id);
  });
});
