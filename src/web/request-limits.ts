import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * The largest request body taken (forms, API writes): 1 MiB, or `WIREWATCH_MAX_BODY_BYTES`. Nothing the
 * archive accepts over HTTP comes near it (a sign-in, a candidate's name, a source's settings); the limit
 * stops a client from making the server hold a large upload in memory. Counted as the body streams in, so
 * a body without a Content-Length is cut off at the limit too.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function maxBodyBytes(env = process.env): number {
  const v = env.WIREWATCH_MAX_BODY_BYTES;
  return v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : DEFAULT_MAX_BODY_BYTES;
}

export function requestBodyLimit(maxSize = maxBodyBytes()): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize,
    onError: (c) => c.json({ error: 'payload_too_large', message: `request body larger than ${maxSize} bytes` }, 413),
  });
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
}
