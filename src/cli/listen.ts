import { serve, type ServerType } from '@hono/node-server';
import { isIP } from 'node:net';
import type { Hono } from 'hono';
import { FairQueue } from '../web/fair-queue.js';

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

/** Prints where the archive is served (and warns when every interface is open). */
export function announce(opts: { host: string; db: string }, port: number, how?: string): void {
  process.stdout.write(`Wirewatch serving ${opts.db} on ${listenUrl(opts.host, port)}${how ? ` (${how})` : ''}\n`);
  if (EVERY_INTERFACE.has(opts.host)) {
    process.stdout.write(`  listening on every network interface: anyone who can reach this machine can read the archive\n`);
  }
}

/**
 * Slow clients are cut off: request headers must arrive within 10 s and a whole request within 30 s
 * (Node's defaults, 60 s and 5 min, let a few slow connections hold the server's sockets).
 */
export const SERVER_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 };

/** Serves the app on the host and port, requests taken in turn (FairQueue); says where unless told not to. */
export function listen(app: Hono, opts: { host: string; port: number; db: string }, say = true): ServerType {
  const queue = new FairQueue();
  const server = serve(
    { fetch: (req, env) => queue.run(() => app.fetch(req, env)), hostname: opts.host, port: opts.port, serverOptions: SERVER_TIMEOUTS },
    (info) => {
      if (say) announce(opts, info.port);
    },
  );
  server.on('error', (e: NodeJS.ErrnoException) => {
    const where = `${opts.host} port ${opts.port}`;
    const why = e.code === 'EADDRINUSE' ? `${where} is already in use (is another server running?)` : e.code === 'EACCES' ? `no permission to listen on ${where}` : e.code === 'EADDRNOTAVAIL' ? `${opts.host} is not an address of this machine` : `cannot listen on ${where}: ${e.message}`;
    process.stderr.write(`wirewatch: ${why}\n`);
    process.exit(1);
  });
  return server;
}
