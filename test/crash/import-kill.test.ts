import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { writeImportCorpus } from './corpus.js';
import { killTrials, referenceRun, runCli, TRIALS, type KillTrialSpec } from './kill-trials.js';

// kill -9 at random moments of `wirewatch import`; the run after it must end in the uninterrupted run's archive.
describe('crash safety: import killed with SIGKILL', () => {
  it(`${TRIALS} trials end identical to an uninterrupted import, each consistent right after the kill`, { timeout: 120_000 + TRIALS * 60_000 }, async () => {
    const dir = tempDir();
    const corpus = writeImportCorpus(dir, 30); // ~900 records, ~630 articles: a few seconds of writing
    // An empty archive, as any command leaves it: the import's time then goes to importing.
    const empty = join(dir, 'empty.db');
    expect((await runCli(['stats', '--db', empty])).code).toBe(0);
    const spec: KillTrialSpec = {
      kind: 'import',
      // Most trials import into that archive; every third into a new file, where a kill may land in the first run's schema migrations.
      fresh: (name, trial = 0) => {
        const db = join(dir, `${name}.db`);
        if (trial % 3 !== 1) copyFileSync(empty, db);
        return db;
      },
      // Commits every 100 records: a kill lands before, inside and between transactions.
      args: (db) => ['import', corpus, '--preset', 'kcna-co-jp', '--db', db, '--no-progress', '--batch-size', '100'],
      progressTable: 'article_urls',
    };
    const result = await killTrials(spec, await referenceRun(spec), (l) => console.log(l));
    expect(result.failures).toEqual([]);
    expect(result.identical).toBe(TRIALS);
    expect(result.killedMidRun).toBeGreaterThan(0);
  });
});
