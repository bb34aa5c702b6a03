/** What the crawl queue holds and who works on it: for /health and GET /api/admin/queue. */
export interface QueueStatus {
  /** `in-process`: the SQLite default, one crawler inside `wirewatch start`; `postgres`: graphile-worker jobs shared by `wirewatch worker` processes. */
  kind: 'in-process' | 'postgres';
  /** Jobs waiting to run now (or due), by task. */
  waiting: Record<string, number>;
  /** Jobs scheduled for later (retries, hosts pushed out by Retry-After). */
  scheduled: number;
  /** Jobs running now. */
  running: number;
  /** Jobs that failed at least once and wait for a retry, and jobs out of attempts. */
  failed: { retrying: number; permanent: number; latest: { task: string; error: string; at: string }[] };
  workers: WorkerHeartbeat[];
  /** Hosts whose next request is held back (interval or Retry-After), soonest first. */
  hosts: { host: string; nextAllowedAt: string; busy: boolean; pushedUntil: string | null; requests: number }[];
}

export interface WorkerHeartbeat {
  id: string;
  hostname: string;
  pid: number;
  concurrency: number;
  startedAt: string;
  seenAt: string;
  /** No heartbeat for longer than the dead-worker timeout: its jobs go back to the queue. */
  alive: boolean;
  jobsDone: number;
  jobsFailed: number;
}

/**
 * Crawling behind one interface: SQLite keeps its in-process scheduler, PostgreSQL shares graphile-worker
 * jobs between any number of worker processes.
 */
export interface CrawlQueue {
  readonly kind: QueueStatus['kind'];
  /** Puts a crawl of the enabled sources (or one source, enabled or not) on the queue now and returns. */
  enqueueCrawl(o?: { source?: string }): Promise<void>;
  /** Works on the queue until `stop()`; resolves when the work in hand is done. */
  run(): Promise<void>;
  stop(): void;
  status(): Promise<QueueStatus>;
  close(): Promise<void>;
}
