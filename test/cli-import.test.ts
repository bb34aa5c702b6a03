import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, corpusSample, NODE_TSX, tempDir } from './helpers.js';

function cli(args: string[]): string {
  return execFileSync(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Everything an import decides, independent of row ids and run times. */
function archiveDigest(db: string): string {
  const d = new Database(db, { readonly: true });
  const rows = d
    .prepare(
      `SELECT a.url, a.title, a.published, a.date_from, a.body_hash, a.damaged,
              (SELECT count(*) FROM versions v WHERE v.article_id = a.id) AS versions,
              (SELECT group_concat(url || ':' || is_copy) FROM (SELECT url, is_copy FROM article_urls u WHERE u.article_id = a.id ORDER BY url)) AS urls
       FROM articles a ORDER BY a.url`,
    )
    .all();
  d.close();
  return JSON.stringify(rows);
}

/** A larger dump made from the real sample: the same records under many new URLs. */
function bigDump(dir: string, copies: number): string {
  const lines = readFileSync(corpusSample('kcna-co-jp-sample.jsonl'), 'utf8').trim().split('\n');
  const out: string[] = [];
  for (let i = 0; i < copies; i++) {
    for (const line of lines) {
      const r = JSON.parse(line) as Record<string, string>;
      r.url = r.url.replace('kcna.co.jp/', `kcna.co.jp/copy${i}/`);
      r.body = r.body ? `${r.body}\nCopy ${i}.` : r.body;
      out.push(JSON.stringify(r));
    }
  }
  const file = join(dir, 'big.jsonl');
  writeFileSync(file, out.join('\n') + '\n');
  return file;
}

// Each case starts the CLI as a separate process (tsx compiles on start): slow on a busy machine.
describe('wirewatch import (CLI)', { timeout: 240_000 }, () => {
  it('prints a JSON summary, and re-running imports 0', () => {
    const db = join(tempDir(), 'w.db');
    const first = JSON.parse(cli(['import', corpusSample('kcna-co-jp-sample.jsonl.gz'), '--preset', 'kcna-co-jp', '--db', db, '--json', '--no-progress']));
    expect(first).toMatchObject({ read: 25, imported: 19, rejected: 3 });
    const second = JSON.parse(cli(['import', corpusSample('kcna-co-jp-sample.jsonl.gz'), '--preset', 'kcna-co-jp', '--db', db, '--json', '--no-progress']));
    expect(second).toMatchObject({ read: 25, imported: 0, duplicates: 0 });
    expect(JSON.parse(cli(['stats', '--db', db, '--json']))).toEqual({ articles: 19, sources: 1, duplicates: 1, damaged: 2 });
  });

  it('names an unknown preset and a missing file clearly', () => {
    const db = join(tempDir(), 'w.db');
    expect(() => cli(['import', corpusSample('kcna-co-jp-sample.jsonl'), '--preset', 'nope', '--db', db])).toThrow(/unknown preset 'nope'/);
    expect(() => cli(['import', '/no/such/file.jsonl', '--db', db])).toThrow(/no such file/);
  });

  it('resumes after kill -9: the rerun ends in the same state as one clean run', async () => {
    const dir = tempDir();
    const file = bigDump(dir, 120); // 3,000 records
    const clean = join(dir, 'clean.db');
    cli(['import', file, '--preset', 'kcna-co-jp', '--db', clean, '--no-progress']);

    const crashed = join(dir, 'crashed.db');
    const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, 'import', file, '--preset', 'kcna-co-jp', '--db', crashed, '--no-progress', '--batch-size', '100'], { stdio: 'ignore' });
    let storedAtKill = 0;
    for (let i = 0; i < 2400 && storedAtKill === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        const d = new Database(crashed, { readonly: true, fileMustExist: true });
        storedAtKill = (d.prepare('SELECT count(*) AS n FROM article_urls').get() as { n: number }).n;
        d.close();
      } catch {
        /* not created yet */
      }
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const d = new Database(crashed, { readonly: true });
    // The copies fold into the sample's texts: progress shows in the URLs stored.
    const afterKill = (d.prepare('SELECT count(*) AS n FROM article_urls').get() as { n: number }).n;
    d.close();
    const total = (new Database(clean, { readonly: true }).prepare('SELECT count(*) AS n FROM article_urls').get() as { n: number }).n;
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(total); // it really was stopped part-way

    cli(['import', file, '--preset', 'kcna-co-jp', '--db', crashed, '--no-progress']);
    expect(archiveDigest(crashed)).toBe(archiveDigest(clean));
  });

  it('a cut gzip file: says where, keeps the whole records, prints the summary and exits non-zero', () => {
    const dir = tempDir();
    const gz = gzipSync(readFileSync(bigDump(dir, 8)));
    const file = join(dir, 'cut.jsonl.gz');
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.7)));
    const db = join(dir, 'w.db');
    let failure: { status: number; stdout: string; stderr: string } | null = null;
    try {
      cli(['import', file, '--preset', 'kcna-co-jp', '--db', db, '--json', '--no-progress']);
    } catch (e) {
      failure = e as { status: number; stdout: string; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated at byte ${Math.floor(gz.length * 0.7)} \\(unexpected end of file\\)`));
    const summary = JSON.parse(failure!.stdout) as { read: number; failed: { reason: string } };
    expect(summary.read).toBeGreaterThan(100);
    expect(summary.failed.reason).toMatch(/^truncated/);
    const d = new Database(db, { readonly: true });
    expect((d.prepare('SELECT count(*) AS n FROM article_urls').get() as { n: number }).n).toBeGreaterThan(100);
    d.close();
  });
});
