import cluster from 'node:cluster';
import { startWebServer, type WebServerOptions } from './web-server.js';

export async function serveCommand(opts: WebServerOptions): Promise<void> {
  const web = await startWebServer(opts);
  if (cluster.isWorker) return; // a worker stops when its primary says so
  const stop = () => void web.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
