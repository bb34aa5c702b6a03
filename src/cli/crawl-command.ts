import { Crawler, describe } from '../crawl/crawler.js';
import { syncShippedSources } from '../crawl/sync.js';
import { openStore } from '../store/open-store.js';

export async function crawlCommand(opts: { db: string; source?: string; recheckAll?: boolean; json?: boolean }): Promise<void> {
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
