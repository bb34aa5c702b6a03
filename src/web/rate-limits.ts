import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { rateLimiter } from 'hono-rate-limiter';
import { sha256 } from '../store/sqlite-accounts.js';
import { rateStore } from './cluster-rate-store.js';

export interface RateLimits {
  /** Login attempts that fail, per client address, per 15 minutes. */
  loginFailures: number;
  /** API requests per minute, per token (with a Bearer token) or else per client address. */
  apiPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { loginFailures: 10, apiPerMinute: 1200 };

/**
 * The limits in effect: the defaults, `WIREWATCH_API_RATE_LIMIT` (API requests per minute; 0 turns the
 * API limit off) and `WIREWATCH_LOGIN_RATE_LIMIT` (failed logins per 15 minutes).
 */
export function rateLimitsFromEnv(env = process.env): RateLimits {
  const n = (v: string | undefined, fallback: number) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback);
  return { apiPerMinute: n(env.WIREWATCH_API_RATE_LIMIT, DEFAULT_RATE_LIMITS.apiPerMinute), loginFailures: n(env.WIREWATCH_LOGIN_RATE_LIMIT, DEFAULT_RATE_LIMITS.loginFailures) };
}

/**
 * The client's address: the connection's peer, or the first `X-Forwarded-For` address when
 * WIREWATCH_TRUST_PROXY=1 says a reverse proxy in front sets it (else any client could pick its own key).
 */
export function clientAddress(c: Context): string {
  if (process.env.WIREWATCH_TRUST_PROXY === '1') {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0].trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served over a socket (in-process requests)
  }
}

const tooMany = (message: string) => (c: Context) => c.json({ error: 'too_many_requests', message }, 429);

/** 429 with Retry-After on failed logins per address and on the API per token or address. */
export function rateLimits(limits: RateLimits): { login: MiddlewareHandler; api: MiddlewareHandler } {
  const login = rateLimiter({
    windowMs: 15 * 60_000,
    limit: limits.loginFailures,
    store: rateStore('login'),
    keyGenerator: (c) => `ip:${clientAddress(c)}`,
    skip: (c) => c.req.method !== 'POST' || limits.loginFailures === 0,
    // A successful login (a redirect) does not count.
    skipSuccessfulRequests: true,
    handler: (c) => c.text('Too many failed sign-ins from this address: wait and try again.', 429),
  });
  const api = rateLimiter({
    windowMs: 60_000,
    limit: limits.apiPerMinute,
    store: rateStore('api'),
    keyGenerator: (c) => {
      const token = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
      return token ? `token:${sha256(token)}` : `ip:${clientAddress(c)}`;
    },
    skip: () => limits.apiPerMinute === 0,
    handler: tooMany('too many requests: wait for the time Retry-After gives'),
  });
  return { login, api };
}
