import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { openSqliteStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { createApp } from './app.js';
import { rateLimitsFromEnv } from './rate-limits.js';
import { hiddenCsrf, ORIGIN, PASSWORD, setCookie } from './testing/sign-in.js';

let store: SqliteStore;
beforeAll(async () => {
  store = await openSqliteStore(join(tempDir(), 'limits.db'));
  await store.accounts.addUser('rita', 'reader', PASSWORD);
});
afterAll(async () => store.close());

describe('rate limits', () => {
  it('answers 429 with Retry-After after too many failed logins from one address', async () => {
    const app = createApp(store, { rateLimits: { loginFailures: 2, apiPerMinute: 0 } });
    const form = await app.request('/login');
    const csrf = hiddenCsrf(await form.text())!;
    const cookie = `wirewatch_login=${setCookie(form, 'wirewatch_login')}`;
    const attempt = (password: string) =>
      app.request('/login', { method: 'POST', headers: { origin: ORIGIN, cookie }, body: new URLSearchParams({ name: 'rita', password, _csrf: csrf }) });
    expect((await attempt('guess-one')).status).toBe(401);
    expect((await attempt('guess-two')).status).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Reading the login page is not limited.
    expect((await app.request('/login')).status).toBe(200);
  });

  it('limits the API per token, and per address without one', async () => {
    const app = createApp(store, { rateLimits: { loginFailures: 0, apiPerMinute: 3 } });
    const a = (await store.accounts.addToken('rita', 'read')).token;
    const b = (await store.accounts.addToken('rita', 'read')).token;
    const get = (token?: string) => app.request('/api/stats', { headers: token ? { authorization: `Bearer ${token}` } : {} });
    for (let i = 0; i < 3; i++) expect((await get(a)).status).toBe(200);
    const limited = await get(a);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: 'too_many_requests' });
    expect((await get(b)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(429);
    // Pages are not API calls.
    expect((await app.request('/sources')).status).toBe(200);
  });

  it('reads its limits from the environment (0 turns one off)', () => {
    expect(rateLimitsFromEnv({ WIREWATCH_API_RATE_LIMIT: '0', WIREWATCH_LOGIN_RATE_LIMIT: '5' })).toEqual({ apiPerMinute: 0, loginFailures: 5 });
    expect(rateLimitsFromEnv({})).toEqual({ apiPerMinute: 1200, loginFailures: 10 });
  });
});
