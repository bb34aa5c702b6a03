import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { testBackends } from '../testing/backends.js';
import { createApp } from './app.js';
import { hiddenCsrf, ORIGIN, PASSWORD, setCookie, signIn } from './testing/sign-in.js';

describe.each(testBackends())('accounts on the web ($name)', (backend) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    store = await openStore(await backend.location());
    app = createApp(store, { private: false });
    await store.accounts.addUser('rita', 'reader', PASSWORD);
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  /** A form POST to the candidates review, as the page's form sends it. */
  function review(headers: Record<string, string>, fields: Record<string, string> = {}) {
    return app.request('/entities/candidates', { method: 'POST', headers, body: new URLSearchParams({ name: 'Nobody Here', action: 'accept', ...fields }) });
  }

  describe('login and logout', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie on login (Secure behind TLS) and ends it on logout', async () => {
      const form = await app.request('/login');
      expect(form.status).toBe(200);
      const html = await form.text();
      const loginCookie = setCookie(form, 'wirewatch_login')!;
      const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
        app.request('/login', { method: 'POST', headers: { origin: ORIGIN, cookie: `wirewatch_login=${loginCookie}`, ...headers }, body: new URLSearchParams(fields) });
      const wrong = await post({ name: 'rita', password: 'not-her-password', _csrf: hiddenCsrf(html)! });
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toContain('Wrong name or password');
      expect((await post({ name: 'rita', password: PASSWORD, _csrf: 'forged' })).status).toBe(403);

      const ok = await post({ name: 'rita', password: PASSWORD, _csrf: hiddenCsrf(html)!, next: '//evil.example/' });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/');
      const line = ok.headers.getSetCookie().find((l) => l.startsWith('wirewatch_session='))!;
      expect(line).toMatch(/; HttpOnly/);
      expect(line).toMatch(/; SameSite=Lax/);
      expect(line).toMatch(/; Path=\//);
      expect(line).not.toMatch(/Secure/);
      const cookie = `wirewatch_session=${setCookie(ok, 'wirewatch_session')}`;
      const home = await (await app.request('/', { headers: { cookie } })).text();
      expect(home).toContain('Sign out (rita)');
      expect(await (await app.request('/')).text()).toContain('Sign in');

      const tls = await post({ name: 'rita', password: PASSWORD, _csrf: hiddenCsrf(html)! }, { 'x-forwarded-proto': 'https', origin: 'https://localhost' });
      expect(tls.headers.getSetCookie().find((l) => l.startsWith('wirewatch_session='))).toMatch(/; Secure/);

      const csrf = hiddenCsrf(home.slice(home.indexOf('action="/logout"')))!;
      const out = await app.request('/logout', { method: 'POST', headers: { cookie, origin: ORIGIN }, body: new URLSearchParams({ _csrf: csrf }) });
      expect(out.status).toBe(303);
      expect(await (await app.request('/', { headers: { cookie } })).text()).toContain('Sign in');
    });

    it('renders the login page and the signed-in header as valid HTML', async () => {
      const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'void-style': 'off' } });
      const s = await signIn(app, store.accounts, 'rita', 'reader');
      for (const [path, headers] of [['/login', {}], ['/sources', { cookie: s.cookie }]] as const) {
        const report = await validator.validateString(await (await app.request(path, { headers })).text());
        expect(report.results.flatMap((r) => r.messages.map((m) => `${path} ${m.ruleId}: ${m.message}`))).toEqual([]);
      }
    });
  });

  describe('who may change the archive', () => {
    it('sends anonymous pages to the login and anonymous API calls a 401', async () => {
      const res = await review({ origin: ORIGIN });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login?next=%2Fentities%2Fcandidates');
      const api = await app.request('/api/anything', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });
      expect(api.status).toBe(401);
    });

    it('refuses a reader (403) and lets an editor and an admin through', async () => {
      const reader = await signIn(app, store.accounts, 'rita', 'reader');
      expect((await review({ origin: ORIGIN, cookie: reader.cookie }, { _csrf: reader.csrf })).status).toBe(403);
      for (const [name, role] of [['eddie', 'editor'], ['ada', 'admin']] as const) {
        const s = await signIn(app, store.accounts, name, role);
        // Past the guard: the route itself answers (the name is not waiting for review).
        const res = await review({ origin: ORIGIN, cookie: s.cookie }, { _csrf: s.csrf });
        expect(res.status, role).toBe(400);
        expect(await res.text()).toMatch(/not waiting for review|review/i);
      }
    });

    it('refuses cross-origin writes and forms without the session token', async () => {
      const s = await signIn(app, store.accounts, 'eddie', 'editor');
      expect((await review({ origin: 'https://evil.example', cookie: s.cookie }, { _csrf: s.csrf })).status).toBe(403);
      expect((await review({ 'sec-fetch-site': 'cross-site', cookie: s.cookie }, { _csrf: s.csrf })).status).toBe(403);
      // Neither Origin nor Sec-Fetch-Site: the origin check refuses a form.
      expect((await review({ cookie: s.cookie }, { _csrf: s.csrf })).status).toBe(403);
      expect((await review({ origin: ORIGIN, cookie: s.cookie })).status).toBe(403);
      expect((await review({ origin: ORIGIN, cookie: s.cookie }, { _csrf: 'wrong' })).status).toBe(403);
      // A same-origin browser request under no-referrer sends Origin: null and Sec-Fetch-Site: same-origin.
      expect((await review({ origin: 'null', 'sec-fetch-site': 'same-origin', cookie: s.cookie }, { _csrf: s.csrf })).status).toBe(400);
      // The review form carries the token.
      const page = await (await app.request('/entities/candidates', { headers: { cookie: s.cookie } })).text();
      expect(page).toContain('Sign out (eddie)');
    });

    it('takes Bearer tokens for the API, within their scope and their user\'s role', async () => {
      await store.accounts.addUser('tess', 'editor', PASSWORD);
      const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
      const read = (await store.accounts.addToken('tess', 'read')).token;
      const write = (await store.accounts.addToken('tess', 'write')).token;
      const readerAdmin = (await store.accounts.addToken('rita', 'admin')).token;
      expect((await app.request('/api/stats', { headers: bearer(read) })).status).toBe(200);
      expect((await app.request('/api/stats', { headers: bearer('no-such-token') })).status).toBe(401);
      expect((await review(bearer(read))).status).toBe(403);
      expect((await review(bearer(readerAdmin))).status).toBe(403); // a token never exceeds its user
      expect((await review(bearer(write))).status).toBe(400); // no CSRF token needed: a token is not sent by browsers on their own
      const revoked = await store.accounts.addToken('tess', 'write');
      await store.accounts.revokeToken(revoked.id);
      expect((await review(bearer(revoked.token))).status).toBe(401);
    });
  });

  describe('private archive', () => {
    it('keeps pages and the read API behind login, the login page and static files open', async () => {
      const priv = createApp(store, { private: true });
      const home = await priv.request('/');
      expect(home.status).toBe(303);
      expect(home.headers.get('location')).toBe('/login?next=%2F');
      expect((await priv.request('/api/stats')).status).toBe(401);
      expect((await priv.request('/login')).status).toBe(200);
      expect((await priv.request('/static/search-chart.js')).status).toBe(200);
      const s = await signIn(priv, store.accounts, 'rita', 'reader');
      expect((await priv.request('/', { headers: { cookie: s.cookie } })).status).toBe(200);
      const token = (await store.accounts.addToken('rita', 'read')).token;
      expect((await priv.request('/api/stats', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    });

    it('is private with WIREWATCH_PRIVATE=1', async () => {
      process.env.WIREWATCH_PRIVATE = '1';
      try {
        expect((await createApp(store).request('/api/stats')).status).toBe(401);
      } finally {
        delete process.env.WIREWATCH_PRIVATE;
      }
    });
  });
});
