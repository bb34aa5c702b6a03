import { isPostgresUrl, redactUrl } from '../store/postgres/open-postgres.js';
import { oneAtATime, openPgStore, sqliteHasNoSharedQueue } from '../queue/open-queue.js';
import { PgCrawlQueue } from '../queue/pg/pg-crawl-queue.js';
import type { Store } from '../store/store.js';

/** `wirewatch worker`: takes crawl jobs from the PostgreSQL archive's queue until stopped (SIGINT/SIGTERM finish the jobs in hand). */
export async function workerCommand(opts: { db: string; concurrency: number; schedule: boolean }): Promise<void> {
  if (!isPostgresUrl(opts.db)) throw sqliteHasNoSharedQueue('wirewatch worker');
  const log = (l: string) => process.stderr.write(`[worker] ${l}\n`);
  const { store, queue } = await oneAtATime(opts.db, async () => {
    const store = await openPgStore(opts.db);
    return { store, queue: await PgCrawlQueue.open(opts.db, { log, concurrency: opts.concurrency, schedule: opts.schedule, deliverAlerts: alertSender(store, log) }) };
  });
  const stop = () => queue.stop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`worker on ${redactUrl(opts.db)} (queue schema ${queue.schema}), ${opts.concurrency} jobs at once${opts.schedule ? '' : ', no schedule'}\n`);
  try {
    await queue.run(store);
  } finally {
    await queue.close();
    await store.close();
  }
}

/** The `deliver` task: the alerts outbox, through the same delivery code as `wirewatch start`. */
function alertSender(store: Store, log: (line: string) => void): () => Promise<void> {
  let unavailable = false;
  return async () => {
    if (unavailable) return;
    const { AlertDelivery } = await import('../alerts/deliver.js');
    let delivery: InstanceType<typeof AlertDelivery>;
    try {
      delivery = new AlertDelivery(store, { log: (l) => log(`alerts: ${l}`) });
    } catch (e) {
      // This archive's alerts are not attached to the store here: nothing for this worker to send.
      unavailable = true;
      log(`alerts: not delivered by this worker (${(e as Error).message})`);
      return;
    }
    try {
      await delivery.runOnce();
    } finally {
      delivery.stop();
    }
  };
}
