import { sql, type Kysely } from 'kysely';
import type { RobotsRecord, SharedRobots } from '../../fetch/robots.js';

/**
 * robots.txt shared by every worker process through `queue_robots`, fresh by PostgreSQL's clock (workers
 * on different machines agree on it). The table only saves requests: when it cannot be read or written,
 * the worker asks the host itself, as it would without it.
 */
export class PgSharedRobots implements SharedRobots {
  constructor(
    private readonly db: Kysely<any>,
    private readonly log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  ) {}

  async get(origin: string): Promise<{ record: RobotsRecord; ttlMs: number } | null> {
    try {
      const { rows } = await sql<{ kind: RobotsRecord['kind']; body: string; ttl_ms: number }>`
        SELECT kind, body, extract(epoch FROM expires_at - clock_timestamp()) * 1000 AS ttl_ms
        FROM queue_robots WHERE origin = ${origin} AND expires_at > clock_timestamp()`.execute(this.db);
      const r = rows[0];
      if (!r) return null;
      const record: RobotsRecord = r.kind === 'rules' ? { kind: 'rules', text: r.body } : r.kind === 'deny' ? { kind: 'deny', reason: r.body } : { kind: 'none' };
      return { record, ttlMs: Math.max(0, Number(r.ttl_ms)) };
    } catch (e) {
      this.log(`${origin}/robots.txt: the shared copy could not be read (${(e as Error).message}); asking the host`);
      return null;
    }
  }

  async put(origin: string, record: RobotsRecord, ttlMs: number): Promise<void> {
    const body = record.kind === 'rules' ? record.text : record.kind === 'deny' ? record.reason : '';
    try {
      await sql`
        INSERT INTO queue_robots (origin, kind, body, fetched_at, expires_at)
        VALUES (${origin}, ${record.kind}, ${body}, clock_timestamp(), clock_timestamp() + make_interval(secs => ${ttlMs / 1000}))
        ON CONFLICT (origin) DO UPDATE SET kind = excluded.kind, body = excluded.body, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`.execute(this.db);
    } catch (e) {
      this.log(`${origin}/robots.txt: the shared copy could not be written (${(e as Error).message}); other workers will ask the host themselves`);
    }
  }
}
