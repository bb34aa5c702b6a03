import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { CSS } from './styles.js';

export const STYLESHEET_PATH = '/static/wirewatch.css';
const VERSION = createHash('sha256').update(CSS).digest('hex').slice(0, 12);

/** The address pages link to: it names the stylesheet's content, so a browser may keep it for a year and still see every change. */
export const STYLESHEET_HREF = `${STYLESHEET_PATH}?v=${VERSION}`;

/** The pages' one stylesheet, served rather than inlined so the Content-Security-Policy needs no inline styles. */
export function serveStylesheet(c: Context): Response {
  const current = c.req.query('v') === VERSION;
  return c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': current ? 'public, max-age=31536000, immutable' : 'no-cache' });
}
