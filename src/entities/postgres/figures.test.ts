import { afterAll, describe, expect, it } from 'vitest';
import { corpusSample } from '../../../test/helpers.js';
import { importFile } from '../../import/importer.js';
import { PostgresStore } from '../../store/postgres/pg-store.js';
import { freshPgArchive, pgTestUrl } from '../../testing/pg.js';
import { PgEntityIndex } from './pg-entity-index.js';
import { PgEntityWriter } from './pg-entity-writer.js';

describe.skipIf(!pgTestUrl)('entity figures on PostgreSQL', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('show this process’s writes at once, and another process’s after the lag', async () => {
    const made = await freshPgArchive('ent');
    drops.push(made.drop);
    const store = await PostgresStore.open(made.url);
    const index = new PgEntityIndex(store.db, new PgEntityWriter(undefined, { foreignLagMs: 300 }));
    store.addIngestHook(index.writer.hook, index.writer);
    const other = await PostgresStore.open(made.url);
    try {
      await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
      const before = (await index.summary('kim-jong-il')).articles;
      expect(before).toBeGreaterThan(1);
      // Another process removes a mention: the kept figure is served within the lag, the fresh one after it.
      await other.pool.query(`DELETE FROM entity_mentions WHERE entity_id = 'kim-jong-il' AND article_id = (SELECT min(article_id) FROM entity_mentions WHERE entity_id = 'kim-jong-il')`);
      expect((await index.summary('kim-jong-il')).articles).toBe(before);
      await new Promise((r) => setTimeout(r, 350));
      expect((await index.summary('kim-jong-il')).articles).toBe(before - 1);
      // An import through this store shows at once.
      const kept = (await index.summary('kim-jong-un')).articles;
      await importFile(store, corpusSample('kcna-kp-en-sample.jsonl'), { spec: { preset: 'kcna-kp-stiles' }, worker: false });
      const now = (await index.summary('kim-jong-un')).articles;
      expect(now).toBeGreaterThan(kept);
      expect(now).toBe(Number((await other.pool.query(`SELECT count(*) AS n FROM entity_mentions WHERE entity_id = 'kim-jong-un'`)).rows[0].n));
    } finally {
      await other.close();
      await store.close();
    }
  }, 120_000);
});
