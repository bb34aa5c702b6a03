import { Hono } from 'hono';
import { enqueueCrawlOn, queueStatusOf } from '../../queue/queue-status.js';
import type { Store } from '../../store/store.js';
import { requireRole } from '../auth.js';
import type { AuthEnv } from '../session-ui.js';
import { bodyOf } from '../api/query.js';
import { QueueCrawlBody } from '../openapi/request-bodies.js';

/**
 * The crawl queue for admins: `GET /api/admin/queue` (depth by task, scheduled, running, failed jobs
 * with their errors, worker heartbeats, hosts held back) and `POST /api/admin/queue/crawl`
 * (`{"source"?}`: a crawl now, on PostgreSQL's shared queue).
 */
export function queueRoutes(store: Store): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  for (const path of ['/api/admin/queue', '/api/admin/queue/*']) app.use(path, requireRole('admin'));

  app.get('/api/admin/queue', async (c) => c.json(await queueStatusOf(store)));

  app.post('/api/admin/queue/crawl', async (c) => {
    const { source } = await bodyOf(c, QueueCrawlBody, { notObject: 'send a JSON object {source?}, or nothing', absentIs: {} });
    if (source && !(await store.crawl.crawlSources()).some((s) => s.slug === source)) return c.json({ error: 'not_found', message: `no source '${source}' in this archive` }, 404);
    if (!(await enqueueCrawlOn(store, source))) {
      return c.json({ error: 'conflict', message: 'this archive is SQLite: its crawler runs inside `wirewatch start` (or run `wirewatch crawl` now)' }, 409);
    }
    return c.json({ queued: source ?? 'enabled sources' }, 202);
  });
  return app;
}
