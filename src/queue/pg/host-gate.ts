import { sql, type Kysely } from 'kysely';
import { Fetcher, sleep, type FetcherOptions, type FetchRequest, type FetchResult } from '../../fetch/fetcher.js';

/** The host asked (Retry-After) or its interval says to come back later than a job should wait: run the job again then. */
export class HostPushedOut extends Error {
  constructor(
    readonly host: string,
    readonly until: Date,
  ) {
    super(`${host}: next request allowed at ${until.toISOString()}`);
  }
}

export interface HostGateOptions {
  /** Longest wait for a host's turn inside a job; a later turn reschedules the job (HostPushedOut). */
  maxWaitMs?: number;
  /** How often to look again while another worker holds the host. */
  heldPollMs?: number;
  /** A hold older than this is taken as abandoned (a worker that lost its database connection mid-fetch). */
  staleHoldMs?: number;
}

/**
 * Per-host politeness shared by every worker process, kept in `queue_hosts` on PostgreSQL's clock: a
 * host is held by one worker at a time (one request in flight), and nobody takes it before
 * `next_allowed_at`, which the holder moves to the end of its exchange plus the host's interval (or the
 * host's Retry-After) when it lets go. Taking the host is one conditional UPDATE, so two workers can
 * never both win it.
 */
export class HostGate {
  private readonly maxWaitMs: number;
  private readonly heldPollMs: number;
  private readonly staleHoldMs: number;

  constructor(
    private readonly db: Kysely<any>,
    /** The worker process's id (its heartbeat row): a dead worker's holds are released by the others. */
    private readonly holder: string,
    o: HostGateOptions = {},
  ) {
    this.maxWaitMs = o.maxWaitMs ?? 30_000;
    this.heldPollMs = o.heldPollMs ?? 25;
    this.staleHoldMs = o.staleHoldMs ?? 15 * 60_000;
  }

  /** Waits for the host's turn and holds the host; throws HostPushedOut when the turn is further off than maxWaitMs. */
  async acquire(host: string): Promise<void> {
    for (;;) {
      // A host seen for the first time is taken at once; a known one only when free and due.
      const took = await sql`
        INSERT INTO queue_hosts AS h (host, held_by, held_since, requests) VALUES (${host}, ${this.holder}, clock_timestamp(), 1)
        ON CONFLICT (host) DO UPDATE SET held_by = excluded.held_by, held_since = excluded.held_since, requests = h.requests + 1
        WHERE h.next_allowed_at <= clock_timestamp()
          AND (h.held_by IS NULL OR h.held_since < clock_timestamp() - make_interval(secs => ${this.staleHoldMs / 1000}))
        RETURNING host`.execute(this.db);
      if (took.rows.length) return;
      const { rows } = await sql<{ wait_ms: number; held: boolean; until: Date }>`
        SELECT greatest(0, extract(epoch FROM next_allowed_at - clock_timestamp()) * 1000)::float8 AS wait_ms,
               held_by IS NOT NULL AS held, next_allowed_at AS until
        FROM queue_hosts WHERE host = ${host}`.execute(this.db);
      const r = rows[0];
      if (!r) continue;
      if (r.wait_ms > this.maxWaitMs) throw new HostPushedOut(host, r.until);
      // The UPDATE above checks the time again on the database's clock: waking early only costs a round trip.
      await sleep(r.held ? Math.max(this.heldPollMs, r.wait_ms) : Math.ceil(r.wait_ms) + 1);
    }
  }

  /**
   * Lets the host go: its next request no sooner than `intervalMs` after the exchange ended (`endedAt`, on
   * this process's `performance.now()` clock), or the Retry-After it gave. The time since the end is read
   * once the statement has its connection, so the interval can only come out longer, never shorter.
   */
  async release(host: string, intervalMs: number, retryAfterMs: number | null, endedAt = performance.now()): Promise<void> {
    const push = retryAfterMs ?? 0;
    await this.db.connection().execute(async (conn) => {
      const waitMs = Math.max(0, Math.max(intervalMs, push) - (performance.now() - endedAt));
      await sql`
        UPDATE queue_hosts SET held_by = NULL, held_since = NULL,
          next_allowed_at = greatest(next_allowed_at, clock_timestamp() + make_interval(secs => ${waitMs / 1000})),
          pushed_until = CASE WHEN ${push} > 0 THEN clock_timestamp() + make_interval(secs => ${push / 1000}) ELSE pushed_until END
        WHERE host = ${host} AND held_by = ${this.holder}`.execute(conn);
    });
  }

  /** Frees the hosts a dead worker held; their next request waits a further `intervalMs`, as if it had just ended. */
  static async releaseHeldBy(db: Kysely<any>, holders: string[], intervalMs: number): Promise<void> {
    if (!holders.length) return;
    await sql`
      UPDATE queue_hosts SET held_by = NULL, held_since = NULL,
        next_allowed_at = greatest(next_allowed_at, clock_timestamp() + make_interval(secs => ${intervalMs / 1000}))
      WHERE held_by = ANY(${holders})`.execute(db);
  }
}

/** The host part of a URL as the gate keys it (host and port); null when it is not a URL. */
export function gateKey(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase() || null;
  } catch {
    return null;
  }
}

/**
 * The polite fetcher, with every fetch (robots.txt, redirects within the host and retries included)
 * inside the host's turn from the shared gate. A Retry-After longer than the fetcher waits ends the
 * fetch and pushes the host's next request out by that much, for every worker.
 */
export class GatedFetcher extends Fetcher {
  private readonly defaultIntervalMs: number;
  /** Hosts being let go: the host waits for its release, the job that fetched does not. */
  private readonly releasing = new Set<Promise<void>>();

  constructor(
    private readonly gate: HostGate,
    opts: FetcherOptions = {},
    private readonly log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  ) {
    super(opts);
    this.defaultIntervalMs = opts.minIntervalMs ?? 5000;
  }

  override async fetch(req: FetchRequest): Promise<FetchResult> {
    const host = gateKey(req.url);
    if (!host) return super.fetch(req);
    await this.gate.acquire(host);
    let res: FetchResult | null = null;
    try {
      res = await super.fetch(req);
      return res;
    } finally {
      // A Crawl-delay read from robots.txt (in this turn or before) holds for every worker, through the gate.
      const interval = Math.max(req.minIntervalMs ?? this.defaultIntervalMs, this.crawlDelayOf(host));
      this.letGo(host, interval, res && !res.ok ? res.retryAfterMs : null, performance.now());
    }
  }

  /**
   * Releases the host while the caller goes on with the page (extracting, storing). Until the release
   * commits the host stays held, so nobody asks it sooner; its interval counts from the exchange's end.
   */
  private letGo(host: string, intervalMs: number, retryAfterMs: number | null, endedAt: number): void {
    const done: Promise<void> = this.gate
      .release(host, intervalMs, retryAfterMs, endedAt)
      .catch((e: unknown) => this.log(`${host}: could not let the host go (it stays held until this worker is gone or its hold is 15 minutes old): ${(e as Error).message}`))
      .finally(() => this.releasing.delete(done));
    this.releasing.add(done);
  }

  /** Waits for the hosts being let go, then closes the connections. */
  override async close(): Promise<void> {
    await Promise.all(this.releasing);
    await super.close();
  }
}
