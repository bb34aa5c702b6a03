import { sql, type Kysely } from 'kysely';
import type { AddJobsFunction, JobHelpers, Task, TaskList } from 'graphile-worker';
import { sourceDefOf, type Crawler, type SourcePassSummary } from '../../crawl/crawler.js';
import { MarkupPass } from '../../crawl/markup-drift.js';
import type { SourceDef } from '../../sources/schema.js';
import type { CrawlSourceRow, CrawlUrlRow } from '../../store/crawl-store.js';
import type { Store } from '../../store/store.js';
import { gateKey, HostPushedOut } from './host-gate.js';

/** What each job carries. A URL's job carries its row as scheduled; the job checks it is still current. */
export interface TaskPayloads {
  'crawl-schedule': { source?: string; listings?: 'all' | 'due' };
  poll: { sourceId: number; slug: string };
  fetch: { sourceId: number; slug: string; row: CrawlUrlRow };
  recheck: { sourceId: number; slug: string; row: CrawlUrlRow };
  deliver: Record<string, never>;
}

export interface TaskContext {
  store: Store;
  /** The same database as the store, for the queue's own reads. */
  db: Kysely<any>;
  crawler: Crawler;
  log: (line: string) => void;
  /** Sends what the alerts outbox holds, when this archive can (null: not on this backend yet). */
  deliverAlerts: (() => Promise<void>) | null;
}

/** Jobs of one host share a graphile-worker queue: they run one at a time, whichever worker takes them. */
export function hostQueue(url: string | null | undefined): string | undefined {
  const host = url ? gateKey(url) : null;
  return host ? `host:${host}` : undefined;
}

const RECHECKS_PER_ROUND = 500;
const JOBS_PER_STATEMENT = 1000;

function emptySummary(slug: string): SourcePassSummary {
  return { slug, discovered: 0, stored: 0, failed: 0, rechecked: 0, unchanged: 0, edited: 0, suspect: 0, removed: 0, restored: 0, errors: 0, markupChanged: 0 };
}

