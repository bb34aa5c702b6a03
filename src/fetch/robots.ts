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

/** A host's robots.txt as the cache keeps it, in a form another process can read back. */
export type RobotsRecord =
  | { kind: 'rules'; text: string }
  /** No rules: a 4xx, or nothing to parse. */
  | { kind: 'none' }
  /** Unavailable (5xx, or blocked): nothing is fetched there for now. */
  | { kind: 'deny'; reason: string };

/**
 * robots.txt kept where every crawling process sees it (server mode's workers share one table), so a host
 * is asked for it once per expiry, not once per process.
 */
export interface SharedRobots {
  /** The record some process kept for this origin and how long it stays fresh; null when none is fresh. */
  get(origin: string): Promise<{ record: RobotsRecord; ttlMs: number } | null>;
  put(origin: string, record: RobotsRecord, ttlMs: number): Promise<void>;
}

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
    private readonly shared: SharedRobots | null = null,
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
      p = this.sharedOrLoad(origin, like)
        .then((got) => {
          if ('ok' in got) return got;
          const entry = entryOf(origin, got.record, Date.now() + got.ttlMs);
          this.entries.set(origin, entry);
          return entry;
        })
        .finally(() => this.inflight.delete(origin));
      this.inflight.set(origin, p);
    }
    return p;
  }

  /** Another process's fresh copy, else the host's answer (kept for the others); a network failure is neither. */
  private async sharedOrLoad(origin: string, like: FetchRequest): Promise<{ record: RobotsRecord; ttlMs: number } | FetchResult> {
    const kept = await this.shared?.get(origin);
    if (kept) return { record: kept.record, ttlMs: Math.min(kept.ttlMs, this.ttlMs) };
    const res = await this.load(`${origin}/robots.txt`, like);
    let record: RobotsRecord;
    let ttlMs = this.ttlMs;
    if (res.ok) record = res.notModified ? { kind: 'none' } : { kind: 'rules', text: res.text };
    else if (res.kind === 'http' && res.status !== null && res.status >= 400 && res.status < 500) record = { kind: 'none' };
    else if (res.kind === 'http' || res.kind === 'blocked') {
      record = { kind: 'deny', reason: `${origin}/robots.txt unavailable (${res.message}); fetching nothing there for now` };
      ttlMs = UNREACHABLE_TTL_MS;
    } else return res;
    await this.shared?.put(origin, record, ttlMs);
    return { record, ttlMs };
  }
}

function entryOf(origin: string, record: RobotsRecord, expires: number): Entry {
  if (record.kind === 'rules') return { robot: robotsParser(`${origin}/robots.txt`, record.text), reason: '', expires };
  if (record.kind === 'deny') return { robot: 'deny', reason: record.reason, expires };
  return { robot: null, reason: '', expires };
}
