import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { archiveDigest, consistencyProblems, digestDifference } from './archive-digest.js';
import { writeImportCorpus } from './corpus.js';
import { runCli } from './kill-trials.js';
import { mountTmpfs, tmpfsUnavailable } from './mounts.js';

const unavailable = tmpfsUnavailable();

/** Rows in the order they were written (row ids), without the ids: a committed prefix shows as a prefix. */
function inWriteOrder(db: string): Record<string, string[]> {
  const d = new Database(db, { readonly: true });
  try {
    const q = (sql: string) => (d.prepare(sql).raw().all() as unknown[]).map((r) => JSON.stringify(r));
    return {
      articles: q('SELECT url, content_hash FROM articles ORDER BY id'),
      versions: q('SELECT a.url, v.content_hash FROM versions v JOIN articles a ON a.id = v.article_id ORDER BY v.id'),
      captures: q('SELECT a.url, c.url, c.content_hash FROM captures c JOIN articles a ON a.id = c.article_id ORDER BY c.id'),
    };
  } finally {
    d.close();
  }
}

describe('crash safety: the disk fills during an import', () => {
  it.skipIf(unavailable)(
    `stops with one clear line, keeps exactly the batches committed before, and completes once there is room${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    { timeout: 180_000 },
    async () => {
      const dir = tempDir();
      const corpus = writeImportCorpus(dir, 30);
      const args = (db: string) => ['import', corpus, '--preset', 'kcna-co-jp', '--db', db, '--no-progress', '--batch-size', '100'];
      const clean = join(dir, 'clean.db');
      expect((await runCli(args(clean))).code).toBe(0);

      // The whole import grows the write-ahead log to ~9 MB (the first batches the most): 7 MB fill after a few batches.
      const disk = mountTmpfs('7m');
      try {
        const db = join(disk.dir, 'w.db');
        const full = await runCli(args(db));
        expect(full.code).toBe(1);
        expect(full.stderr).not.toMatch(/^\s+at /m); // no stack trace
        const said = full.stderr.split('\n').filter((l) => l.startsWith('wirewatch:'));
        expect(said).toHaveLength(1);
        expect(said[0]).toMatch(/disk is full/);
        console.log(`full disk: ${said[0]}`);

        // Checked while the disk is still full, as the next command would find it.
        expect(consistencyProblems(db)).toEqual([]);
        const kept = inWriteOrder(db);
        const all = inWriteOrder(clean);
        expect(kept.captures.length).toBeGreaterThan(0); // batches were committed before the disk filled
        expect(kept.captures.length).toBeLessThan(all.captures.length); // and it really filled part-way
        // What is kept is what an uninterrupted import wrote first, nothing missing, nothing half-written.
        for (const table of Object.keys(all)) expect(kept[table], table).toEqual(all[table].slice(0, kept[table].length));
        console.log(`full disk: kept ${kept.articles.length}/${all.articles.length} articles, ${kept.captures.length}/${all.captures.length} captures`);

        // With room again, the same import completes to the uninterrupted run's archive.
        disk.remount('size=64m');
        const again = await runCli(args(db));
        expect(again.code, again.stderr.slice(-500)).toBe(0);
        expect(digestDifference(archiveDigest(clean), archiveDigest(db))).toBe('');
        expect(consistencyProblems(db)).toEqual([]);
      } finally {
        disk.unmount();
      }
    },
  );
});
