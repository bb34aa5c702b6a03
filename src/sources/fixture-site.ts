import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBody, startTestServer, type TestServer } from '../fetch/test-server.js';

export const SITES_DIR = fileURLToPath(new URL('../../testdata/sites', import.meta.url));

interface Route {
  file: string;
  contentType?: string;
  setCookie?: string;
  requireCookie?: string;
  requireForm?: Record<string, string>;
}

/**
 * Serves `testdata/sites/<slug>/` on 127.0.0.1 as the outlet would: `routes.json` maps a request
 * (`/path?query`, or `POST /path field=value` for form posts) to a file.
 */
export async function serveFixtureSite(slug: string): Promise<TestServer> {
  const dir = join(SITES_DIR, slug);
  const routes = JSON.parse(readFileSync(join(dir, 'routes.json'), 'utf8')) as Record<string, Route>;
  return startTestServer(async (req, res) => {
    const url = req.url ?? '/';
    let route: Route | undefined;
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      for (const [key, r] of Object.entries(routes)) {
        const [method, path, ...pairs] = key.split(' ');
        if (method !== 'POST' || path !== url) continue;
        if (pairs.every((p) => form.get(p.split('=')[0]) === p.split('=')[1])) {
          const missingForm = Object.entries(r.requireForm ?? {}).some(([k, v]) => form.get(k) !== v);
          const missingCookie = r.requireCookie && !(req.headers.cookie ?? '').includes(r.requireCookie);
          if (missingForm || missingCookie) {
            res.writeHead(403, { 'content-type': 'text/plain' });
            return void res.end('session or token missing');
          }
          route = r;
          break;
        }
      }
    } else route = routes[url];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return void res.end('<html><body>Not Found</body></html>');
    }
    const type = route.contentType ?? (route.file.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8');
    const headers: Record<string, string> = { 'content-type': type };
    if (route.setCookie) headers['set-cookie'] = route.setCookie;
    res.writeHead(200, headers);
    res.end(readFileSync(join(dir, route.file)));
  });
}

/** A shipped source pointed at a local replay of its site: every URL on its hosts moves to `origin`. */
export function rebaseSource(def: unknown, origins: string[], origin: string): unknown {
  let text = JSON.stringify(def);
  for (const o of origins) text = text.replaceAll(o, origin);
  const moved = JSON.parse(text) as { politeness?: Record<string, unknown> };
  moved.politeness = { ...moved.politeness, allowPrivate: true, minIntervalMs: 0 };
  return moved;
}
