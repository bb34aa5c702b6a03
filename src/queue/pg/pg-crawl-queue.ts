import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger, makeWorkerUtils, run, type LogFunctionFactory, type Runner, type WorkerEvents, type WorkerUtils } from 'graphile-worker';
import { sql, type Kysely } from 'kysely';
import { Crawler } from '../../crawl/crawler.js';
import { openPostgres } from '../../store/postgres/open-postgres.js';
import type { Store } from '../../store/store.js';
import type { CrawlQueue, QueueStatus } from '../crawl-queue.js';
import { Heartbeat, heartbeatTiming, type HeartbeatTiming } from './heartbeats.js';
import { GatedFetcher, HostGate } from './host-gate.js';
import { queueSchemaFor } from './queue-schema.js';
import { PgSharedRobots } from './shared-robots.js';
import { pgQueueStatus } from './queue-status.js';
import { crawlTasks } from './tasks.js';

/**
 * The schedule every worker process carries; graphile-worker runs each line once per minute across all
 * of them (its `known_crontabs` row is the lock). The schedule task polls the listings that are due
 * and queues the due article fetches and rechecks; deliver sends the alerts outbox.
 */
export const CRONTAB = ['* * * * * crawl-schedule ?jobKey=crawl-schedule&max=1', '* * * * * deliver ?jobKey=deliver&max=1'].join('\n');

export interface PgQueueOptions {
  log?: (line: string) => void;
  /** Jobs this process runs at once. */
  concurrency?: number;
  /** Run the crontab (the periodic schedule); off for a worker that only takes jobs. */
  schedule?: boolean;
  timing?: HeartbeatTiming;
  /** Overrides every source's politeness (benchmarks). */
  politeness?: { minIntervalMs?: number; allowPrivate?: boolean };
  /** Sends the alerts outbox (the `deliver` task); null when this archive cannot yet. */
  deliverAlerts?: (() => Promise<void>) | null;
}

/** Crawling shared by any number of `wirewatch worker` processes through graphile-worker on the archive's PostgreSQL. */
export class PgCrawlQueue implements CrawlQueue {
  readonly kind = 'postgres' as const;
  private runner: Runner | null = null;
  private stopping = false;
  private readonly log: (line: string) => void;

  private constructor(
    private readonly url: string,
    readonly schema: string,
    readonly db: Kysely<any>,
    private readonly utils: WorkerUtils,
    private readonly opts: PgQueueOptions,
  ) {
    this.log = opts.log ?? ((l) => process.stderr.write(`${l}\n`));
  }

  /** Connects to the queue (creating graphile-worker's schema and the queue tables when missing). */
  static async open(url: string, opts: PgQueueOptions = {}): Promise<PgCrawlQueue> {
    const schema = queueSchemaFor(url);
    const { db } = await openPostgres(url, { max: 4 });
    const utils = await makeWorkerUtils({ connectionString: url, schema, logger: quietLogger(opts.log) });
    try {
      await installQueueSchema(db, schema, () => utils.migrate());
    } catch (e) {
      await utils.release();
      await db.destroy();
      throw e;
    }
    return new PgCrawlQueue(url, schema, db, utils, opts);
  }

  async enqueueCrawl(o: { source?: string } = {}): Promise<void> {
    // One waiting crawl per source (or of all): asking twice before it ran queues it once.
    await this.utils.addJob('crawl-schedule', { source: o.source, listings: 'all' }, { jobKey: `crawl-now:${o.source ?? '*'}`, maxAttempts: 3 });
  }

  /** Works on the queue in this process until stop(): fetch, poll, recheck, schedule and deliver jobs. */
  async run(store?: Store): Promise<void> {
    if (!store) throw new Error('a worker needs the archive store');
    const timing = this.opts.timing ?? heartbeatTiming();
    const concurrency = this.opts.concurrency ?? 4;
    const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    const gate = new HostGate(this.db, id);
    const fetcher = new GatedFetcher(gate, { maxRetryAfterMs: 0, sharedRobots: new PgSharedRobots(this.db, this.log) }, this.log);
    const crawler = new Crawler(store, { fetcher, log: this.log, politeness: this.opts.politeness });
    const heartbeat = new Heartbeat(this.db, this.schema, id, concurrency, timing, 1000, this.log);
    const events: WorkerEvents = new EventEmitter();
    // Jobs are locked under the pool's id (it fetches for its workers) or a worker's: claim both.
    events.on('worker:create', ({ worker }) => {
      heartbeat.addJobWorker(worker.workerId);
      heartbeat.addJobWorker(worker.workerPool.id);
    });
    events.on('job:success', () => heartbeat.jobFinished(true));
    // graphile-worker looks for the next job while the finished one's completion is still being written,
    // so the next job of the same host queue (still locked) is missed until the next poll: look again soon.
    events.on('job:complete', ({ worker }) => {
      for (const ms of [10, 30, 100, 400]) {
        setTimeout(() => {
          if (this.stopping) return;
          try {
            worker.workerPool.nudge(1);
          } catch {
            // The pool is shutting down (graphile-worker asserts on a nudge to a finished job slot).
          }
        }, ms).unref();
      }
    });
    events.on('job:error', () => heartbeat.jobFinished(false));
    await heartbeat.start();
    try {
      if (this.stopping) return;
      this.runner = await run({
        connectionString: this.url,
        schema: this.schema,
        concurrency,
        maxPoolSize: concurrency + 2,
        noHandleSignals: true,
        pollInterval: 1000,
        events,
        logger: quietLogger(this.log),
        taskList: crawlTasks({ store, db: this.db, crawler, log: this.log, deliverAlerts: this.opts.deliverAlerts ?? null }),
        ...(this.opts.schedule === false ? { parsedCronItems: [] } : { crontab: CRONTAB }),
      });
      // The job slots exist now: say so before the first beat, so no living slot is taken for a dead one.
      await heartbeat.beat();
      await this.runner.promise;
    } finally {
      await crawler.close();
      // The hosts still being let go are freed before the heartbeat row goes.
      await fetcher.close();
      await heartbeat.stop().catch(() => {});
    }
  }

  /** Finishes the jobs in hand, then run() returns. */
  stop(): void {
    this.stopping = true;
    void this.runner?.stop().catch(() => {});
  }

  status(): Promise<QueueStatus> {
    return pgQueueStatus(this.db, this.schema, (this.opts.timing ?? heartbeatTiming()).deadAfterMs);
  }

  async close(): Promise<void> {
    await this.utils.release();
    await this.db.destroy();
  }
}

/** graphile-worker's own messages: warnings and errors only (a job's failure names the job and the error). */
function quietLogger(log?: (line: string) => void): Logger {
  const write = log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const factory: LogFunctionFactory = (scope) => (level, message) => {
    if (level === 'error' || level === 'warning') write(`[queue${scope.taskIdentifier ? ` ${scope.taskIdentifier}` : ''}${scope.jobId ? ` #${scope.jobId}` : ''}] ${message}`);
  };
  return new Logger(factory);
}

/**
 * graphile-worker's schema, installed or upgraded by one process at a time: workers starting together on
 * a new database would otherwise each begin the install and trip over one another's half-made tables.
 */
async function installQueueSchema(db: Kysely<any>, schema: string, migrate: () => Promise<void>): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(hashtext(${`wirewatch queue schema ${schema}`}))`.execute(conn);
    try {
      await migrate();
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext(${`wirewatch queue schema ${schema}`}))`.execute(conn);
    }
  });
}