/** The tasks a `wirewatch worker` runs. */
export function crawlTasks(ctx: TaskContext): TaskList {
  const sources = new SourceCache(ctx.store);
  const { crawl } = ctx.store;

  /** Queues a fetch for every queued URL that is due and a recheck for every recheck that is due. */
  async function enqueueSourceWork(addJobs: AddJobsFunction, row: CrawlSourceRow, def: SourceDef): Promise<number> {
    const now = new Date().toISOString();
    const queued = await crawl.queuedUrls(row.id, now, def.schedule.maxNewPerPass);
    const due = await crawl.dueRechecks(row.id, now, RECHECKS_PER_ROUND);
    const specs = [...queued.map((u) => ['fetch', u] as const), ...due.map((u) => ['recheck', u] as const)].map(([task, u]) => ({
      identifier: task,
      payload: { sourceId: row.id, slug: row.slug, row: u },
      // A job key per URL: a URL already waiting is not queued twice (its place in the queue is kept).
      jobKey: `${task}:${u.url}`,
      queueName: hostQueue(u.fetchUrl),
      maxAttempts: 5,
    }));
    // Many jobs a statement: each statement that adds jobs commits with a NOTIFY, which PostgreSQL
    // serializes across the whole server, and wakes every worker to look for them.
    for (let i = 0; i < specs.length; i += JOBS_PER_STATEMENT) await addJobs(specs.slice(i, i + JOBS_PER_STATEMENT), true);
    return specs.length;
  }

  /** A job whose host is not to be asked yet runs again when it may be, under the same key. */
  const pushedOut = async (e: unknown, helpers: JobHelpers, key: string): Promise<boolean> => {
    if (!(e instanceof HostPushedOut)) return false;
    const job = helpers.job;
    await helpers.addJob(job.task_identifier, job.payload, { jobKey: key, runAt: e.until, queueName: `host:${e.host}`, maxAttempts: job.max_attempts });
    ctx.log(`${e.message}: ${key} runs again then`);
    return true;
  };

  const schedule: Task = async (payload, helpers) => {
    const p = (payload ?? {}) as TaskPayloads['crawl-schedule'];
    const rows = await sources.all(true);
    const chosen = p.source ? rows.filter((r) => r.slug === p.source) : rows.filter((r) => r.enabled);
    const now = new Date().toISOString();
    for (const row of chosen) {
      const def = sources.def(row);
      if (!def) continue;
      const state = await crawl.sourceState(row.id);
      const due = p.listings === 'all' || !state.nextListingAt || state.nextListingAt <= now;
      if (due) {
        const first = def.adapter.kind === 'html' ? def.adapter.listings[0]?.url : def.homepage;
        await helpers.addJob('poll', { sourceId: row.id, slug: row.slug }, { jobKey: `poll:${row.slug}`, jobKeyMode: 'preserve_run_at', queueName: hostQueue(first ?? def.homepage), maxAttempts: 3 });
      } else await enqueueSourceWork(helpers.addJobs, row, def);
    }
  };

  const poll: Task = async (payload, helpers) => {
    const p = payload as TaskPayloads['poll'];
    const source = await sources.byId(p.sourceId);
    if (!source) return;
    const { row, def } = source;
    const sum = emptySummary(def.slug);
    const markup = new MarkupPass();
    try {
      await ctx.crawler.pollListings(row.id, def, sum, markup);
    } catch (e) {
      if (await pushedOut(e, helpers, `poll:${row.slug}`)) return;
      throw e;
    }
    // The listing pass decides the source's markup verdict, as a crawl pass's listings do.
    const drift = await crawl.recordMarkup(row.id, new Date().toISOString(), markup.problems, markup.matched > 0);
    if (drift === 'started') ctx.log(`${def.slug}: markup changed: ${markup.problems[0].what} (${markup.problems[0].url})`);
    const queued = await enqueueSourceWork(helpers.addJobs, row, def);
    if (sum.discovered || sum.errors) ctx.log(`${def.slug}: ${sum.discovered} new URLs, ${queued} jobs queued${sum.errors ? `, ${sum.errors} errors` : ''}`);
  };

  /** Runs one URL's work unless the URL moved on since the job was queued (another run did it, or failed it and rescheduled). */
  const urlTask =
    (task: 'fetch' | 'recheck', state: 'queued' | 'done', work: (def: SourceDef, row: CrawlUrlRow, sum: SourcePassSummary) => Promise<void>): Task =>
    async (payload, helpers) => {
      const p = payload as TaskPayloads['fetch'];
      const { rows } = await sql<{ state: string; next_check_at: string }>`SELECT state, next_check_at FROM crawl_urls WHERE id = ${p.row.id}`.execute(ctx.db);
      if (!rows[0] || rows[0].state !== state || rows[0].next_check_at !== p.row.nextCheckAt) return;
      const def = (await sources.byId(p.sourceId))?.def;
      if (!def) return;
      try {
        await work(def, p.row, emptySummary(def.slug));
      } catch (e) {
        if (await pushedOut(e, helpers, `${task}:${p.row.url}`)) return;
        throw e;
      }
    };

  const tasks: TaskList = {
    'crawl-schedule': schedule,
    poll,
    fetch: urlTask('fetch', 'queued', (def, row, sum) => ctx.crawler.captureNew(row.sourceId, def, row, sum)),
    recheck: urlTask('recheck', 'done', (def, row, sum) => ctx.crawler.recheck(row.sourceId, def, row, sum)),
    deliver: async () => {
      await ctx.deliverAlerts?.();
    },
  };
  return tasks;
}

/** Source rows and their parsed definitions, read again at most every few seconds (every job needs its source's). */
class SourceCache {
  private rows: CrawlSourceRow[] | null = null;
  private readonly defs = new Map<CrawlSourceRow, SourceDef | null>();
  private at = 0;
  constructor(private readonly store: Store) {}

  async all(fresh: boolean): Promise<CrawlSourceRow[]> {
    if (fresh || !this.rows || Date.now() - this.at > 5000) {
      this.rows = await this.store.crawl.crawlSources();
      this.defs.clear();
      this.at = Date.now();
    }
    return this.rows;
  }

  /** The source's row and definition (null when unknown or its config no longer parses). */
  async byId(id: number): Promise<{ row: CrawlSourceRow; def: SourceDef } | null> {
    const row = (await this.all(false)).find((r) => r.id === id);
    if (!row) return null;
    const def = this.def(row);
    return def ? { row, def } : null;
  }

  /** A row's definition, parsed once per read of the rows (parsing every job's would cost more than its SQL). */
  def(row: CrawlSourceRow): SourceDef | null {
    if (!this.defs.has(row)) this.defs.set(row, sourceDefOf(row));
    return this.defs.get(row)!;
  }
}
