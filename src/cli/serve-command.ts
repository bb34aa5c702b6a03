import { createApp } from '../web/app.js';
import { openStore } from '../store/open-store.js';
import { listen } from './listen.js';

export async function serveCommand(opts: { port: number; host: string; db: string; private?: boolean }): Promise<void> {
  const store = await openStore(opts.db);
  const app = createApp(store, { private: opts.private });
  const server = listen(app, opts);
  const stop = () => {
    server.close();
    void store.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
