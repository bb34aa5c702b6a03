import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueueStatus } from '../src/queue/crawl-queue.js';
import { Heartbeat } from '../src/queue/pg/heartbeats.js';
import { PgCrawlQueue } from '../src/queue/pg/pg-crawl-queue.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';
import { testBackends } from '../src/testing/backends.js';
import { pgTestUrl } from '../src/testing/pg.js';
import { createApp } from '../src/web/app.js';

describe.each(testBackends())('crawl queue on /health and GET /api/admin/queue ($name)', (backend) => {
  const opened: { close(): Promise<void> }[] = [];
  const queueSchemas: string[] = [];
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
    await backend.cleanup();
    for (const s of queueSchemas) await adminQuery(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  });

  async function archive(): Promise<{ store: Store; app: ReturnType<typeof createApp>; admin: string; reader: string; url: string }> {
    const url = await backend.location();
    const store = await openStore(url);
    opened.push(store);
    await store.accounts.addUser('ana', 'admin', 'a-long-password');
    await store.accounts.addUser('rea', 'reader', 'a-long-password');
    const admin = (await store.accounts.addToken('ana', 'admin')).token;
    const reader = (await store.accounts.addToken('rea', 'read')).token;
    return { store, app: createApp(store), admin, reader, url };
  }

  it('is for admins only', async () => {
    const { app, reader } = await archive();
    expect((await app.request('/api/admin/queue')).status).toBe(401);
    expect((await app.request('/api/admin/queue', { headers: { authorization: `Bearer ${reader}` } })).status).toBe(403);
  });

  it('shows depth, failed jobs and worker heartbeats', async () => {
    const { app, admin, url } = await archive();
    const get = async () => (await app.request('/api/admin/queue', { headers: { authorization: `Bearer ${admin}` } })).json() as Promise<QueueStatus>;
    if (backend.name === 'sqlite') {
      expect(await get()).toMatchObject({ kind: 'in-process', running: 0, workers: [] });
      expect(await (await app.request('/health')).text()).toContain('runs inside <code>wirewatch start</code>');
      const crawl = await app.request('/api/admin/queue/crawl', { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
      expect(crawl.status).toBe(409);
      return;
    }
    // Before any worker ran: an empty queue, nobody working.
    expect(await get()).toMatchObject({ kind: 'postgres', waiting: {}, workers: [] });
    const queue = await PgCrawlQueue.open(url, { log: () => {} });
    opened.push(queue);
    queueSchemas.push(queue.schema);
    const crawl = await app.request('/api/admin/queue/crawl', { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(crawl.status).toBe(202);
    // The same crawl asked for twice waits once (its job key).
    await queue.enqueueCrawl();
    const beat = new Heartbeat(queue.db, queue.schema, 'test-worker', 3, { everyMs: 60_000, deadAfterMs: 120_000 }, 0, () => {});
    await beat.start();
    opened.push({ close: () => beat.stop() });
    // A job out of attempts shows as failed.
    await failedJob(url, queue.schema);
    const s = await get();
    expect(s.waiting).toEqual({ 'crawl-schedule': 1 });
    expect(s.failed.permanent).toBe(1);
    expect(s.failed.latest[0]).toMatchObject({ task: 'fetch', error: 'HTTP 500 from the database test' });
    expect(s.workers).toMatchObject([{ id: 'test-worker', concurrency: 3, alive: true }]);
    const page = await (await app.request('/health')).text();
    expect(page).toContain('Crawl queue');
    expect(page).toMatch(/1 jobs \(1 crawl-schedule\)/);
    expect(page).toContain('0 waiting for a retry, 1 out of attempts');
    expect(page).toContain('1 alive');
  });
});

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgTestUrl });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

async function failedJob(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT id FROM ${schema}.add_job('fetch', '{}'::json, max_attempts => 1, run_at => now() + interval '1 hour')`);
    await client.query(`UPDATE ${schema}._private_jobs SET attempts = 1, last_error = 'HTTP 500 from the database test' WHERE id = $1`, [rows[0].id]);
  } finally {
    await client.end();
  }
}
