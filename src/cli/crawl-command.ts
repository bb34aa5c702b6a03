import { Crawler, describe } from '../crawl/crawler.js';
import { syncShippedSources } from '../crawl/sync.js';
import { openStore } from '../store/open-store.js';
import { oneAtATime, openPgStore, openSharedQueue, sqliteHasNoSharedQueue } from '../queue/open-queue.js';
import { isPostgresUrl } from '../store/postgres/open-postgres.js';

export async function crawlCommand(opts: { db: string; source?: string; recheckAll?: boolean; json?: boolean; enqueue?: boolean }): Promise<void> {
  if (opts.enqueue) return enqueueCrawl(opts);
  const store = await openStore(opts.db);
  const crawler = new Crawler(store, { log: (l) => process.stderr.write(`${l}\n`) });
  try {
    const sync = await syncShippedSources(store);
    for (const e of sync.errors) process.stderr.write(`${e.message}\n`);
    const summary = await crawler.runPass({ source: opts.source, recheckAll: opts.recheckAll, listings: 'all' });
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      for (const s of summary.sources) process.stdout.write(`${describe(s)}\n`);
      process.stdout.write(`${summary.fetches} requests in ${summary.seconds.toFixed(1)}s\n`);
    }
  } finally {
    await crawler.close();
    await store.close();
  }
}

/** `crawl --enqueue`: a crawl of the sources (or one) on the shared queue now; the workers do it. */
async function enqueueCrawl(opts: { db: string; source?: string; recheckAll?: boolean }): Promise<void> {
  if (opts.recheckAll) throw new Error('--recheck-all runs in a crawl here, not on the queue: leave out --enqueue');
  if (!isPostgresUrl(opts.db)) throw sqliteHasNoSharedQueue('crawl --enqueue');
  const { queue, sources } = await oneAtATime(opts.db, async () => {
    const store = await openPgStore(opts.db);
    const sources = await store.crawl.crawlSources().finally(() => store.close());
    return { queue: (await openSharedQueue(opts.db))!, sources };
  });
  try {
    if (opts.source && !sources.some((s) => s.slug === opts.source)) throw new Error(`no source '${opts.source}' in this archive`);
    await queue.enqueueCrawl({ source: opts.source });
    process.stdout.write(`crawl of ${opts.source ?? 'the enabled sources'} queued; workers take it now (queue: /api/admin/queue)\n`);
  } finally {
    await queue.close();
  }
}
