import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { startTestServer, type TestServer } from '../src/fetch/test-server.js';
import { sql } from 'kysely';
import { GatedFetcher, HostGate } from '../src/queue/pg/host-gate.js';
import { PgSharedRobots } from '../src/queue/pg/shared-robots.js';
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

  const gates = async (n: number, o: { sharedRobots?: boolean } = {}) => {
    const made: GatedFetcher[] = [];
    for (let i = 0; i < n; i++) {
      // Each with its own connection pool, as separate worker processes would have.
      const { db } = await openPostgres(archive.url, { max: 2 });
      dbs.push(db);
      made.push(new GatedFetcher(new HostGate(db, `worker-${i}`), { retries: 0, sharedRobots: o.sharedRobots ? new PgSharedRobots(db, () => {}) : undefined }));
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

  it('counts the interval from the end of the host’s answer, not from the request', async () => {
    // A slow host: each answer takes 150 ms; requests from any worker arrive at least 150 + interval apart.
    const slow = await startTestServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 150));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }, '127.0.0.5');
    const fetchers = await gates(3);
    const interval = 60;
    await Promise.all(Array.from({ length: 6 }, (_, i) => fetchers[i % 3].fetch({ url: `${slow.origin}/s${i}`, allowPrivate: true, robots: false, minIntervalMs: interval })));
    expect(slow.hits).toHaveLength(6);
    expect(closest(slow.hits)).toBeGreaterThanOrEqual(150 + interval);
    await Promise.all(fetchers.map((f) => f.close()));
    await slow.close();
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

  describe('robots.txt shared by the workers', () => {
    let robotsSites: TestServer[] = [];
    let unavailable = true;
    beforeAll(async () => {
      robotsSites = [
        // Rules that keep /private/ out.
        await startTestServer((req, res) => {
          if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        }, '127.0.0.3'),
        // robots.txt unavailable (503) until told otherwise.
        await startTestServer((req, res) => {
          if (req.url === '/robots.txt') return void (unavailable ? res.writeHead(503).end('down') : res.writeHead(404).end());
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        }, '127.0.0.4'),
      ];
    });
    afterAll(async () => {
      for (const s of robotsSites) await s.close();
    });
    const robotsHits = (s: TestServer) => s.hits.filter((h) => h.path === '/robots.txt').length;

    it('asks a host for its robots.txt once, whichever workers fetch there, and each obeys it', async () => {
      const fetchers = await gates(3, { sharedRobots: true });
      const site = robotsSites[0];
      const results = await Promise.all(
        fetchers.flatMap((f, i) => [`/a${i}`, `/private/b${i}`].map((path) => f.fetch({ url: `${site.origin}${path}`, allowPrivate: true, minIntervalMs: 20 }))),
      );
      expect(robotsHits(site)).toBe(1);
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok && r.kind === 'robots')).toHaveLength(3);
      expect(site.hits.filter((h) => h.path.startsWith('/private/'))).toHaveLength(0);
      await Promise.all(fetchers.map((f) => f.close()));
    });

    it('shares an unavailable robots.txt (nothing fetched there for now), and asks again once the shared copy has expired', async () => {
      const site = robotsSites[1];
      const [a, b] = await gates(2, { sharedRobots: true });
      const first = await a.fetch({ url: `${site.origin}/x`, allowPrivate: true, minIntervalMs: 20 });
      const second = await b.fetch({ url: `${site.origin}/y`, allowPrivate: true, minIntervalMs: 20 });
      expect(first.ok || second.ok).toBe(false);
      expect(robotsHits(site)).toBe(1);
      expect(site.hits.filter((h) => h.path !== '/robots.txt')).toHaveLength(0);
      // The host is back and the shared copy has run out: a worker that has not kept its own asks again.
      unavailable = false;
      await sql`UPDATE queue_robots SET expires_at = clock_timestamp() - interval '1 second' WHERE origin = ${site.origin}`.execute(dbs.at(-1)!);
      const [c] = await gates(1, { sharedRobots: true });
      const third = await c.fetch({ url: `${site.origin}/z`, allowPrivate: true, minIntervalMs: 20 });
      expect(third.ok).toBe(true);
      expect(robotsHits(site)).toBe(2);
      const { rows } = await sql<{ kind: string }>`SELECT kind FROM queue_robots WHERE origin = ${site.origin}`.execute(dbs.at(-1)!);
      expect(rows).toEqual([{ kind: 'none' }]);
      await Promise.all([a, b, c].map((f) => f.close()));
    });

    it('holds a robots.txt Crawl-delay across workers, through the gate', async () => {
      const site = await startTestServer((req, res) => {
        if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nCrawl-delay: 1\n');
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }, '127.0.0.6');
      const fetchers = await gates(3, { sharedRobots: true });
      await Promise.all(fetchers.map((f, i) => f.fetch({ url: `${site.origin}/d${i}`, allowPrivate: true, minIntervalMs: 20 })));
      const pages = site.hits.filter((h) => h.path.startsWith('/d'));
      expect(pages).toHaveLength(3);
      expect(closest(pages)).toBeGreaterThanOrEqual(1000);
      await Promise.all(fetchers.map((f) => f.close()));
      await site.close();
    });

    it('without the shared table, each worker asks for itself', async () => {
      const site = robotsSites[0];
      const before = robotsHits(site);
      const fetchers = await gates(2);
      for (const f of fetchers) await f.fetch({ url: `${site.origin}/c`, allowPrivate: true, minIntervalMs: 20 });
      expect(robotsHits(site) - before).toBe(2);
      await Promise.all(fetchers.map((f) => f.close()));
    });
  });
});

describe.skipIf(!!pgTestUrl)('per-host politeness shared through PostgreSQL', () => {
  it.skip(PG_SKIP_MESSAGE, () => {});
});
