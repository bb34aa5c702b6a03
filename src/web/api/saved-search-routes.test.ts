import { describe, expect, it } from 'vitest';
import { alertsOf } from '../../alerts/attach.js';
import { openStore } from '../../store/open-store.js';
import { createApp } from '../app.js';

// The receivers in these tests listen on this machine.
process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE = '1';

async function setup() {
  const store = await openStore(':memory:');
  await store.accounts.addUser('ed', 'editor', 'correct horse battery');
  await store.accounts.addUser('eve', 'editor', 'correct horse battery');
  await store.accounts.addUser('ada', 'admin', 'correct horse battery');
  const token = async (name: string) => (await store.accounts.addToken(name, name === 'ada' ? 'admin' : 'write')).token;
  const app = createApp(store, { private: false });
  const call = async (who: string | null, method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { ...(who ? { authorization: `Bearer ${await token(who)}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  return { store, call, app };
}

describe('/api/saved-searches', () => {
  it('saves, reads, changes and deletes a search; owners see their own, an admin every one', async () => {
    const { store, call } = await setup();
    const res = await call('ed', 'POST', '/api/saved-searches', { name: 'Pak', query: '"Pak Pong Ju"', notify: { new: true, edited: true, removed: false, restored: false, imageEdited: false }, webhook: 'https://hooks.example/x' });
    expect(res.status).toBe(201);
    const made = (await res.json()) as { id: number; secret: string; notify: Record<string, boolean> };
    expect(made.secret).toMatch(/^whsec_/);
    expect(made.notify).toEqual({ new: true, edited: true, removed: false, restored: false, imageEdited: false, imageReplaced: true, imageRemoved: true });
    await alertsOf(store).searches.create({ name: 'cli', query: 'farm' }, null);

    expect(((await (await call('ed', 'GET', '/api/saved-searches')).json()) as { items: unknown[] }).items).toHaveLength(1);
    expect(((await (await call('eve', 'GET', '/api/saved-searches')).json()) as { items: unknown[] }).items).toHaveLength(0);
    expect(((await (await call('ada', 'GET', '/api/saved-searches')).json()) as { items: unknown[] }).items).toHaveLength(2);
    expect((await call('eve', 'GET', `/api/saved-searches/${made.id}`)).status).toBe(404);
    expect((await call('eve', 'PATCH', `/api/saved-searches/${made.id}`, { name: 'mine' })).status).toBe(404);
    expect((await call(null, 'GET', '/api/saved-searches')).status).toBe(401);

    const patched = await call('ed', 'PATCH', `/api/saved-searches/${made.id}`, { name: 'Premier' });
    expect(((await patched.json()) as { name: string }).name).toBe('Premier');
    expect((await call('ed', 'PATCH', `/api/saved-searches/${made.id}`, { query: '"unclosed' })).status).toBe(400);
    expect((await call('ed', 'POST', '/api/saved-searches', { name: 'x' })).status).toBe(400);
    const log = await call('ed', 'GET', `/api/saved-searches/${made.id}/deliveries`);
    expect(await log.json()).toEqual({ items: [] });
    expect((await call('ada', 'DELETE', `/api/saved-searches/${made.id}`)).status).toBe(204);
    expect((await call('ed', 'GET', `/api/saved-searches/${made.id}`)).status).toBe(404);
  });

  it("gives its owner the feed's addresses with the feed token, which read it without signing in", async () => {
    const { call, app } = await setup();
    const made = (await (await call('ed', 'POST', '/api/saved-searches', { name: 'Farms', query: 'farm' })).json()) as { id: number; feedToken: string; feed: Record<string, string> };
    expect(made.feed).toEqual({
      atom: `http://localhost/feeds/saved/${made.id}.atom?token=${made.feedToken}`,
      rss: `http://localhost/feeds/saved/${made.id}.rss?token=${made.feedToken}`,
      json: `http://localhost/feeds/saved/${made.id}.json?token=${made.feedToken}`,
    });
    const feed = await app.request(made.feed.json);
    expect(feed.status).toBe(200);
    expect(((await feed.json()) as { title: string }).title).toBe('Farms');
  });
});
