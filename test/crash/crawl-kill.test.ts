import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../src/fetch/test-server.js';
import { countRows } from './archive-digest.js';
import { startCrashSite } from './crawl-site.js';
import { crashAndResume, killTrials, referenceRun, runCli, TRIALS, type KillTrialSpec, type Reference } from './kill-trials.js';

const ARTICLES = 80;
let site: TestServer;
let dir: string;
let spec: KillTrialSpec;
let reference: Reference;

// The local site, an archive with it added as a feed source (its first crawl not yet run), and an uninterrupted crawl of it.
beforeAll(async () => {
  site = await startCrashSite(ARTICLES);
  dir = mkdtempSync(join(tmpdir(), 'wirewatch-crash-crawl-'));
  const template = join(dir, 'template.db');
  const add = await runCli(['sources', 'add', '--feed', `${site.origin}/feed.xml`, '--slug', 'crash-site', '--allow-private', '--min-interval-ms', '0', '--db', template]);
  if (add.code !== 0) throw new Error(add.stderr);
  spec = {
    kind: 'crawl',
    fresh: (name) => {
      const db = join(dir, `${name}.db`);
      copyFileSync(template, db);
      return db;
    },
    args: (db) => ['crawl', '--source', 'crash-site', '--db', db],
    progressTable: 'captures',
  };
  reference = await referenceRun(spec);
}, 120_000);
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

// kill -9 at random moments of `wirewatch crawl` on a local site; the crawl after it must end in the uninterrupted crawl's archive.
describe('crash safety: crawl killed with SIGKILL', () => {
  it(`${TRIALS} trials end identical to an uninterrupted crawl, each consistent right after the kill`, { timeout: 60_000 + TRIALS * 60_000 }, async () => {
    const result = await killTrials(spec, reference, (l) => console.log(l));
    expect(result.failures).toEqual([]);
    expect(result.identical).toBe(TRIALS);
    expect(result.killedMidRun).toBeGreaterThan(0);
  });

  // A moment random kills seldom hit: the feed has just been remembered as read. Its links must be queued
  // by then, else the next crawl finds the feed unchanged and never queues them.
  it('killed the moment the feed is remembered as read, the next crawl still stores every article', { timeout: 120_000 }, async () => {
    const db = spec.fresh('feed-remembered');
    const crash = await crashAndResume(spec, reference, db, { killWhen: () => countRows(db, 'crawl_listings') > 0 });
    expect(crash.midRun).toBe(true);
    expect(crash.problems).toEqual([]);
  });
});
