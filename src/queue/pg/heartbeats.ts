import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import { HostGate } from './host-gate.js';

export interface HeartbeatTiming {
  /** How often a worker process says it is alive. */
  everyMs: number;
  /** Silence after which a worker process is taken as dead: its jobs and hosts are freed for the others. */
  deadAfterMs: number;
}

/** `WIREWATCH_WORKER_HEARTBEAT_MS` and `WIREWATCH_WORKER_DEAD_AFTER_MS`, else every 5 s and dead after 30 s. */
export function heartbeatTiming(env: NodeJS.ProcessEnv = process.env): HeartbeatTiming {
  const num = (v: string | undefined, d: number) => (v && /^\d+$/.test(v) ? Number(v) : d);
  const everyMs = num(env.WIREWATCH_WORKER_HEARTBEAT_MS, 5000);
  return { everyMs, deadAfterMs: Math.max(everyMs * 3, num(env.WIREWATCH_WORKER_DEAD_AFTER_MS, 30_000)) };
}

/**
 * A worker process's row in `queue_workers`, renewed every few seconds. Each beat also looks for workers
 * that fell silent (killed, machine lost): graphile-worker would leave their jobs locked for four hours,
 * so the living unlock them at once (`force_unlock_workers`) and free the hosts they held.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;
  private readonly jobWorkerIds = new Set<string>();
  private done = 0;
  private failed = 0;
  private beating: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<any>,
    private readonly queueSchema: string,
    readonly id: string,
    private readonly concurrency: number,
    private readonly timing: HeartbeatTiming,
    /** The interval a freed host still waits (the dead worker may have just sent a request). */
    private readonly freedHostWaitMs: number,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.upsert();
    this.timer = setInterval(() => {
      this.beating = this.beating.then(() => this.beat()).catch((e: unknown) => this.log(`heartbeat failed: ${(e as Error).message}`));
    }, this.timing.everyMs);
  }

  /** graphile-worker's id for one of this process's job slots (the id its job locks carry). */
  addJobWorker(id: string): void {
    this.jobWorkerIds.add(id);
  }

  jobFinished(ok: boolean): void {
    if (ok) this.done++;
    else this.failed++;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.beating;
    await sql`DELETE FROM queue_workers WHERE id = ${this.id}`.execute(this.db);
  }

  private async upsert(): Promise<void> {
    await sql`
      INSERT INTO queue_workers (id, hostname, pid, concurrency, job_worker_ids, jobs_done, jobs_failed)
      VALUES (${this.id}, ${hostname()}, ${process.pid}, ${this.concurrency}, ${[...this.jobWorkerIds]}, ${this.done}, ${this.failed})
      ON CONFLICT (id) DO UPDATE SET seen_at = clock_timestamp(), job_worker_ids = excluded.job_worker_ids,
        jobs_done = excluded.jobs_done, jobs_failed = excluded.jobs_failed`.execute(this.db);
  }

  async beat(): Promise<void> {
    await this.upsert();
    await reapDeadWorkers(this.db, this.queueSchema, this.timing.deadAfterMs, this.freedHostWaitMs, this.log);
  }
}

/**
 * Removes workers silent for `deadAfterMs`, unlocks every job locked for that long by a job slot no
 * living worker claims, and frees the hosts the dead held; one transaction, so two reapers never split
 * the work.
 */
export async function reapDeadWorkers(db: Kysely<any>, queueSchema: string, deadAfterMs: number, freedHostWaitMs: number, log: (line: string) => void): Promise<void> {
  const secs = deadAfterMs / 1000;
  await db.transaction().execute(async (tx) => {
    const dead = await sql<{ id: string }>`
      DELETE FROM queue_workers WHERE seen_at < clock_timestamp() - make_interval(secs => ${secs}) RETURNING id`.execute(tx);
    const orphans = await sql<{ locked_by: string }>`
      SELECT DISTINCT locked_by FROM ${sql.table(`${queueSchema}.jobs`)}
      WHERE locked_by IS NOT NULL AND locked_at < clock_timestamp() - make_interval(secs => ${secs})
        AND NOT locked_by = ANY(coalesce((SELECT array_agg(w) FROM queue_workers, unnest(job_worker_ids) AS w), '{}'))`.execute(tx);
    const ids = orphans.rows.map((r) => r.locked_by);
    if (ids.length) await sql`SELECT ${sql.id(queueSchema, 'force_unlock_workers')}(${ids}::text[])`.execute(tx);
    await HostGate.releaseHeldBy(tx, dead.rows.map((r) => r.id), freedHostWaitMs);
    if (dead.rows.length || ids.length) log(`workers gone silent: ${dead.rows.map((r) => r.id).join(', ') || 'none'}; their jobs back on the queue (${ids.length} job slots unlocked)`);
  });
}
