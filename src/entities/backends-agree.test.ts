import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { EN_SAMPLE, KO_SAMPLE } from '../search/test-fixture.js';
import { testBackends } from '../testing/backends.js';
import { pgTestUrl } from '../testing/pg.js';
import { openEntityArchive, type EntityArchive } from './testing/entity-archive.js';
import { dump } from './testing/entity-dump.js';

/** The same sample into each backend: four outlets, English and Korean, and texts edited under one URL. */
const SAMPLES: [string, string][] = [
  [EN_SAMPLE, 'kcna-co-jp'],
  [corpusSample('kcna-co-jp-sample.jsonl'), 'kcna-co-jp'],
  [KO_SAMPLE, 'nkarchive-ko'],
  [corpusSample('kcna-kp-en-sample.jsonl'), 'kcna-kp-stiles'],
  [corpusSample('kcna-kp-en-edits.jsonl'), 'kcna-kp-stiles'],
];

describe.skipIf(!pgTestUrl)('SQLite and PostgreSQL give the same entities, appearances and figures', () => {
  const backends = testBackends();
  const archives: EntityArchive[] = [];
  beforeAll(async () => {
    for (const b of backends) {
      const a = await openEntityArchive(b);
      for (const [file, preset] of SAMPLES) await importFile(a.store, file, { spec: { preset }, worker: false });
      archives.push(a);
    }
  }, 240_000);
  afterAll(async () => {
    for (const a of archives) await a.close();
    for (const b of backends) await b.cleanup();
  });

  it('after the same imports', async () => {
    const [sqlite, postgres] = await Promise.all(archives.map(dump));
    expect(sqlite.mentions.length).toBeGreaterThan(1000);
    expect(sqlite.appearances.length).toBeGreaterThan(10);
    expect(sqlite.candidates.length).toBeGreaterThan(0);
    expect(Object.keys(sqlite.tracker).length).toBeGreaterThan(0);
    expect(postgres).toEqual(sqlite);
  }, 120_000);

  it('after the same review: accepting, rejecting, restoring and removing names', async () => {
    const name = (await archives[0].index.candidates(1, 1))[0].name;
    const accepted = await Promise.all(archives.map((a) => a.index.accept(name, { candidateOnly: true })));
    expect(accepted[0].articles).toBeGreaterThan(0);
    expect(accepted[1]).toEqual(accepted[0]);
    for (const a of archives) {
      expect(await a.index.entity(accepted[0].id)).toMatchObject({ name, kind: 'person' });
      expect(await a.index.addedName(accepted[0].id)).toBe(name);
      await expect(a.index.accept(name)).rejects.toThrow('was already added');
      await expect(a.index.accept('Kim Jong Nobody', { candidateOnly: true })).rejects.toThrow('not a name waiting for review');
      await expect(a.index.accept('the')).rejects.toThrow('does not look like a name');
    }
    const second = (await archives[0].index.candidates(1, 1))[0]?.name;
    if (second) for (const a of archives) expect(await a.index.reject(second)).toBe(true);
    const [s1, p1] = await Promise.all(archives.map(dump));
    expect(p1).toEqual(s1);

    for (const a of archives) {
      if (second) expect(await a.index.restore(second)).toBe(true);
      expect(await a.index.restore('Nobody At All')).toBe(false);
      expect(await a.index.remove(accepted[0].id)).toBe(true);
      expect(await a.index.remove('kim-jong-un')).toBe(false);
      expect(await a.index.entity(accepted[0].id)).toBeUndefined();
    }
    const [s2, p2] = await Promise.all(archives.map(dump));
    expect(p2).toEqual(s2);
    expect(s2.review.waiting.map((c) => c.name)).toContain(name);
  }, 120_000);

  it('after reading every article again', async () => {
    const before = await dump(archives[1]);
    const runs = await Promise.all(archives.map((a) => a.index.reindex()));
    expect(runs[1].articles).toBe(runs[0].articles);
    const [sqlite, postgres] = await Promise.all(archives.map(dump));
    expect(postgres).toEqual(sqlite);
    expect(postgres.mentions).toEqual(before.mentions);
    expect(postgres.appearances).toEqual(before.appearances);
  }, 240_000);
});
