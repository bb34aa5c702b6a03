import type { MiddlewareHandler } from 'hono';

/**
 * The Content-Security-Policy every response carries. Scripts only from this server (no inline script,
 * no eval); styles only from this server's stylesheets (no <style> element, no style attribute: bar
 * lengths are classes; the chart's script sets styles through the DOM, which the policy does not govern).
 * Images from this server or `data:`; no plugins, no <base>, forms post only here, never framed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/** Sets the security headers on every response: pages, API, exports, static files, errors. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    try {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
    } catch {
      // A response with immutable headers: copy it into one that can take them.
      const res = new Response(c.res.body, c.res);
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
      c.res = res;
    }
  };
}
