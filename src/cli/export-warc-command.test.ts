import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, NODE_TSX, tempDir } from '../../test/helpers.js';
import { openStore } from '../store/open-store.js';
import { buildWarcFixture } from '../warc/warc-fixture.js';

function wirewatch(args: string[]) {
  const r = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function fixtureArchive(): Promise<string> {
  const db = join(tempDir(), 'warc.db');
  const store = await openStore(db);
  await buildWarcFixture(store);
  await store.close();
  return db;
}

describe('wirewatch export --format warc|wacz and import --warc', () => {
  it('exports a WARC and a WACZ, and an empty archive imports the WARC back', async () => {
    const db = await fixtureArchive();
    const dir = tempDir();
    const warc = join(dir, 'all.warc.gz');
    const w = wirewatch(['export', '--format', 'warc', '--out', warc, '--base-url', 'https://archive.example/', '--db', db]);
    expect(w.stderr).toContain('2 articles exported');
    expect(w.status).toBe(0);
    const text = readFileSync(warc);
    expect([...text.subarray(0, 2)]).toEqual([0x1f, 0x8b]);

    const q = wirewatch(['export', '--format', 'wacz', '--query', 'imported', '--out', join(dir, 'q.wacz'), '--db', db]);
    expect(q.stderr).toContain('1 article exported');
    expect(q.status).toBe(0);
    expect(readFileSync(join(dir, 'q.wacz')).subarray(0, 2).toString()).toBe('PK');

    const copy = join(dir, 'copy.db');
    const i = wirewatch(['import', '--warc', warc, '--json', '--db', copy]);
    expect(i.status).toBe(0);
    expect(JSON.parse(i.stdout)).toMatchObject({ imported: 2, versions: 1, skipped: 0 });
    // Three CLI processes, each starting TypeScript.
  }, 120_000);

  it('refuses a WACZ to standard output, and a dump file given with --warc', async () => {
    const db = await fixtureArchive();
    const r = wirewatch(['export', '--format', 'wacz', '--db', db]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--format wacz needs --out FILE');
    const both = wirewatch(['import', 'dump.jsonl', '--warc', 'x.warc', '--db', db]);
    expect(both.status).not.toBe(0);
    expect(both.stderr).toContain('give either a dump file or --warc FILE, not both');
  }, 60_000);
});
