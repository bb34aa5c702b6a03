import { Crawler, describe } from '../crawl/crawler.js';
import type { Store } from '../store/store.js';
import type { CrawlQueue, QueueStatus } from './crawl-queue.js';
import { inProcessQueueStatus } from './queue-status.js';

/**
 * The SQLite default: the crawler's own loop in this process (`Crawler.runForever`), unchanged. A crawl
 * put on it now runs as a pass beside the loop.
 */
export class InProcessCrawlQueue implements CrawlQueue {
  readonly kind = 'in-process' as const;
  readonly crawler: Crawler;
  private readonly extra = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly log: (line: string) => void,
  ) {
    this.crawler = new Crawler(store, { log });
  }

  async enqueueCrawl(o: { source?: string } = {}): Promise<void> {
    const pass = this.crawler
      .runPass({ source: o.source, listings: 'all' })
      .then((r) => r.sources.forEach((s) => this.log(describe(s))))
      .catch((e: unknown) => this.log(`crawl failed: ${(e as Error).message}`))
      .finally(() => this.extra.delete(pass));
    this.extra.add(pass);
  }

  async run(): Promise<void> {
    await this.crawler.runForever();
    await Promise.all(this.extra);
  }

  stop(): void {
    this.crawler.stop();
  }

  async status(): Promise<QueueStatus> {
    const status = await inProcessQueueStatus(this.store);
    return { ...status, running: this.extra.size };
  }

  async close(): Promise<void> {
    await this.crawler.close();
  }
}
