import { serve } from '@hono/node-server';
import { createApp } from '../web/app.js';
import { openStore } from '../store/open-store.js';

export async function serveCommand(opts: { port: number; db: string }): Promise<void> {
  const store = await openStore(opts.db);
  const app = createApp(store);
  const server = serve({ fetch: app.fetch, port: opts.port }, (info) => {
    process.stdout.write(`Wirewatch serving ${opts.db} on http://localhost:${info.port}\n`);
  });
  const stop = () => {
    server.close();
    void store.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
