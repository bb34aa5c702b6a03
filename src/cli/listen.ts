import { serve, type ServerType } from '@hono/node-server';
import { isIP } from 'node:net';
import type { Hono } from 'hono';

/** Loopback unless told otherwise: an archive is reachable from other machines only on purpose. */
export const DEFAULT_HOST = '127.0.0.1';

/** The address to listen on: `--host`, else `WIREWATCH_HOST`, else loopback. */
export function listenHost(flag?: string): string {
  const host = (flag ?? (process.env.WIREWATCH_HOST || DEFAULT_HOST)).trim();
  if (!host) throw new Error('--host: give an address (127.0.0.1, ::1, 0.0.0.0, a host name)');
  return host;
}

/** The URL to print for an address (IPv6 in brackets; every-interface addresses named as such). */
export function listenUrl(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

const EVERY_INTERFACE = new Set(['0.0.0.0', '::', '[::]']);

/** Serves the app on the host and port, saying where; warns when every interface is open. */
export function listen(app: Hono, opts: { host: string; port: number; db: string }): ServerType {
  return serve({ fetch: app.fetch, hostname: opts.host, port: opts.port }, (info) => {
    process.stdout.write(`Wirewatch serving ${opts.db} on ${listenUrl(opts.host, info.port)}\n`);
    if (EVERY_INTERFACE.has(opts.host)) {
      process.stdout.write(`  listening on every network interface: anyone who can reach this machine can read the archive\n`);
    }
  });
}
