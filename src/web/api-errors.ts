import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The JSON API answers every error in one shape: `{error, message, position?}` (position: where a query went wrong). */
export interface ApiError {
  error: string;
  message: string;
  position?: number;
  /** The query parameter at fault (a cursor of another list, a limit out of range). */
  parameter?: string;
}

const NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  429: 'too_many_requests',
  500: 'internal',
  503: 'unavailable',
};

export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

export function apiError(c: Context, status: ContentfulStatusCode, message: string, error = NAMES[status] ?? `http_${status}`): Response {
  return c.json({ error, message } satisfies ApiError, status);
}
