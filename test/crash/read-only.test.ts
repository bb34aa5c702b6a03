import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../src/fetch/test-server.js';
import { openStore } from '../../src/store/open-store.js';
import { archiveDigest, consistencyProblems, digestDifference } from './archive-digest.js';
import { writeImportCorpus } from './corpus.js';
import { startCrashSite } from './crawl-site.js';
import { runCli } from './kill-trials.js';
import { makeUnwritable, mountTmpfs, tmpfsUnavailable } from './mounts.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const PASSWORD = 'crash-proof-password-1';

let site: TestServer;
let dir: string;
let corpus: string;
let archive: string;

// An archive with articles, a crawl source on a local site and a user who can sign in; each test locks a copy.
beforeAll(async () => {
  site = await startCrashSite(5);
  dir = mkdtempSync(join(tmpdir(), 'wirewatch-crash-ro-'));
  corpus = writeImportCorpus(dir, 2);
  archive = join(dir, 'archive.db');
  const imported = await runCli(['import', corpus, '--preset', 'kcna-co-jp', '--db', archive, '--no-progress']);
  if (imported.code !== 0) throw new Error(imported.stderr);
  const add = await runCli(['sources', 'add', '--feed', `${site.origin}/feed.xml`, '--slug', 'crash-site', '--allow-private', '--min-interval-ms', '0', '--db', archive]);
  if (add.code !== 0) throw new Error(add.stderr);
  const store = await openStore(archive);
  await store.accounts.addUser('reader', 'reader', PASSWORD);
  await store.close();
}, 120_000);
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The one line a failed command says: no stack trace, nothing else on stderr but what it says first. */
function failureLine(r: { code: number | null; stderr: string }): string {
  expect(r.code).not.toBe(0);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  const said = r.stderr.split('\n').filter((l) => l.startsWith('wirewatch:'));
  expect(said, r.stderr).toHaveLength(1);
  return said[0];
}

/**
 * Starts `serve` and tries a write through it (signing in stores a session). Either the server refuses
 * to start, saying why in one line, or it serves and the write answers a clear 503. Returns what was said.
 */
async function serveAndWrite(db: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', '--db', db], {
    env: { ...process.env, WIREWATCH_HOST: '', WIREWATCH_PRIVATE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const started = await Promise.race([
    new Promise<number>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
        if (m) resolve(Number(m[1]));
      }),
    ),
    exited.then(() => null),
  ]);
  if (started === null) return `refused to start: ${failureLine({ code: await exited, stderr })}`;
  try {
    const origin = `http://127.0.0.1:${started}`;
    const form = await fetch(`${origin}/login`);
    const token = /wirewatch_login=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1];
    const res = await fetch(`${origin}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, cookie: `wirewatch_login=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, name: 'reader', password: PASSWORD, next: '/' }),
    });
    const body = await res.text();
    expect(res.status, body).toBe(503);
    expect(body).toMatch(/read-only/);
    // The server goes on serving reads.
    expect((await fetch(`${origin}/api/stats`)).status).toBe(200);
    return `served; a sign-in answered ${res.status}: ${body.trim()}`;
  } finally {
    child.kill('SIGTERM');
    await exited;
    expect(stderr).not.toMatch(/^\s+at /m);
  }
}

/** import, crawl and serve against an archive made read-only by `lock`; each says so, and nothing changes. */
async function refusesWrites(db: string, lock: () => () => void): Promise<string[]> {
  const before = archiveDigest(db);
  // A read-only connection leaves its -wal and -shm files behind; a read-write one removes them, as a
  // cleanly closed archive has none.
  const tidy = new Database(db);
  tidy.pragma('journal_mode'); // a read: the connection takes the log, and drops it on close
  tidy.close();
  const said: string[] = [];
  const unlock = lock();
  try {
    said.push(`import: ${failureLine(await runCli(['import', corpus, '--preset', 'kcna-co-jp', '--db', db, '--no-progress']))}`);
    said.push(`crawl: ${failureLine(await runCli(['crawl', '--source', 'crash-site', '--db', db]))}`);
    said.push(`serve: ${await serveAndWrite(db)}`);
  } finally {
    unlock();
  }
  for (const line of said.slice(0, 2)) expect(line).toMatch(/read-only/);
  expect(consistencyProblems(db)).toEqual([]);
  expect(digestDifference(before, archiveDigest(db))).toBe('');
  return said;
}

const noTmpfs = tmpfsUnavailable();

describe('crash safety: a read-only archive', () => {
  it.skipIf(noTmpfs)(`on a file system mounted read-only: import, crawl and serve say so; nothing changes${noTmpfs ? ` (skipped: ${noTmpfs})` : ''}`, { timeout: 120_000 }, async () => {
    const disk = mountTmpfs('64m');
    try {
      const db = join(disk.dir, 'w.db');
      copyFileSync(archive, db);
      const said = await refusesWrites(db, () => {
        disk.remount('ro');
        return () => disk.remount('rw');
      });
      for (const line of said) console.log(`read-only file system: ${line}`);
    } finally {
      disk.unmount();
    }
  });

  it(`an archive file this process cannot write: import, crawl and serve say so; nothing changes`, { timeout: 120_000 }, async (ctx) => {
    const db = join(dir, 'w.db');
    copyFileSync(archive, db);
    const probe = makeUnwritable(db);
    if (typeof probe === 'string') return ctx.skip(probe);
    probe.undo();
    let how = '';
    const said = await refusesWrites(db, () => {
      const locked = makeUnwritable(db) as Exclude<ReturnType<typeof makeUnwritable>, string>;
      how = locked.how;
      return () => locked.undo();
    });
    for (const line of said) console.log(`unwritable file (${how}): ${line}`);
  });
});
