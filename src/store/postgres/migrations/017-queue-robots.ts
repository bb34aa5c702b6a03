import { sql, type Kysely } from 'kysely';

/**
 * robots.txt as the crawl queue's workers keep it, one row per origin: a worker that finds a fresh row
 * uses it, so a host is asked once per expiry whatever the number of worker processes. Operational state
 * on PostgreSQL's clock, like queue_hosts; `wirewatch migrate` does not copy it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE queue_robots (
    origin text COLLATE "C" PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('rules', 'none', 'deny')),
    body text NOT NULL DEFAULT '',
    fetched_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS queue_robots`.execute(db);
}
