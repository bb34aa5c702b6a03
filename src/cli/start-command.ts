import { InProcessCrawlQueue } from '../queue/in-process-queue.js';
import { isPostgresUrl } from '../store/postgres/open-postgres.js';
import { syncShippedSources } from '../crawl/sync.js';
import { openStore } from '../store/open-store.js';
import cluster from 'node:cluster';
import { listenUrl } from './listen.js';
import { startWebServer, type WebServerOptions } from './web-server.js';
import { AlertDelivery } from '../alerts/deliver.js';

/** The web server and the crawler in one process on one archive. */
export async function startCommand(opts: WebServerOptions & { crawl: boolean }): Promise<void> {
  const web = await startWebServer(opts);
  // Web workers only serve; the crawler runs once, in the primary process.
  if (cluster.isWorker) return;
  const store = await openStore(opts.db);
  // On PostgreSQL, `wirewatch worker` processes crawl and send alerts from the shared queue: this one serves.
  const shared = isPostgresUrl(opts.db);
  let crawler: InProcessCrawlQueue | null = null;
  let running: Promise<void> = Promise.resolve();
  if (opts.crawl) {
    const sync = await syncShippedSources(store);
    for (const e of sync.errors) process.stderr.write(`${e.message}\n`);
    if (sync.created.length) process.stdout.write(`sources enabled on first run: ${sync.created.join(', ')}\n`);
    if (shared) process.stdout.write(`crawling runs in \`wirewatch worker\` processes on this archive's queue; queue at ${listenUrl(opts.host, opts.port)}/health\n`);
    else {
      crawler = new InProcessCrawlQueue(store, (l) => process.stdout.write(`[crawl] ${l}\n`));
      process.stdout.write(`crawler running; source health at ${listenUrl(opts.host, opts.port)}/health\n`);
      running = crawler.run().catch((e: unknown) => {
        process.stderr.write(`crawler stopped: ${(e as Error).stack}\n`);
      });
    }
  }
  // Saved searches' alerts go out from the outbox continuously (one sender: the primary process).
  const delivery = shared ? null : new AlertDelivery(store, { log: (l) => process.stderr.write(`[alerts] ${l}\n`) });
  const delivering = delivery?.runForever();
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    crawler?.stop();
    delivery?.stop();
    const closed = web.stop();
    // In-flight fetches may take long on slow hosts: give the crawler a moment, then leave.
    const timer = setTimeout(() => process.exit(0), 3000);
    void running
      .then(() => delivering)
      .then(() => crawler?.close())
      .then(() => closed)
      .then(() => store.close())
      .then(() => {
        clearTimeout(timer);
        process.exit(0);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
