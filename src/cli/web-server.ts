import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { openStore } from '../store/open-store.js';
import { searchOf } from '../search/attach.js';
import { createApp } from '../web/app.js';
import { serveRateCounters } from '../web/cluster-rate-store.js';
import { announce, listen } from './listen.js';

export interface WebServerOptions {
  port: number;
  host: string;
  db: string;
  private?: boolean;
  /** Worker processes serving requests; 1 serves in this process. */
  workers: number;
}

/** `--workers`, else `WIREWATCH_WORKERS`, else one per core up to four (SQLite reads scale across processes). */
export function webWorkers(flag?: string): number {
  const raw = flag ?? process.env.WIREWATCH_WORKERS;
  if (raw === undefined || raw === '') return Math.min(4, availableParallelism());
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) throw new Error(`--workers: give a whole number from 1 to 64 (got "${raw}")`);
  return Number(raw);
}

export interface WebServer {
  stop(): Promise<void>;
}

/**
 * Serves the archive. With several workers the primary process only forks them and keeps the shared
 * rate-limit counters; each worker opens the archive read-mostly and takes connections from the shared
 * port, so one slow request holds one worker, never the whole server.
 */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  if (opts.workers <= 1 || cluster.isWorker) return serveHere(opts, !cluster.isWorker);
  // Migrations run once, here, before any worker opens the archive.
  await (await openStore(opts.db)).close();
  serveRateCounters();
  const workers = new Set<Worker>();
  let stopping = false;
  let announced = false;
  let failed = false;
  const fork = () => {
    const w = cluster.fork({ WIREWATCH_WORKERS: String(opts.workers) });
    workers.add(w);
    w.on('listening', (address) => {
      if (announced) return;
      announced = true;
      announce(opts, address.port, `${opts.workers} worker processes`);
    });
    w.on('exit', (code, signal) => {
      workers.delete(w);
      if (stopping) return;
      // A worker that never listened says why on stderr (port in use, say); starting more would only repeat it.
      if (!announced) {
        if (!failed) for (const other of workers) other.process.kill('SIGTERM');
        failed = true;
        process.exitCode = 1;
        return;
      }
      process.stderr.write(`web worker ${w.process.pid} ended (${signal ?? code}); starting another\n`);
      fork();
    });
  };
  for (let i = 0; i < opts.workers; i++) fork();
  return {
    async stop() {
      stopping = true;
      const ends = [...workers].map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
      for (const w of workers) w.process.kill('SIGTERM');
      await Promise.all(ends);
    },
  };
}

async function serveHere(opts: WebServerOptions, say: boolean): Promise<WebServer> {
  const store = await openStore(opts.db);
  // Per-article metadata takes about half a second to load on a large archive: before the first visitor.
  await searchOf(store).warm?.();
  const app = createApp(store, { private: opts.private });
  const server = listen(app, opts, say);
  if (cluster.isWorker) {
    const stop = () => {
      server.close();
      void store.close().then(() => process.exit(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', () => {}); // the primary decides when workers stop
  }
  return {
    async stop() {
      server.close();
      await store.close();
    },
  };
}
