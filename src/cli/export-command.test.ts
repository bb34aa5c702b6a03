import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, corpusSample, NODE_TSX, tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { openSqliteStore } from '../store/open-store.js';

function wirewatch(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function sampleArchive(): Promise<{ db: string; total: number; korean: number }> {
  const db = join(tempDir(), 'cli.db');
  const store = await openSqliteStore(db);
  await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
  await importFile(store, corpusSample('nkarchive-ko-sample.jsonl'), { spec: { preset: 'nkarchive-ko' }, worker: false });
  const count = (where: string) => (store.raw.prepare(`SELECT count(*) AS n FROM articles ${where}`).get() as { n: number }).n;
  const [total, korean] = [count(''), count("WHERE lang = 'ko'")];
  await store.close();
  return { db, total, korean };
}

/** An archive of `n` generated articles of about 4 KB each, written straight into the tables. */
async function generatedArchive(n: number): Promise<string> {
  const db = join(tempDir(), `gen-${n}.db`);
  const store = await openSqliteStore(db);
  const sourceId = await store.ensureSource({ slug: 'generated', name: 'Generated', lang: 'en' });
  store.raw
    .prepare(
      `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
       INSERT INTO articles (source_id, url, lang, title, published, date_precision, date_from, body, body_hash, content_hash, first_seen, last_seen)
       SELECT ?, 'https://generated.example/' || i, 'en', 'Article ' || i, '2024-01-01', 'day', 'page',
         hex(randomblob(1000)) || char(10) || hex(randomblob(1000)), hex(randomblob(32)), hex(randomblob(32)), '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM k`,
    )
    .run(n, sourceId);
  await store.close();
  return db;
}

const peakKb = (stderr: string) => Number(/peak-rss-kb (\d+)/.exec(stderr)![1]);

describe('wirewatch export', () => {
  it('writes CSV to --out with a BOM, and only a query\'s matches with --query', async () => {
    const { db, total, korean } = await sampleArchive();
    const out = join(tempDir(), 'all.csv');
    const all = wirewatch(['export', '--format', 'csv', '--bom', '--out', out, '--db', db]);
    expect(all.status).toBe(0);
    expect(all.stderr).toContain(`${total} articles exported`);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(total);
    expect(rows.some((r) => r.lang === 'ko' && /[\uac00-\ud7a3]/.test(r.body))).toBe(true);

    const some = wirewatch(['export', '--format', 'jsonl', '--query', 'lang:ko', '--db', db]);
    expect(some.status).toBe(0);
    const lines = some.stdout.trim().split('\n').map((l) => JSON.parse(l) as { lang: string });
    expect(lines).toHaveLength(korean);
    expect(korean).toBeGreaterThan(0);
    expect(lines.every((l) => l.lang === 'ko')).toBe(true);
  }, 60_000);

  it.each([
    [['--format', 'xml'], '--format xml: expected one of jsonl, csv'],
    [['--format', 'csv', '--versions', 'full'], '--versions full needs --format jsonl'],
    [['--format', 'jsonl', '--bom'], '--bom is for --format csv'],
    [['--format', 'jsonl', '--query', 'a ('], 'never closed'],
    [['--format', 'csv', '--out', '/nonexistent-folder/dump.csv'], 'no such file or directory'],
  ])('refuses %j with a message', async (args, message) => {
    const { db } = await sampleArchive();
    const r = wirewatch(['export', ...args, '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
  }, 60_000);

  it('runs in constant memory: twenty times the articles, about the same peak', async () => {
    const peak = async (n: number) => {
      const out = join(tempDir(), `gen-${n}.csv`);
      // A JS heap smaller than the dump: an export that held it would die of it.
      const r = wirewatch(['export', '--format', 'csv', '--out', out, '--db', await generatedArchive(n)], { WIREWATCH_REPORT_PEAK_RSS: '1', NODE_OPTIONS: '--max-old-space-size=128' });
      expect(r.stderr).toContain(`${n} articles exported`);
      expect(r.status).toBe(0);
      return { kb: peakKb(r.stderr), bytes: statSync(out).size };
    };
    const small = await peak(2_000);
    const large = await peak(40_000);
    const grown = large.bytes - small.bytes;
    expect(grown).toBeGreaterThan(150e6);
    // Holding the dump would add at least its size; reading it chunk by chunk adds little (the collector's
    // timing moves the peak by some tens of MB, so the bound is half the extra output).
    expect((large.kb - small.kb) * 1024).toBeLessThan(grown / 2);
  }, 120_000);
});
