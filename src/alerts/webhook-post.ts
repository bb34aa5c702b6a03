import { isIP } from 'node:net';
import { Agent, fetch } from 'undici';
import { guardedLookup, isPrivateAddress, SsrfError } from '../fetch/ssrf.js';

/**
 * Editors set webhook addresses, so a webhook must not become a way to reach this machine's or its
 * network's private services: the same guard as the crawler's (every special-purpose address refused,
 * checked on the address actually connected to). `WIREWATCH_WEBHOOK_ALLOW_PRIVATE=1` allows them, for a
 * receiver on the same machine or network.
 */
export function webhooksMayBePrivate(env = process.env): boolean {
  return env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE === '1';
}

/** Why a webhook address is refused (not http(s), or a private address given literally), or null. */
export function webhookAddressProblem(url: string, allowPrivate = webhooksMayBePrivate()): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `not a URL: ${url}`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `a webhook must be http or https: ${url}`;
  const literal = u.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(literal) && isPrivateAddress(literal)) return new SsrfError(u.hostname, literal, 'set WIREWATCH_WEBHOOK_ALLOW_PRIVATE=1 to send webhooks there').message;
  return null;
}

const agents = new Map<boolean, Agent>();

/** POSTs a webhook through the guard; redirects are not followed. */
export async function postWebhook(url: string, init: { headers: Record<string, string>; body: string; timeoutMs: number }): Promise<{ status: number }> {
  const allowPrivate = webhooksMayBePrivate();
  const problem = webhookAddressProblem(url, allowPrivate);
  if (problem) throw new Error(problem);
  let agent = agents.get(allowPrivate);
  if (!agent) agents.set(allowPrivate, (agent = new Agent({ connect: { lookup: guardedLookup(allowPrivate) } })));
  const res = await fetch(url, { method: 'POST', headers: init.headers, body: init.body, redirect: 'manual', dispatcher: agent, signal: AbortSignal.timeout(init.timeoutMs) });
  await res.body?.cancel();
  return { status: res.status };
}
