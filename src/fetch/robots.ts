import robotsParserModule from 'robots-parser';
import type { FetchFailure, FetchRequest, FetchResult } from './fetcher.js';

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robot;

interface Entry {
  /** null: everything allowed (no robots.txt); 'deny': unreachable robots.txt, so nothing is fetched for now. */
  robot: Robot | null | 'deny';
  reason: string;
  expires: number;
}

export interface RobotsVerdict {
  allowed: boolean;
  reason: string;
  crawlDelayMs: number | null;
  /** Set when the host could not be reached for its robots.txt: the request fails the same way. */
  failure?: FetchFailure;
}

const UNREACHABLE_TTL_MS = 10 * 60_000;

/**
 * robots.txt per origin, cached: 2xx is obeyed (including Crawl-delay), 4xx means no rules, 5xx means
 * "fetch nothing for now" (RFC 9309). A network failure is not cached: the request that needed it fails
 * the same way.
 */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry | FetchResult>>();

  constructor(
    private readonly ttlMs: number,
    private readonly load: (robotsUrl: string, like: FetchRequest) => Promise<FetchResult>,
  ) {}

  async check(url: string, userAgent: string, like: FetchRequest): Promise<RobotsVerdict> {
    const u = new URL(url);
    if (u.pathname === '/robots.txt') return { allowed: true, reason: '', crawlDelayMs: null };
    const origin = u.origin;
    let entry = this.entries.get(origin);
    if (!entry || entry.expires < Date.now()) {
      const got = await this.fetchEntry(origin, like);
      if ('ok' in got) return { allowed: false, reason: got.ok ? '' : got.message, crawlDelayMs: null, failure: got.ok ? undefined : got };
      entry = got;
    }
    if (entry.robot === null) return { allowed: true, reason: '', crawlDelayMs: null };
    if (entry.robot === 'deny') return { allowed: false, reason: entry.reason, crawlDelayMs: null };
    const agent = userAgent.split(/[/ ]/)[0];
    const allowed = entry.robot.isAllowed(url, agent) !== false;
    const delay = entry.robot.getCrawlDelay(agent);
    return { allowed, reason: allowed ? '' : `disallowed by ${origin}/robots.txt`, crawlDelayMs: delay ? delay * 1000 : null };
  }

  private fetchEntry(origin: string, like: FetchRequest): Promise<Entry | FetchResult> {
    let p = this.inflight.get(origin);
    if (!p) {
      p = this.load(`${origin}/robots.txt`, like)
        .then((res): Entry | FetchResult => {
          const now = Date.now();
          let entry: Entry;
          if (res.ok) {
            entry = res.notModified ? { robot: null, reason: '', expires: now + this.ttlMs } : { robot: robotsParser(`${origin}/robots.txt`, res.text), reason: '', expires: now + this.ttlMs };
          } else if (res.kind === 'http' && res.status !== null && res.status >= 400 && res.status < 500) {
            entry = { robot: null, reason: '', expires: now + this.ttlMs };
          } else if (res.kind === 'http' || res.kind === 'blocked') {
            entry = { robot: 'deny', reason: `${origin}/robots.txt unavailable (${res.message}); fetching nothing there for now`, expires: now + UNREACHABLE_TTL_MS };
          } else {
            return res;
          }
          this.entries.set(origin, entry);
          return entry;
        })
        .finally(() => this.inflight.delete(origin));
      this.inflight.set(origin, p);
    }
    return p;
  }
}
