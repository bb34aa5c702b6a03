import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { startTestServer, type TestServer } from '../src/fetch/test-server.js';
import { GatedFetcher, HostGate } from '../src/queue/pg/host-gate.js';
import { openPostgres } from '../src/store/postgres/open-postgres.js';
import { freshPgArchive, pgTestUrl, PG_SKIP_MESSAGE } from '../src/testing/pg.js';

/** Closest two request arrivals per host (ms), from the server's log. */
function closest(hits: { at: number }[]): number {
  const t = hits.map((h) => h.at).sort((a, b) => a - b);
  let min = Infinity;
  for (let i = 1; i < t.length; i++) min = Math.min(min, t[i] - t[i - 1]);
  return min;
}

describe.skipIf(!pgTestUrl)('per-host politeness shared through PostgreSQL', () => {
  let archive: Awaited<ReturnType<typeof freshPgArchive>>;
  let dbs: Kysely<any>[] = [];
  let sites: TestServer[] = [];
  let retryAfterSent = 0;

  beforeAll(async () => {
    archive = await freshPgArchive('gate');
    // Two hosts (two addresses); the second answers its first request with 429 and Retry-After: 2.
    sites = [
      await startTestServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), '127.0.0.1'),
      await startTestServer((req, res) => {
        if (req.url === '/busy' && retryAfterSent++ === 0) return void res.writeHead(429, { 'retry-after': '2' }).end('later');
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }, '127.0.0.2'),
    ];
  });

  afterAll(async () => {
    for (const db of dbs) await db.destroy();
    for (const s of sites) await s.close();
    await archive?.drop();
  });

  const gates = async (n: number) => {
    const made: GatedFetcher[] = [];
    for (let i = 0; i < n; i++) {
      // Each with its own connection pool, as separate worker processes would have.
      const { db } = await openPostgres(archive.url, { max: 2 });
      dbs.push(db);
      made.push(new GatedFetcher(new HostGate(db, `worker-${i}`), { retries: 0 }));
    }
    return made;
  };

  it('keeps one request at a time per host and the host’s interval, whichever worker asks', async () => {
    const fetchers = await gates(4);
    const interval = 120;
    const urls = [sites[0].origin, sites[1].origin].flatMap((o) => Array.from({ length: 8 }, (_, i) => `${o}/p${i}`));
    await Promise.all(
      urls.map((url, i) => fetchers[i % fetchers.length].fetch({ url, allowPrivate: true, robots: false, minIntervalMs: interval })),
    );
    for (const s of sites) {
      const hits = s.hits.filter((h) => h.path.startsWith('/p'));
      expect(hits).toHaveLength(8);
      expect(closest(hits)).toBeGreaterThanOrEqual(interval);
    }
    await Promise.all(fetchers.map((f) => f.close()));
  });

  it('pushes the host’s next request out by its Retry-After, for every worker', async () => {
    const [a, b] = await gates(2);
    const first = await a.fetch({ url: `${sites[1].origin}/busy`, allowPrivate: true, robots: false, minIntervalMs: 10 });
    expect(first.ok).toBe(false);
    expect(!first.ok && first.retryAfterMs).toBe(2000);
    const before = Date.now();
    const second = await b.fetch({ url: `${sites[1].origin}/after`, allowPrivate: true, robots: false, minIntervalMs: 10 });
    expect(second.ok).toBe(true);
    const busy = sites[1].hits.find((h) => h.path === '/busy')!;
    const after = sites[1].hits.find((h) => h.path === '/after')!;
    expect(after.at - busy.at).toBeGreaterThanOrEqual(2000);
    expect(Date.now() - before).toBeGreaterThan(1500);
    await Promise.all([a.close(), b.close()]);
  });
});

describe.skipIf(!!pgTestUrl)('per-host politeness shared through PostgreSQL', () => {
  it.skip(PG_SKIP_MESSAGE, () => {});
});
