import { afterAll, describe, expect, it } from 'vitest';
import { corpusSample } from '../../../test/helpers.js';
import { importFile } from '../../import/importer.js';
import { EN_SAMPLE } from '../../search/test-fixture.js';
import { PostgresStore } from '../../store/postgres/pg-store.js';
import { freshPgArchive, pgTestUrl } from '../../testing/pg.js';
import { entityArchive, type EntityArchive } from '../testing/entity-archive.js';
import { dump } from '../testing/entity-dump.js';

const KP = corpusSample('kcna-kp-en-sample.jsonl');
// Small transactions, so that the writers' transactions interleave.
const small = { worker: false, batchSize: 3, recordsPerTransaction: 3 } as const;

describe.skipIf(!pgTestUrl)('several writers on one PostgreSQL archive', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  const fresh = async () => {
    const made = await freshPgArchive('ent');
    drops.push(made.drop);
    return made.url;
  };
  /** The parts of the entity tables that do not depend on which writer came first. */
  const settled = async (a: EntityArchive) => {
    const d = await dump(a);
    const candidates = d.candidates.map((c) => ({ name: c.name, articles: c.articles, status: c.status }));
    return { ...d, candidates, review: undefined };
  };

  it('store each mention, appearance and name awaiting review once, as one writer would', async () => {
    const url = await fresh();
    // Separate pools, as separate processes have: the same file twice and another outlet at once.
    const writers = await Promise.all([0, 1, 2].map(async () => entityArchive(await PostgresStore.open(url, { max: 3 }))));
    await Promise.all([
      importFile(writers[0].store, EN_SAMPLE, { spec: { preset: 'kcna-co-jp' }, ...small }),
      importFile(writers[1].store, EN_SAMPLE, { spec: { preset: 'kcna-co-jp' }, ...small }),
      importFile(writers[2].store, KP, { spec: { preset: 'kcna-kp-stiles' }, ...small }),
    ]);
    const together = await settled(writers[0]);
    for (const w of writers) await w.close();

    const one = entityArchive(await PostgresStore.open(await fresh()));
    await importFile(one.store, EN_SAMPLE, { spec: { preset: 'kcna-co-jp' }, worker: false });
    await importFile(one.store, KP, { spec: { preset: 'kcna-kp-stiles' }, worker: false });
    const alone = await settled(one);
    await one.close();

    expect(together.mentions.length).toBeGreaterThan(1000);
    expect(together.candidates.length).toBeGreaterThan(0);
    expect(together).toEqual(alone);
  }, 240_000);
});
