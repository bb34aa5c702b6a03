import { Hono } from 'hono';
import { entitiesOf } from '../../entities/attach.js';
import type { Store } from '../../store/store.js';
import { NotFoundPage } from '../pages/not-found.js';

// Undoing review. Every non-GET request reaches these only from an editor (or a write-scope token),
// from this site, with the session's CSRF token: the auth middleware checks that first.

/** `DELETE /api/entities/:id` (a name accepted here) and `POST /api/entities/candidates/:name/restore` (a rejected name). */
export function undoReviewApi(store: Store): Hono {
  const api = new Hono();
  const index = () => entitiesOf(store);

  api.delete('/entities/:id', async (c) => {
    const id = c.req.param('id');
    const name = await index().addedName(id);
    if (!name || !(await index().remove(id))) return c.json({ error: 'not_found', message: `${id} is not a name added to this archive's gazetteer` }, 404);
    return c.json({ removed: id, name });
  });

  api.post('/entities/candidates/:name/restore', async (c) => {
    const name = c.req.param('name');
    if (!(await index().restore(name))) return c.json({ error: 'not_found', message: `${name} is not a rejected name` }, 404);
    return c.json({ restored: name });
  });
  return api;
}

/** `POST /entities/:id/remove`: the entity page's form for a name accepted into this archive's gazetteer. */
export function undoReviewPages(store: Store): Hono {
  const app = new Hono();
  const index = () => entitiesOf(store);

  app.post('/entities/:id/remove', async (c) => {
    const id = c.req.param('id');
    const name = await index().addedName(id);
    if (!name || !(await index().remove(id))) return c.html(<NotFoundPage what={`${id} is not a name added to this archive's gazetteer.`} />, 404);
    // Its mentions are gone and it waits on the review list again: that is where the notice is read.
    return c.redirect(`/entities/candidates?removed=${encodeURIComponent(name)}`, 303);
  });
  return app;
}
