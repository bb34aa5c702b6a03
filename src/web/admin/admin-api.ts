import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AccountStore } from '../../store/accounts.js';
import type { AuthEnv } from '../session-ui.js';
import { decodeCursor, linkNext, pageOfList } from '../api/cursor.js';
import { bodyOf, queryOf } from '../api/query.js';
import { NewUserBody, RoleChangeBody } from '../openapi/request-bodies.js';
import { PAGE_SIZES, TokensQuery, UsersQuery } from '../openapi/api-queries.js';
import { addUser, changeRole, removeUser, revokeToken, type Outcome, type Refusal } from './account-rules.js';

const ERROR: Record<Refusal['status'], string> = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found' };

const refusal = (c: Context, r: Refusal) => c.json({ error: ERROR[r.status], message: r.message }, r.status);

const NOT_JSON = 'send a JSON object';

function answer<T>(c: Context, outcome: Outcome<T>, ok: (value: T) => Response): Response {
  return outcome.ok ? ok(outcome.value) : refusal(c, outcome.refusal);
}

/**
 * Users and tokens as JSON, under /api/admin: `GET|POST /users`, `PATCH|DELETE /users/:name`,
 * `GET /tokens`, `DELETE /tokens/:id`. The caller checks the admin role (and admin token scope).
 */
export function adminApi(accounts: AccountStore): Hono<AuthEnv> {
  const api = new Hono<AuthEnv>();

  // Bare arrays (as they always were): the next page, when there is one, is in the Link header.
  api.get('/users', async (c) => {
    const query = queryOf(c, UsersQuery);
    const id = { list: 'users' };
    const after = decodeCursor(query.cursor, id, ['s']);
    const { items, next } = pageOfList(await accounts.listUsers(), { id, keyOf: (u) => [u.name], order: 'asc', after, limit: query.limit ?? PAGE_SIZES.users[0] });
    linkNext(c, next);
    return c.json(items);
  });

  api.post('/users', async (c) => {
    const body = await bodyOf(c, NewUserBody, { notObject: NOT_JSON });
    return answer(c, await addUser(accounts, body), (user) => c.json(user, 201));
  });

  api.patch('/users/:name', async (c) => {
    const body = await bodyOf(c, RoleChangeBody, { notObject: NOT_JSON });
    return answer(c, await changeRole(accounts, c.get('auth')!.user, c.req.param('name'), body.role), (user) => c.json(user));
  });

  api.delete('/users/:name', async (c) => answer(c, await removeUser(accounts, c.get('auth')!.user, c.req.param('name')), (user) => c.json({ removed: user.name })));

  // Never the tokens themselves: only their SHA-256 is kept.
  api.get('/tokens', async (c) => {
    const query = queryOf(c, TokensQuery);
    const id = { list: 'tokens' };
    const after = decodeCursor(query.cursor, id, ['n']);
    const { items, next } = pageOfList(await accounts.listTokens(), { id, keyOf: (t) => [t.id], order: 'asc', after, limit: query.limit ?? PAGE_SIZES.tokens[0] });
    linkNext(c, next);
    return c.json(items);
  });

  api.delete('/tokens/:id', async (c) => answer(c, await revokeToken(accounts, c.req.param('id')), (id) => c.json({ revoked: id })));
  return api;
}
