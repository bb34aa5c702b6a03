import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample } from '../../../test/helpers.js';
import { importFile } from '../../import/importer.js';
import { openSqliteStore } from '../../store/open-store.js';
import type { SqliteStore } from '../../store/sqlite-store.js';
import { entitiesOf } from '../attach.js';
import { EntityAggregates } from './entity-aggregates.js';
import type { SqliteEntities } from './sqlite-entities.js';

let store: SqliteStore;
let dir: string;
let file: string;
// A folder kept for the whole file: the worker opens the archive by its path.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wirewatch-agg-'));
  file = join(dir, 'agg.db');
  store = await openSqliteStore(file);
  await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('entity figures computed off the request thread', () => {
  it('equal the index’s own answers', async () => {
    const index = (entitiesOf(store) as SqliteEntities).sync;
    const reads = new EntityAggregates(index, store.raw);
    try {
      const id = index.coMentioned('kim-jong-il', 1, 'person')[0]?.id ?? 'kim-jong-il';
      expect(await reads.summary('kim-jong-il')).toEqual(index.summary('kim-jong-il'));
      expect(await reads.monthly(id)).toEqual(index.monthly(id));
      expect(await reads.coMentioned('kim-jong-il', 12)).toEqual(index.coMentioned('kim-jong-il', 12));
      expect(await reads.events('kim-jong-il')).toEqual(index.events('kim-jong-il'));
      expect(await reads.articleDays()).toEqual(index.articleDays());
      expect(reads.computedOnWorker).toBe(true);
    } finally {
      await reads.close();
    }
  });

  it('show this connection’s writes at once, and another process’s after the lag, serving the kept figures meanwhile', async () => {
    const index = (entitiesOf(store) as SqliteEntities).sync;
    const reads = new EntityAggregates(index, store.raw, { lagMs: 100, maxEntries: 100 });
    const other = new Database(file);
    try {
      const before = (await reads.summary('kim-jong-il')).articles;
      expect(before).toBeGreaterThan(1);
      const [one] = store.raw.prepare(`SELECT article_id FROM entity_mentions WHERE entity_id = 'kim-jong-il' LIMIT 2`).pluck().all() as number[];
      // Another process removes a mention: the kept figure is served at once (within the lag, or while
      // the fresh one is computed), and the fresh one follows.
      other.prepare(`DELETE FROM entity_mentions WHERE entity_id = 'kim-jong-il' AND article_id = ?`).run(one);
      expect((await reads.summary('kim-jong-il')).articles).toBe(before);
      let now = before;
      for (let i = 0; i < 100 && now === before; i++) {
        await new Promise((r) => setTimeout(r, 50));
        now = (await reads.summary('kim-jong-il')).articles;
      }
      expect(now).toBe(before - 1);
      // A write through this connection shows at once.
      store.raw.prepare(`DELETE FROM entity_mentions WHERE entity_id = 'kim-jong-il' AND article_id = (SELECT min(article_id) FROM entity_mentions WHERE entity_id = 'kim-jong-il')`).run();
      expect((await reads.summary('kim-jong-il')).articles).toBe(before - 2);
    } finally {
      other.close();
      await reads.close();
    }
  });
});
