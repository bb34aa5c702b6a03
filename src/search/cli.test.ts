import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importFile } from '../import/importer.js';
import { openStore } from '../store/open-store.js';
import { freshPgArchive, pgTestUrl } from '../testing/pg.js';
import { reindexCommand, searchCommand } from './cli.js';
import { EN_SAMPLE } from './test-fixture.js';

describe('search and reindex commands', () => {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  afterEach(() => out.mockClear());

  it('say there is no archive at a path that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-search-cli-'));
    try {
      await expect(reindexCommand({ db: join(dir, 'none.db') })).rejects.toThrow(/no archive here/);
      await expect(searchCommand('korea', { db: join(dir, 'none.db') })).rejects.toThrow(/no archive here/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!pgTestUrl)('rebuild and search a PostgreSQL archive given by its URL', async () => {
    const { url, drop } = await freshPgArchive();
    try {
      const store = await openStore(url);
      await importFile(store, EN_SAMPLE, { spec: { preset: 'kcna-co-jp' } });
      await store.close();
      await reindexCommand({ db: url });
      expect(out.mock.calls.map((c) => String(c[0])).join('')).toMatch(/^indexed \d+ articles in/m);
      out.mockClear();
      await searchCommand('korea', { db: url, count: true });
      expect(Number(out.mock.calls.map((c) => String(c[0])).join('').trim())).toBeGreaterThan(0);
    } finally {
      await drop();
    }
  }, 120_000);
});
