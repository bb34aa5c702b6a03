import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { importFile } from '../../import/importer.js';
import { openSqliteStore } from '../../store/open-store.js';
import type { SqliteStore } from '../../store/sqlite-store.js';
import { attachSearch } from '../attach.js';
import { planQuery } from '../query/plan.js';
import { toFts } from './fts-query.js';
import { VariantPruner } from './prune.js';

const article = (n: number, text: string) =>
  JSON.stringify({ url: `http://example.org/a/${n}`, title: `Report ${n}`, body: `Pyongyang, May ${n} (KCNA) -- ${text}`, date: `2011-05-0${n}` });

describe('name variants the index has never seen', () => {
  it('are left out of the expression, and come back once an article uses them', async () => {
    const dir = tempDir();
    const store = (await openSqliteStore(join(dir, 'p.db'))) as SqliteStore;
    const search = attachSearch(store);
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, article(1, 'Kim Jong Il inspected a farm.'));
    await importFile(store, file, { spec: { source: 'x' }, worker: false });
    const pruner = new VariantPruner(store.raw);
    const plan = planQuery('"kim jong il"');
    expect(toFts(plan)).toContain('kim jongil');
    expect(toFts(pruner.prune(plan, 1))).toBe('("kim jong il")');
    expect(await search.count('"kim jong il"')).toBe(1);
    // Another spelling arrives: the search must see it although it was pruned a moment ago.
    writeFileSync(file, article(2, 'Kim Jongil visited a factory.'));
    await importFile(store, file, { spec: { source: 'x' }, worker: false });
    expect(await search.count('"kim jong il"')).toBe(2);
    expect((await search.search({ q: 'Kim Jong Il' })).total).toBe(2);
    await store.close();
  });
});
