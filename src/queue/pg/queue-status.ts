import { sql, type Kysely } from 'kysely';
import type { QueueStatus } from '../crawl-queue.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** What graphile-worker's jobs view, the heartbeats and the hosts' politeness rows say now. */
export async function pgQueueStatus(db: Kysely<any>, schema: string, deadAfterMs: number): Promise<QueueStatus> {
  const jobs = sql.table(`${schema}.jobs`);
  const [byTask, totals, latest, workers, hosts] = await Promise.all([
    sql<{ task: string; n: number }>`
      SELECT task_identifier AS task, count(*)::int AS n FROM ${jobs}
      WHERE locked_at IS NULL AND attempts < max_attempts AND run_at <= now() GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ scheduled: number; running: number; retrying: number; permanent: number }>`
      SELECT count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at > now())::int AS scheduled,
             count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running,
             count(*) FILTER (WHERE last_error IS NOT NULL AND attempts < max_attempts)::int AS retrying,
             count(*) FILTER (WHERE attempts >= max_attempts)::int AS permanent
      FROM ${jobs}`.execute(db),
    sql<{ task: string; error: string; at: Date }>`
      SELECT task_identifier AS task, left(last_error, 300) AS error, updated_at AS at FROM ${jobs}
      WHERE last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 10`.execute(db),
    sql<{ id: string; hostname: string; pid: number; concurrency: number; started_at: Date; seen_at: Date; alive: boolean; jobs_done: number; jobs_failed: number }>`
      SELECT id, hostname, pid, concurrency, started_at, seen_at, jobs_done, jobs_failed,
             seen_at >= clock_timestamp() - make_interval(secs => ${deadAfterMs / 1000}) AS alive
      FROM queue_workers ORDER BY started_at`.execute(db),
    sql<{ host: string; next_allowed_at: Date; busy: boolean; pushed_until: Date | null; requests: number }>`
      SELECT host, next_allowed_at, held_by IS NOT NULL AS busy, pushed_until, requests FROM queue_hosts
      WHERE held_by IS NOT NULL OR next_allowed_at > clock_timestamp() ORDER BY next_allowed_at LIMIT 50`.execute(db),
  ]);
  const t = totals.rows[0];
  return {
    kind: 'postgres',
    waiting: Object.fromEntries(byTask.rows.map((r) => [r.task, r.n])),
    scheduled: t.scheduled,
    running: t.running,
    failed: { retrying: t.retrying, permanent: t.permanent, latest: latest.rows.map((r) => ({ task: r.task, error: r.error, at: iso(r.at)! })) },
    workers: workers.rows.map((w) => ({
      id: w.id,
      hostname: w.hostname,
      pid: w.pid,
      concurrency: w.concurrency,
      startedAt: iso(w.started_at)!,
      seenAt: iso(w.seen_at)!,
      alive: w.alive,
      jobsDone: w.jobs_done,
      jobsFailed: w.jobs_failed,
    })),
    hosts: hosts.rows.map((h) => ({ host: h.host, nextAllowedAt: iso(h.next_allowed_at)!, busy: h.busy, pushedUntil: iso(h.pushed_until), requests: h.requests })),
  };
}
