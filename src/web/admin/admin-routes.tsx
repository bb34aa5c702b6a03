import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AccountStore } from '../../store/accounts.js';
import { requireRole } from '../auth.js';
import type { AuthEnv } from '../session-ui.js';
import { addUser, changeRole, parseRole, removeUser, revokeToken, type Outcome } from './account-rules.js';
import { adminApi } from './admin-api.js';
import { AdminUsersPage, type AdminUsersProps } from './admin-page.js';

type Ctx = Context<AuthEnv>;

const field = (form: Record<string, unknown>, name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');

/**
 * The admin area: the page /admin/users with its forms (each POSTs, then comes back with a notice) and
 * the JSON API under /api/admin. Admins only, and tokens with the admin scope; the auth middleware has
 * already checked a write's origin and CSRF token.
 */
export function adminRoutes(accounts: AccountStore): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  for (const path of ['/admin', '/admin/*', '/api/admin/*']) app.use(path, requireRole('admin'));
  app.route('/api/admin', adminApi(accounts));

  const page = async (c: Ctx, extra: Partial<AdminUsersProps> = {}, status: 200 | 400 | 403 | 404 = 200) =>
    c.html(<AdminUsersPage users={await accounts.listUsers()} tokens={await accounts.listTokens()} me={c.get('auth')!.user} notice={{}} {...extra} />, status);
  /** After a form: back to the page with a notice, or the page again saying why not. */
  const after = <T,>(c: Ctx, outcome: Outcome<T>, notice: (value: T) => string) =>
    outcome.ok ? c.redirect(`/admin/users?${notice(outcome.value)}`, 303) : page(c, { error: outcome.refusal.message }, outcome.refusal.status);
  const q = (key: string, value: string | number) => new URLSearchParams({ [key]: String(value) }).toString();

  app.get('/admin', (c) => c.redirect('/admin/users', 303));

  app.get('/admin/users', (c) =>
    page(c, { notice: { added: c.req.query('added'), removed: c.req.query('removed'), changed: c.req.query('changed'), revoked: c.req.query('revoked') } }),
  );

  app.post('/admin/users', async (c) => {
    const form = await c.req.parseBody();
    const outcome = await addUser(accounts, form);
    if (!outcome.ok) return page(c, { error: outcome.refusal.message, draft: { name: field(form, 'name'), role: parseRole(form.role) ?? 'reader' } }, outcome.refusal.status);
    return c.redirect(`/admin/users?${q('added', outcome.value.name)}`, 303);
  });

  app.post('/admin/users/remove', async (c) => {
    const form = await c.req.parseBody();
    return after(c, await removeUser(accounts, c.get('auth')!.user, field(form, 'name')), (u) => q('removed', u.name));
  });

  app.post('/admin/users/role', async (c) => {
    const form = await c.req.parseBody();
    return after(c, await changeRole(accounts, c.get('auth')!.user, field(form, 'name'), form.role), (u) => q('changed', u.name));
  });

  app.post('/admin/tokens/revoke', async (c) => {
    const form = await c.req.parseBody();
    return after(c, await revokeToken(accounts, field(form, 'id')), (id) => q('revoked', id));
  });
  return app;
}
