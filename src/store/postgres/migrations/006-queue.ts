import { sql, type Kysely } from 'kysely';

/**
 * The crawl queue's own state beside graphile-worker's schema: per-host politeness shared by every
 * worker process, and the worker processes' heartbeats. Operational state, not archive content: it uses
 * PostgreSQL's clock (timestamptz) because workers on different machines must agree on "now", and
 * `wirewatch migrate` does not copy it.
 */
const DDL = [
  // One row per host: nobody sends a request to it before next_allowed_at, and only its holder sends one.
  `CREATE TABLE queue_hosts (
    host text COLLATE "C" PRIMARY KEY,
    next_allowed_at timestamptz NOT NULL DEFAULT now(),
    held_by text COLLATE "C",
    held_since timestamptz,
    requests bigint NOT NULL DEFAULT 0,
    pushed_until timestamptz)`,
  // One row per running worker process; job_worker_ids are graphile-worker's ids of its job slots.
  `CREATE TABLE queue_workers (
    id text COLLATE "C" PRIMARY KEY,
    hostname text NOT NULL,
    pid integer NOT NULL,
    concurrency integer NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    seen_at timestamptz NOT NULL DEFAULT now(),
    job_worker_ids text[] NOT NULL DEFAULT '{}',
    jobs_done bigint NOT NULL DEFAULT 0,
    jobs_failed bigint NOT NULL DEFAULT 0)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of DDL) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['queue_workers', 'queue_hosts']) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
