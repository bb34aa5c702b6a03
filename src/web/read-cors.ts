import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** What a script on another site reads besides the body: Memento's links and dates, a download's file name, paging. */
const EXPOSED = ['Link', 'Memento-Datetime', 'Content-Disposition', 'Vary', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];

/**
 * CORS for reading: any site's scripts (notebooks, Memento clients, dashboards) may GET the JSON API,
 * feeds and Memento answers. Writes get no CORS headers, so a browser never lets another site send
 * them; no credentials either (`Access-Control-Allow-Origin: *`), so a private archive's cookies never
 * travel with such a read — scripts present a token.
 */
export function readCors(): MiddlewareHandler {
  const allow = cors({ origin: '*', allowMethods: ['GET', 'HEAD'], allowHeaders: ['Authorization', 'Accept', 'Accept-Datetime'], exposeHeaders: EXPOSED, maxAge: 86400 });
  return async (c, next) => {
    const m = c.req.method;
    if (m === 'GET' || m === 'HEAD') return allow(c, next);
    // A preflight: answered for reads only (a write's preflight gets no permission, and the browser stops).
    if (m === 'OPTIONS') {
      const wanted = (c.req.header('access-control-request-method') ?? '').toUpperCase();
      if (wanted === 'GET' || wanted === 'HEAD') return allow(c, next);
      return c.body(null, 204);
    }
    return next();
  };
}
