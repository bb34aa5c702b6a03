import pg from 'pg';
import { isPostgresUrl } from '../store/postgres/open-postgres.js';
import type { Store } from '../store/store.js';
import type { CrawlQueue } from './crawl-queue.js';

/** Said when a queue command meets a SQLite archive. */
export function sqliteHasNoSharedQueue(what: string): Error {
  return new Error(
    `${what} works on a PostgreSQL archive's shared queue: give --db postgres://… (or DATABASE_URL). A SQLite archive crawls inside \`wirewatch start\`, or now with \`wirewatch crawl\`.`,
  );
}

/** The PostgreSQL archive a worker writes to, with every part that hooks into its ingest (search, stories, …). */
export async function openPgStore(url: string): Promise<Store> {
  const { openStore } = await import('../store/open-store.js');
  return openStore(url);
}

/** The queue of a PostgreSQL archive (to enqueue, or for its status); null for SQLite, whose crawler runs in-process. */
export async function openSharedQueue(url: string, log?: (line: string) => void): Promise<CrawlQueue | null> {
  if (!isPostgresUrl(url)) return null;
  const { PgCrawlQueue } = await import('./pg/pg-crawl-queue.js');
  return PgCrawlQueue.open(url, { log });
}

/**
 * Runs `open` (which migrates the archive and the queue) while no other Wirewatch process on this
 * database does the same: schema changes in one process trip up another's catalog reads mid-migration.
 */
export async function oneAtATime<T>(url: string, open: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('wirewatch: opening the archive'))`);
    return await open();
  } finally {
    await client.end();
  }
}
