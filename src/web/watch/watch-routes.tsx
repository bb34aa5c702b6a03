import { Hono, type Context } from 'hono';
import { alertsOf } from '../../alerts/attach.js';
import { savedSearchFeedUrls } from '../../alerts/json.js';
import { SavedSearchError, type SavedSearch } from '../../alerts/saved-searches.js';
import { LEVEL } from '../../store/accounts.js';
import type { Store } from '../../store/store.js';
import { ownOrigin, requireRole, type AuthEnv } from '../auth.js';
import { NotFoundPage } from '../pages/not-found.js';
import { parseId } from '../params.js';
import { draftFromForm, inputOfDraft } from './watch-form.js';
import { WatchPage, type WatchPageProps } from './watch-page.js';

type Ctx = Context<AuthEnv>;

const MATCHES_SHOWN = 5;
const DELIVERIES_SHOWN = 10;

/** What the last form did, said once on the page it led back to. */
const DONE = {
  saved: (name: string) => `Saved “${name}”.`,
  deleted: (name: string) => `Deleted “${name}”.`,
  resumed: (name: string) => `Resumed the webhook of “${name}”: the alerts that waited go out now.`,
};

/**
 * /watch: a signed-in user's saved searches (an admin's: everyone's, as in /api/saved-searches) and the
 * forms that save, delete and resume them. The auth middleware already holds every POST to an editor,
 * this origin and the session's CSRF token.
 */
export function watchRoutes(store: Store): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const alerts = () => alertsOf(store);
  const isAdmin = (c: Ctx) => c.get('auth')!.level >= LEVEL.admin;
  const visible = (c: Ctx, s: SavedSearch | null) => (s && (isAdmin(c) || s.ownerUserId === c.get('auth')!.user.id) ? s : null);
  for (const path of ['/watch', '/watch/*']) app.use(path, requireRole('reader'));

  const page = async (c: Ctx, extra: Partial<WatchPageProps> = {}, status: 200 | 400 = 200) => {
    const all = isAdmin(c);
    const names = all ? new Map((await store.accounts.listUsers()).map((u) => [u.id, u.name])) : null;
    const list = all ? await alerts().searches.list() : await alerts().searches.list(c.get('auth')!.user.id);
    const items = [];
    for (const s of list) {
      items.push({
        search: s,
        owner: s.ownerUserId === null ? null : (names?.get(s.ownerUserId) ?? `user ${s.ownerUserId}`),
        matches: await alerts().matches(s.id, MATCHES_SHOWN),
        deliveries: await alerts().deliveries(s.id, DELIVERIES_SHOWN),
        feed: savedSearchFeedUrls(s, ownOrigin(c)),
      });
    }
    return c.html(<WatchPage items={items} all={all} canEdit={c.get('auth')!.level >= LEVEL.editor} {...extra} />, status);
  };
  /** After a form: back to the page, which says what was done (the URL carries the name, never a sentence). */
  const back = (c: Ctx, done: keyof typeof DONE, name: string) => c.redirect(`/watch?${new URLSearchParams({ [done]: name })}`, 303);
  const gone = (c: Ctx) => c.html(<NotFoundPage what="There is no such saved search, or it is not yours." />, 404);
  const target = async (c: Ctx) => visible(c, await alerts().searches.get(parseId(c.req.param('id')) ?? 0));

  app.get('/watch', (c) => {
    const done = (Object.keys(DONE) as (keyof typeof DONE)[]).find((k) => c.req.query(k));
    return page(c, { notice: done ? DONE[done](c.req.query(done)!.slice(0, 200)) : undefined });
  });

  app.post('/watch', async (c) => {
    const draft = draftFromForm(await c.req.parseBody());
    let s: SavedSearch;
    try {
      s = await alerts().searches.create(inputOfDraft(draft), c.get('auth')!.user.id);
    } catch (e) {
      if (e instanceof SavedSearchError) return page(c, { error: `Not saved: ${e.message}.`, draft }, 400);
      throw e;
    }
    // The secret is shown on this answer only: a redirect would have to carry it in a URL.
    if (s.secret) return page(c, { notice: DONE.saved(s.name), secret: { name: s.name, secret: s.secret } });
    return back(c, 'saved', s.name);
  });

  app.post('/watch/:id/delete', async (c) => {
    const s = await target(c);
    if (!s) return gone(c);
    await alerts().searches.remove(s.id);
    return back(c, 'deleted', s.name);
  });

  // Saving a search again resumes its paused webhook (SavedSearches.update); nothing else changes.
  app.post('/watch/:id/resume', async (c) => {
    const s = await target(c);
    if (!s) return gone(c);
    await alerts().searches.update(s.id, {});
    return back(c, 'resumed', s.name);
  });
  return app;
}
