import { sql } from 'kysely';
import { PostgresStore } from '../store/postgres/pg-store.js';
import type { Store } from '../store/store.js';
import type { QueueStatus } from './crawl-queue.js';
import { heartbeatTiming } from './pg/heartbeats.js';
import { schemaBeside } from './pg/queue-schema.js';
import { pgQueueStatus } from './pg/queue-status.js';

/** The queue of the archive `store` opened: graphile-worker's on PostgreSQL, the in-process crawler's URLs on SQLite. */
export async function queueStatusOf(store: Store): Promise<QueueStatus> {
  if (!(store instanceof PostgresStore)) return inProcessQueueStatus(store);
  const schema = await queueSchemaOfStore(store);
  const { rows } = await sql<{ ok: boolean }>`SELECT to_regclass(${`${schema}.jobs`}) IS NOT NULL AS ok`.execute(store.db);
  // No worker has run on this archive yet: nothing queued, nobody working.
  if (!rows[0]?.ok) return { kind: 'postgres', waiting: {}, scheduled: 0, running: 0, failed: { retrying: 0, permanent: 0, latest: [] }, workers: [], hosts: [] };
  return pgQueueStatus(store.db, schema, heartbeatTiming().deadAfterMs);
}

/** Puts a crawl on a PostgreSQL archive's queue (graphile-worker's add_job); false on SQLite, whose crawler runs inside `wirewatch start`. */
export async function enqueueCrawlOn(store: Store, source?: string): Promise<boolean> {
  if (!(store instanceof PostgresStore)) return false;
  const schema = await queueSchemaOfStore(store);
  await sql`SELECT ${sql.id(schema, 'add_job')}('crawl-schedule', ${JSON.stringify({ source, listings: 'all' })}::json, job_key => ${`crawl-now:${source ?? '*'}`}, max_attempts => 3)`.execute(store.db);
  return true;
}

async function queueSchemaOfStore(store: PostgresStore): Promise<string> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(store.db);
  return schemaBeside(rows[0].schema);
}

/** SQLite: the crawler's own queue of URLs waiting for a first capture (jobs exist only inside `wirewatch start`). */
export async function inProcessQueueStatus(store: Store): Promise<QueueStatus> {
  const now = new Date();
  const rows = await store.crawl.crawlSources();
  const health = await Promise.all(rows.filter((r) => r.enabled).map((r) => store.crawl.sourceHealth(r.slug, now)));
  const queued = health.reduce((n, h) => n + (h?.queued ?? 0), 0);
  return { kind: 'in-process', waiting: queued ? { fetch: queued } : {}, scheduled: 0, running: 0, failed: { retrying: 0, permanent: 0, latest: [] }, workers: [], hosts: [] };
}
