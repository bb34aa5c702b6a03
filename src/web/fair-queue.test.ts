import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../cli/listen.js';
import { FairQueue } from './fair-queue.js';

const burn = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/**
 * Keeps `connections` keep-alive connections busy with synchronous 2 ms requests, then opens one new
 * connection and counts how many requests the server finished between accepting it and starting its
 * request. Served in turn, that is about one request per busy connection; Node left to itself reads the
 * new socket only after whole passes over the busy ones, and the count grows with the length of the load.
 */
async function servedBeforeNewcomer(connections: number): Promise<number> {
  let handled = 0;
  let atConnect = -1;
  let atStart = -1;
  const app = new Hono();
  app.get('/work', (c) => {
    burn(2);
    handled++;
    return c.text('ok');
  });
  app.get('/fresh', (c) => {
    atStart = handled;
    return c.text('fresh');
  });
  const server = listen(app, { host: '127.0.0.1', port: 0, db: 'test' }, false);
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1 });
  let loading = true;
  const load = Array.from({ length: connections }, async () => {
    while (loading) await (await pool.request({ path: '/work', method: 'GET' })).body.text();
  });
  await new Promise((r) => setTimeout(r, 300));
  server.once('connection', () => (atConnect = handled));
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/fresh', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
  loading = false;
  await Promise.all(load);
  await pool.close();
  return atStart - atConnect;
}

describe('new connections under load', () => {
  it('are served in turn: a newcomer waits for about one request per busy connection', async () => {
    const waited = await servedBeforeNewcomer(40);
    expect(waited).toBeGreaterThanOrEqual(0);
    expect(waited).toBeLessThanOrEqual(2 * 40);
  });
});

describe('FairQueue', () => {
  it('starts work in arrival order, one per turn, and passes results and errors through', async () => {
    const q = new FairQueue(2);
    const order: number[] = [];
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => q.run(() => {
      order.push(n);
      if (n === 3) throw new Error('three');
      return n * 10;
    })));
    expect(order).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 20, 'three', 40]);
  });

  it('holds no more than its concurrency of unfinished async work', async () => {
    const q = new FairQueue(2);
    let running = 0;
    let most = 0;
    await Promise.all(Array.from({ length: 8 }, () => q.run(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    })));
    expect(most).toBe(2);
  });
});
