import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { testBackends } from '../../testing/backends.js';
import { createApp } from '../app.js';
import { ORIGIN, PASSWORD, signIn } from '../testing/sign-in.js';

describe.each(testBackends())('the admin area ($name)', (backend) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  type Session = { cookie: string; csrf: string };
  let admin: Session;

  beforeAll(async () => {
    store = await openStore(await backend.location());
    app = createApp(store, { private: false });
    admin = await signIn(app, store.accounts, 'ada', 'admin');
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  /** A form POST as the admin page sends it: from this origin, with the session's CSRF token. */
  function post(path: string, s: Session, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return app.request(path, { method: 'POST', headers: { origin: ORIGIN, cookie: s.cookie, ...headers }, body: new URLSearchParams({ _csrf: s.csrf, ...fields }) });
  }
  const bearer = (token: string, method = 'GET', body?: unknown) =>
    ({ method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined }) as RequestInit;
  const page = async (s: Session) => (await app.request('/admin/users', { headers: { cookie: s.cookie } })).text();

  describe('who may use the admin area', () => {
    it('sends anonymous visitors to the login and anonymous API calls a 401', async () => {
      const res = await app.request('/admin/users');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login?next=%2Fadmin%2Fusers');
      const api = await app.request('/api/admin/users');
      expect(api.status).toBe(401);
      expect(await api.json()).toMatchObject({ error: 'unauthorized' });
      expect((await app.request('/admin/users', { method: 'POST', headers: { origin: ORIGIN }, body: new URLSearchParams({ name: 'x' }) })).status).toBe(303);
    });

    it('refuses readers and editors (403), pages and API alike', async () => {
      for (const [name, role] of [['rita', 'reader'], ['eddie', 'editor']] as const) {
        const s = await signIn(app, store.accounts, name, role);
        const res = await app.request('/admin/users', { headers: { cookie: s.cookie } });
        expect(res.status, role).toBe(403);
        expect(await res.text()).toContain('this needs the admin role');
        expect((await post('/admin/users', s, { name: 'sneaky', role: 'admin', password: PASSWORD })).status, role).toBe(403);
        expect((await app.request('/api/admin/users', { headers: { cookie: s.cookie } })).status, role).toBe(403);
        // No admin link in their header.
        expect(await (await app.request('/', { headers: { cookie: s.cookie } })).text()).not.toContain('href="/admin/users"');
      }
      expect((await store.accounts.getUser('sneaky'))).toBeUndefined();
    });

    it('takes only admin-scope tokens of admins', async () => {
      const write = (await store.accounts.addToken('ada', 'write')).token;
      const editorsAdmin = (await store.accounts.addToken('eddie', 'admin')).token;
      const scoped = (await store.accounts.addToken('ada', 'admin')).token;
      expect((await app.request('/api/admin/users', bearer(write))).status).toBe(403);
      expect((await app.request('/api/admin/users', bearer(editorsAdmin))).status).toBe(403);
      expect((await app.request('/api/admin/users', bearer(scoped))).status).toBe(200);
    });

    it('refuses a cross-origin form and a form without the session token', async () => {
      const fields = { name: 'mallory', role: 'admin', password: PASSWORD };
      expect((await post('/admin/users', admin, fields, { origin: 'https://evil.example' })).status).toBe(403);
      expect((await post('/admin/users', admin, fields, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await post('/admin/users', admin, { ...fields, _csrf: '' })).status).toBe(403);
      const api = await app.request('/api/admin/users', { method: 'POST', headers: { origin: ORIGIN, cookie: admin.cookie, 'content-type': 'application/json' }, body: JSON.stringify(fields) });
      expect(api.status).toBe(403);
      expect((await store.accounts.getUser('mallory'))).toBeUndefined();
    });
  });

  describe('the users page', () => {
    it('lists users and tokens (never a token itself), links from the admin header, and is valid HTML', async () => {
      const made = await store.accounts.addToken('eddie', 'read');
      const html = await page(admin);
      expect(html).toContain('<h1>Users and tokens</h1>');
      expect(html).toContain('href="/admin/users"');
      expect(html).toContain('eddie');
      expect(html).toContain(`Revoke token ${made.id} of eddie`);
      expect(html).not.toContain(made.token);
      const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off', 'void-style': 'off', 'attribute-boolean-style': 'off' } });
      const report = await validator.validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    });

    it('adds a user, or says what to fix (400) and keeps what was typed', async () => {
      const res = await post('/admin/users', admin, { name: 'nora', role: 'editor', password: PASSWORD });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/users?added=nora');
      expect((await store.accounts.getUser('nora'))).toMatchObject({ role: 'editor' });
      expect(await (await store.accounts.verifyPassword('nora', PASSWORD))?.name).toBe('nora');
      expect(await (await app.request('/admin/users?added=nora', { headers: { cookie: admin.cookie } })).text()).toContain('Added nora.');

      for (const [fields, message] of [
        [{ name: 'bad name!', role: 'reader', password: PASSWORD }, 'letters, digits'],
        [{ name: '..', role: 'reader', password: PASSWORD }, 'needs a letter or a digit'],
        [{ name: 'shorty', role: 'reader', password: 'short' }, 'at least 8 characters'],
        [{ name: 'nora', role: 'reader', password: PASSWORD }, 'already a user called nora'],
        [{ name: 'kim', role: 'overlord', password: PASSWORD }, 'The role is one of reader, editor, admin'],
      ] as const) {
        const refused = await post('/admin/users', admin, fields);
        expect(refused.status, fields.name).toBe(400);
        const html = await refused.text();
        expect(html).toContain('role="alert"');
        expect(html).toContain(message);
        expect(html).toContain(`value="${fields.name}"`);
      }
      expect((await store.accounts.getUser('shorty'))).toBeUndefined();
    });

    it('changes a role, never the admin\'s own', async () => {
      await store.accounts.addUser('olga', 'reader', PASSWORD);
      const res = await post('/admin/users/role', admin, { name: 'olga', role: 'admin' });
      expect(res.status).toBe(303);
      expect((await store.accounts.getUser('olga'))?.role).toBe('admin');
      expect(await (await app.request(res.headers.get('location')!, { headers: { cookie: admin.cookie } })).text()).toContain('olga is now an admin.');
      // A signed-in user's new role holds from his next request.
      const olga = await signIn(app, store.accounts, 'olga', 'admin');
      expect((await post('/admin/users/role', admin, { name: 'olga', role: 'reader' })).status).toBe(303);
      expect((await app.request('/admin/users', { headers: { cookie: olga.cookie } })).status).toBe(403);

      const self = await post('/admin/users/role', admin, { name: 'ada', role: 'reader' });
      expect(self.status).toBe(403);
      expect(await self.text()).toContain('cannot change your own role');
      expect((await post('/admin/users/role', admin, { name: 'olga', role: 'overlord' })).status).toBe(400);
      expect((await post('/admin/users/role', admin, { name: 'nobody', role: 'reader' })).status).toBe(404);
      expect((await store.accounts.getUser('ada'))?.role).toBe('admin');
    });

    it('removes a user with his tokens, never the admin himself', async () => {
      await store.accounts.addUser('pete', 'editor', PASSWORD);
      const token = (await store.accounts.addToken('pete', 'write')).token;
      const res = await post('/admin/users/remove', admin, { name: 'pete' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/users?removed=pete');
      expect((await store.accounts.getUser('pete'))).toBeUndefined();
      expect((await app.request('/api/stats', bearer(token))).status).toBe(401);

      const self = await post('/admin/users/remove', admin, { name: 'ada' });
      expect(self.status).toBe(403);
      expect(await self.text()).toContain('cannot remove yourself');
      expect((await store.accounts.getUser('ada'))).toBeDefined();
      expect((await post('/admin/users/remove', admin, { name: 'pete' })).status).toBe(404);
    });

    it('revokes a token', async () => {
      const made = await store.accounts.addToken('eddie', 'write');
      const res = await post('/admin/tokens/revoke', admin, { id: String(made.id) });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/admin/users?revoked=${made.id}`);
      expect((await app.request('/api/stats', bearer(made.token))).status).toBe(401);
      expect((await post('/admin/tokens/revoke', admin, { id: String(made.id) })).status).toBe(404);
      expect((await post('/admin/tokens/revoke', admin, { id: 'abc' })).status).toBe(400);
    });
  });

  describe('the admin API', () => {
    let token: string;
    beforeAll(async () => {
      token = (await store.accounts.addToken('ada', 'admin')).token;
    });

    it('lists, creates, changes and removes users', async () => {
      const list = (await (await app.request('/api/admin/users', bearer(token))).json()) as { name: string; role: string; createdAt: string }[];
      expect(list.find((u) => u.name === 'ada')).toMatchObject({ role: 'admin', createdAt: expect.any(String) });

      const created = await app.request('/api/admin/users', bearer(token, 'POST', { name: 'quinn', role: 'reader', password: PASSWORD }));
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ name: 'quinn', role: 'reader' });
      const patched = await app.request('/api/admin/users/quinn', bearer(token, 'PATCH', { role: 'editor' }));
      expect(await patched.json()).toMatchObject({ name: 'quinn', role: 'editor' });
      expect((await store.accounts.getUser('quinn'))?.role).toBe('editor');
      const removed = await app.request('/api/admin/users/quinn', bearer(token, 'DELETE'));
      expect(await removed.json()).toEqual({ removed: 'quinn' });
      expect((await store.accounts.getUser('quinn'))).toBeUndefined();
    });

    it('answers {error, message} with 400, 403 and 404', async () => {
      const cases: [RequestInit & { path: string }, number, string][] = [
        [{ path: '/api/admin/users', ...bearer(token, 'POST', { name: 'r', role: 'reader', password: 'short' }) }, 400, 'bad_request'],
        [{ path: '/api/admin/users', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{not json' }, 400, 'bad_request'],
        [{ path: '/api/admin/users/eddie', ...bearer(token, 'PATCH', { role: 'king' }) }, 400, 'bad_request'],
        [{ path: '/api/admin/users/ada', ...bearer(token, 'DELETE') }, 403, 'forbidden'],
        [{ path: '/api/admin/users/ada', ...bearer(token, 'PATCH', { role: 'reader' }) }, 403, 'forbidden'],
        [{ path: '/api/admin/users/nobody', ...bearer(token, 'DELETE') }, 404, 'not_found'],
        [{ path: '/api/admin/tokens/999999', ...bearer(token, 'DELETE') }, 404, 'not_found'],
        [{ path: '/api/admin/tokens/abc', ...bearer(token, 'DELETE') }, 400, 'bad_request'],
      ];
      for (const [{ path, ...init }, status, error] of cases) {
        const res = await app.request(path, init);
        expect(res.status, `${init.method} ${path}`).toBe(status);
        expect(await res.json()).toMatchObject({ error, message: expect.any(String) });
      }
    });

    it('lists tokens without the tokens themselves, and revokes one', async () => {
      const made = await store.accounts.addToken('eddie', 'read');
      const list = (await (await app.request('/api/admin/tokens', bearer(token))).json()) as Record<string, unknown>[];
      expect(list.find((t) => t.id === made.id)).toEqual({ id: made.id, userId: expect.any(Number), userName: 'eddie', scope: 'read', createdAt: expect.any(String), lastUsedAt: null });
      expect(JSON.stringify(list)).not.toContain(made.token);
      expect(await (await app.request(`/api/admin/tokens/${made.id}`, bearer(token, 'DELETE'))).json()).toEqual({ revoked: made.id });
      expect((await app.request('/api/stats', bearer(made.token))).status).toBe(401);
    });

    it('takes a session with the CSRF token in a header', async () => {
      const headers = { origin: ORIGIN, cookie: admin.cookie, 'content-type': 'application/json' };
      const body = JSON.stringify({ role: 'reader' });
      expect((await app.request('/api/admin/users/eddie', { method: 'PATCH', headers, body })).status).toBe(403);
      expect((await app.request('/api/admin/users/eddie', { method: 'PATCH', headers: { ...headers, 'x-csrf-token': admin.csrf }, body })).status).toBe(200);
      expect((await store.accounts.getUser('eddie'))?.role).toBe('reader');
    });
  });
});
