import { Hono, type Context } from 'hono';
import { alertsOf } from '../../alerts/attach.js';
import { savedSearchJson } from '../../alerts/json.js';
import { SavedSearchError, type SavedSearch } from '../../alerts/saved-searches.js';
import { LEVEL } from '../../store/accounts.js';
import type { Store } from '../../store/store.js';
import { ownOrigin, type AuthEnv } from '../auth.js';
import { parseId } from '../params.js';
import { deliveryLog } from '../../alerts/delivery-log.js';
import { decodeCursor, linkNext, pageFrom } from './cursor.js';
import { bodyOf, queryOf } from './query.js';
import { SavedSearchInputSchema, SavedSearchPatchSchema } from '../openapi/schemas.js';
import { DeliveriesQuery, PAGE_SIZES, SavedSearchesQuery } from '../openapi/api-queries.js';

/**
 * /api/saved-searches: a user sees and edits his own saved searches, an admin every one (those made on
 * the CLI belong to the installation: admins only). Writes already need the editor role (auth middleware).
 */
export function savedSearchApi(store: Store): Hono<AuthEnv> {
  const api = new Hono<AuthEnv>();
  const searches = () => alertsOf(store).searches;
  const isAdmin = (c: Context<AuthEnv>) => (c.get('auth')?.level ?? 0) >= LEVEL.admin;
  const visible = (c: Context<AuthEnv>, s: SavedSearch | null) => (s && (isAdmin(c) || s.ownerUserId === c.get('auth')?.user.id) ? s : null);
  const notFound = (c: Context<AuthEnv>) => c.json({ error: 'not_found', message: `no saved search ${c.req.param('id')}` }, 404);
  // Whoever may see a saved search may edit it: its secret and feed addresses go along.
  const json = (c: Context<AuthEnv>, s: SavedSearch) => savedSearchJson(s, { secret: true, feedOrigin: ownOrigin(c) });
  const bad = (c: Context<AuthEnv>, message: string) => c.json({ error: 'bad_request', message }, 400);

  api.use('/saved-searches', async (c, next) => (c.get('auth') ? next() : c.json({ error: 'unauthorized', message: 'sign in or give a token' }, 401)));
  api.use('/saved-searches/*', async (c, next) => (c.get('auth') ? next() : c.json({ error: 'unauthorized', message: 'sign in or give a token' }, 401)));

  api.get('/saved-searches', async (c) => {
    const query = queryOf(c, SavedSearchesQuery);
    const limit = query.limit ?? PAGE_SIZES.savedSearches[0];
    // Each user walks his own list: an admin's cursor is not another user's.
    const id = { list: 'saved-searches', filter: isAdmin(c) ? 'all' : `user ${c.get('auth')!.user.id}` };
    const after = decodeCursor(query.cursor, id, ['n']);
    const page = { afterId: after ? (after[0] as number) : undefined, limit: limit + 1 };
    const rows = isAdmin(c) ? await searches().list(undefined, page) : await searches().list(c.get('auth')!.user.id, page);
    const { items, next } = pageFrom(rows, limit, id, (s) => [s.id]);
    linkNext(c, next);
    return c.json({ items: items.map((s) => json(c, s)), ...(next ? { next_cursor: next } : {}) });
  });

  api.post('/saved-searches', async (c) => {
    const input = await bodyOf(c, SavedSearchInputSchema, { notObject: 'give a JSON object {name, query, notify?, webhook?, email?, emailMode?}' });
    try {
      const s = await searches().create(input, c.get('auth')!.user.id);
      return c.json(json(c, s), 201);
    } catch (e) {
      if (e instanceof SavedSearchError) return bad(c, e.message);
      throw e;
    }
  });

  api.get('/saved-searches/:id', async (c) => {
    const s = visible(c, await searches().get(parseId(c.req.param('id')) ?? 0));
    return s ? c.json(json(c, s)) : notFound(c);
  });

  api.patch('/saved-searches/:id', async (c) => {
    const s = visible(c, await searches().get(parseId(c.req.param('id')) ?? 0));
    if (!s) return notFound(c);
    const patch = await bodyOf(c, SavedSearchPatchSchema, { notObject: 'give a JSON object with the fields to change' });
    try {
      return c.json(json(c, (await searches().update(s.id, patch))!));
    } catch (e) {
      if (e instanceof SavedSearchError) return bad(c, e.message);
      throw e;
    }
  });

  api.delete('/saved-searches/:id', async (c) => {
    const s = visible(c, await searches().get(parseId(c.req.param('id')) ?? 0));
    if (!s) return notFound(c);
    await searches().remove(s.id);
    return c.body(null, 204);
  });

  api.get('/saved-searches/:id/deliveries', async (c) => {
    const s = visible(c, await searches().get(parseId(c.req.param('id')) ?? 0));
    if (!s) return notFound(c);
    const query = queryOf(c, DeliveriesQuery);
    const limit = query.limit ?? PAGE_SIZES.deliveries[0];
    const id = { list: 'deliveries', filter: String(s.id) };
    const after = decodeCursor(query.cursor, id, ['n']);
    const rows = await deliveryLog(alertsOf(store).db, s.id, limit + 1, after ? (after[0] as number) : undefined);
    const { items, next } = pageFrom(rows, limit, id, (d) => [d.id]);
    linkNext(c, next);
    return c.json({ items, ...(next ? { next_cursor: next } : {}) });
  });
  return api;
}
