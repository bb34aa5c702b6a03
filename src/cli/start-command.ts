import { Crawler } from '../crawl/crawler.js';
import { syncShippedSources } from '../crawl/sync.js';
import { openStore } from '../store/open-store.js';
import { createApp } from '../web/app.js';
import { listen, listenUrl } from './listen.js';

/** The web server and the crawler in one process on one archive. */
export async function startCommand(opts: { port: number; host: string; db: string; crawl: boolean; private?: boolean }): Promise<void> {
  const store = await openStore(opts.db);
  const app = createApp(store, { private: opts.private });
  const server = listen(app, opts);
  let crawler: Crawler | null = null;
  let running: Promise<void> = Promise.resolve();
  if (opts.crawl) {
    const sync = await syncShippedSources(store);
    for (const e of sync.errors) process.stderr.write(`${e.message}\n`);
    if (sync.created.length) process.stdout.write(`sources enabled on first run: ${sync.created.join(', ')}\n`);
    crawler = new Crawler(store, { log: (l) => process.stdout.write(`[crawl] ${l}\n`) });
    process.stdout.write(`crawler running; source health at ${listenUrl(opts.host, opts.port)}/health\n`);
    running = crawler.runForever().catch((e: unknown) => {
      process.stderr.write(`crawler stopped: ${(e as Error).stack}\n`);
    });
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    crawler?.stop();
    server.close();
    // In-flight fetches may take long on slow hosts: give the crawler a moment, then leave.
    const timer = setTimeout(() => process.exit(0), 3000);
    void running
      .then(() => crawler?.close())
      .then(() => store.close())
      .then(() => {
        clearTimeout(timer);
        process.exit(0);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
