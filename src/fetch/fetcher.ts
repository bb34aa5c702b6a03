import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { Readable, pipeline, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import PQueue from 'p-queue';
import { Agent, request } from 'undici';
import { blockPageKind, type BlockPageKind } from './block-page.js';
import { decodeBody } from './charset.js';
import { RobotsCache, type SharedRobots } from './robots.js';
import { guardedLookup, isPrivateAddress, SsrfError } from './ssrf.js';

export const DEFAULT_USER_AGENT = 'WirewatchBot/0.1 (+https://github.com/wirewatch/wirewatch; archive of public state media)';

export type FetchErrorKind =
  | 'network'
  | 'dns'
  | 'timeout'
  | 'http'
  | 'too-large'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'robots'
  | 'ssrf'
  | 'blocked'
  | 'bad-url';

/** Per-request settings; a source's politeness overrides arrive here. */
export interface FetchRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Validators from the previous capture: the server may answer 304. */
  etag?: string | null;
  lastModified?: string | null;
  /** Lets this request reach loopback and private addresses (tests, intranet sources). */
  allowPrivate?: boolean;
  /** Least time between two requests to this host (start to start). */
  minIntervalMs?: number;
  /** Requests in flight at once to this host. */
  concurrency?: number;
  timeoutMs?: number;
  maxBytes?: number;
  retries?: number;
  /** Extra texts that mark a block page served with status 200. */
  blockPatterns?: RegExp[];
  /** Whether to honour robots.txt (default true). */
  robots?: boolean;
}

/** Response headers worth keeping with a capture. */
const KEPT_HEADERS = ['content-type', 'content-length', 'content-language', 'etag', 'last-modified', 'date', 'server', 'location', 'retry-after', 'cache-control', 'expires'];

interface Common {
  url: string;
  finalUrl: string;
  redirects: string[];
  fetchedAt: string;
  elapsedMs: number;
  attempts: number;
}

export interface FetchSuccess extends Common {
  ok: true;
  status: number;
  notModified: boolean;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  charset: string;
  sha256: string;
  /** `name=value` pairs the server set (for sources whose listings need a session). */
  cookies: string[];
}

export interface FetchFailure extends Common {
  ok: false;
  kind: FetchErrorKind;
  message: string;
  status: number | null;
  headers: Record<string, string> | null;
  /** The body, when one came (a block page, an error page). */
  body: Buffer | null;
  sha256: string | null;
  /** A Retry-After longer than this fetcher waits: when the host asked to come back. */
  retryAfterMs: number | null;
  /** For `blocked`: what stood in place of the content (a captcha or maintenance page says nothing of the article). */
  blockPage?: BlockPageKind;
}

export type FetchResult = FetchSuccess | FetchFailure;

export interface FetcherOptions {
  userAgent?: string;
  /** Defaults for hosts whose sources say nothing. */
  minIntervalMs?: number;
  concurrency?: number;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  retries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Longest Retry-After honoured by waiting; longer ones end the fetch with `retryAfterMs`. */
  maxRetryAfterMs?: number;
  robotsTtlMs?: number;
  /** robots.txt kept for other crawling processes too (server mode's workers); by default each fetcher keeps its own. */
  sharedRobots?: SharedRobots;
  /** Longest Crawl-delay honoured (a hostile robots.txt must not stall the crawler forever). */
  maxCrawlDelayMs?: number;
  /** Called as each request leaves, after the host's interval was respected. */
  onRequest?: (host: string, url: string, at: number) => void;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  location: string | null;
  body: Buffer;
  cookies: string[];
}

class HttpFailure extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly extra: Partial<FetchFailure> = {},
  ) {
    super(message);
  }
}

interface HostState {
  queue: PQueue;
  nextAt: number;
  concurrency: number;
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

/**
 * The polite fetcher: one queue per host with a least interval, robots.txt, conditional GET, retries
 * with backoff and jitter honouring Retry-After, timeouts, a body cap, redirect limits, charset
 * decoding, block-page detection and an SSRF guard.
 */
export class Fetcher {
  readonly userAgent: string;
  private readonly o: Required<Omit<FetcherOptions, 'onRequest' | 'userAgent' | 'sharedRobots'>>;
  private readonly hosts = new Map<string, HostState>();
  private readonly strictAgent: Agent;
  private readonly openAgent: Agent;
  readonly robots: RobotsCache;

  constructor(private readonly opts: FetcherOptions = {}) {
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    this.o = {
      minIntervalMs: opts.minIntervalMs ?? 5000,
      concurrency: opts.concurrency ?? 1,
      timeoutMs: opts.timeoutMs ?? 90_000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 20_000,
      maxBytes: opts.maxBytes ?? 10 * 1024 * 1024,
      maxRedirects: opts.maxRedirects ?? 5,
      retries: opts.retries ?? 3,
      backoffBaseMs: opts.backoffBaseMs ?? 2000,
      backoffMaxMs: opts.backoffMaxMs ?? 120_000,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? 300_000,
      robotsTtlMs: opts.robotsTtlMs ?? 24 * 3600_000,
      maxCrawlDelayMs: opts.maxCrawlDelayMs ?? 600_000,
    };
    const agentOptions = (allowPrivate: boolean) => ({
      connect: { timeout: this.o.connectTimeoutMs, lookup: guardedLookup(allowPrivate) },
      headersTimeout: this.o.timeoutMs,
      bodyTimeout: this.o.timeoutMs,
      keepAliveTimeout: 10_000,
    });
    this.strictAgent = new Agent(agentOptions(false));
    this.openAgent = new Agent(agentOptions(true));
    this.robots = new RobotsCache(this.o.robotsTtlMs, (url, like) => this.fetchRobots(url, like), opts.sharedRobots ?? null);
  }

  async close(): Promise<void> {
    await Promise.all([this.strictAgent.close(), this.openAgent.close()]);
  }

  /** Fetches a URL politely; never throws for network or HTTP trouble (it is in the result). */
  async fetch(req: FetchRequest): Promise<FetchResult> {
    const started = Date.now();
    let attempts = 0;
    const retries = req.retries ?? this.o.retries;
    for (;;) {
      attempts++;
      const result = await this.fetchFollowing(req, started);
      result.attempts = attempts;
      if (result.ok || attempts > retries || !retryable(result)) return result;
      const retryAfter = result.retryAfterMs;
      if (retryAfter !== null && retryAfter > this.o.maxRetryAfterMs) return result;
      const backoff = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** (attempts - 1)) * (0.5 + Math.random());
      const wait = retryAfter !== null ? retryAfter + Math.random() * Math.min(1000, this.o.backoffBaseMs) : backoff;
      await sleep(wait);
      result.retryAfterMs = null;
    }
  }

  private async fetchFollowing(req: FetchRequest, started: number): Promise<FetchResult> {
    const redirects: string[] = [];
    const seen = new Set<string>();
    let url = req.url;
    let method = req.method ?? 'GET';
    let body = req.body;
    const fetchedAt = new Date().toISOString();
    const common = () => ({ url: req.url, finalUrl: url, redirects, fetchedAt, elapsedMs: Date.now() - started, attempts: 1 });
    // The timeout is the attempt's: a chain of slow redirects shares it (time waiting in the host's queue is not counted).
    const clock = { leftMs: req.timeoutMs ?? this.o.timeoutMs };
    try {
      for (;;) {
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw new HttpFailure('bad-url', `not a URL: ${url}`);
        }
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new HttpFailure('bad-url', `not an http(s) URL: ${url}`);
        const literal = parsed.hostname.replace(/^\[|\]$/g, '');
        if (!req.allowPrivate && isIP(literal) && isPrivateAddress(literal)) throw new HttpFailure('ssrf', new SsrfError(parsed.hostname, literal).message);
        seen.add(url);
        if (req.robots !== false) {
          const verdict = await this.robots.check(url, this.userAgent, req);
          if (verdict.failure) throw new HttpFailure(verdict.failure.kind, `${verdict.failure.message} (fetching robots.txt)`);
          if (!verdict.allowed) throw new HttpFailure('robots', verdict.reason);
          if (verdict.crawlDelayMs) this.raiseInterval(parsed.host, Math.min(verdict.crawlDelayMs, this.o.maxCrawlDelayMs));
        }
        const res = await this.once(parsed, method, body, req, redirects.length === 0, clock);
        if (REDIRECT_STATUS.has(res.status) && res.location) {
          const next = new URL(res.location, url).toString();
          redirects.push(url);
          if (seen.has(next)) throw new HttpFailure('redirect-loop', `redirect loop: ${[...redirects, next].join(' → ')}`, { status: res.status, headers: res.headers });
          if (redirects.length > this.o.maxRedirects) throw new HttpFailure('too-many-redirects', `more than ${this.o.maxRedirects} redirects`, { status: res.status, headers: res.headers });
          if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
          }
          url = next;
          continue;
        }
        if (res.status === 304) {
          return { ok: true, ...common(), status: 304, notModified: true, headers: res.headers, body: Buffer.alloc(0), text: '', charset: 'utf-8', sha256: '', cookies: [] };
        }
        const sha256 = createHash('sha256').update(res.body).digest('hex');
        if (res.status < 200 || res.status >= 300) {
          return {
            ok: false,
            ...common(),
            kind: 'http',
            message: `HTTP ${res.status}`,
            status: res.status,
            headers: res.headers,
            body: res.body,
            sha256,
            retryAfterMs: parseRetryAfter(res.headers['retry-after']),
          };
        }
        const { text, charset } = decodeBody(res.body, res.headers['content-type']);
        const blockPage = blockPageKind(text, req.blockPatterns);
        if (blockPage) {
          return { ok: false, ...common(), kind: 'blocked', message: `${blockPage} page served instead of the content`, status: res.status, headers: res.headers, body: res.body, sha256, retryAfterMs: null, blockPage };
        }
        return { ok: true, ...common(), status: res.status, notModified: false, headers: res.headers, body: res.body, text, charset, sha256, cookies: res.cookies.map((c) => c.split(';')[0].trim()) };
      }
    } catch (e) {
      const f = e instanceof HttpFailure ? e : classify(e);
      return {
        ok: false,
        ...common(),
        kind: f.kind,
        message: f.message,
        status: f.extra.status ?? null,
        headers: f.extra.headers ?? null,
        body: null,
        sha256: null,
        retryAfterMs: null,
      };
    }
  }

  /** One HTTP exchange, inside the host's queue and interval. */
  private async once(url: URL, method: string, body: string | undefined, req: FetchRequest, conditional: boolean, clock: { leftMs: number }) {
    if (clock.leftMs <= 0) throw new HttpFailure('timeout', `redirects used up the ${req.timeoutMs ?? this.o.timeoutMs} ms timeout`);
    const host = this.host(url.host, req);
    const interval = req.minIntervalMs ?? this.o.minIntervalMs;
    return host.queue.add(
      async () => {
        // The monotonic clock, to the fraction of a millisecond: whole milliseconds let two requests land up
        // to a millisecond closer than the gap, and a timer may wake a fraction early.
        for (let wait = host.nextAt - performance.now(); wait > 0; wait = host.nextAt - performance.now()) await sleep(Math.ceil(wait));
        const sent = performance.now();
        const gap = Math.max(interval, this.hostFloor.get(url.host) ?? 0);
        host.nextAt = sent + gap;
        this.opts.onRequest?.(url.host, url.toString(), Date.now());
        try {
          return await this.exchange(url, method, body, req, conditional, Math.ceil(clock.leftMs));
        } finally {
          clock.leftMs -= performance.now() - sent;
          // Counted from the end of the exchange too, so the host never sees two requests closer than the gap.
          if (gap > 0) host.nextAt = Math.max(host.nextAt, performance.now() + gap);
        }
      },
    ) as Promise<RawResponse>;
  }

  private async exchange(url: URL, method: string, body: string | undefined, req: FetchRequest, conditional: boolean, timeoutMs: number): Promise<RawResponse> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.8,*/*;q=0.5',
      'accept-language': 'ko,en;q=0.8',
      ...req.headers,
    };
    if (conditional && req.etag) headers['if-none-match'] = req.etag;
    if (conditional && req.lastModified) headers['if-modified-since'] = req.lastModified;
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/x-www-form-urlencoded';
    const signal = AbortSignal.timeout(timeoutMs);
    const res = await request(url, {
      method: method as 'GET',
      headers,
      body,
      signal,
      dispatcher: req.allowPrivate ? this.openAgent : this.strictAgent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const kept: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const v = res.headers[name];
      if (v !== undefined) kept[name] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    const setCookie = res.headers['set-cookie'];
    const cookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
    const max = req.maxBytes ?? this.o.maxBytes;
    const declared = Number(kept['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      res.body.destroy();
      throw new HttpFailure('too-large', `body of ${declared} bytes is over the ${max}-byte cap`, { status: res.statusCode, headers: kept });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    if (REDIRECT_STATUS.has(res.statusCode) || res.statusCode === 304) {
      await res.body.dump();
    } else {
      const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
      const tooLarge = (what: string) => new HttpFailure('too-large', `${what} over the ${max}-byte cap`, { status: res.statusCode, headers: kept });
      try {
        for await (const chunk of inflated(res.body, encoding, max, () => tooLarge('body'))) {
          size += chunk.length;
          if (size > max) throw tooLarge(`body inflated from ${encoding}`);
          chunks.push(chunk);
        }
      } catch (e) {
        res.body.destroy();
        const code = (e as { code?: unknown }).code;
        if (e instanceof HttpFailure || typeof code !== 'string' || !code.startsWith('Z_')) throw e;
        throw new HttpFailure('network', `damaged ${encoding} body: ${(e as Error).message}`, { status: res.statusCode, headers: kept });
      }
    }
    return { status: res.statusCode, headers: kept, location: kept.location ?? null, body: Buffer.concat(chunks), cookies };
  }

  private readonly hostFloor = new Map<string, number>();

  /** Crawl-delay from robots.txt raises a host's interval for every source. */
  private raiseInterval(host: string, ms: number): void {
    this.hostFloor.set(host, Math.max(this.hostFloor.get(host) ?? 0, ms));
  }

  /** The least interval robots.txt's Crawl-delay sets for a host (`host:port`), 0 when none. */
  protected crawlDelayOf(host: string): number {
    return this.hostFloor.get(host) ?? 0;
  }

  private host(key: string, req: FetchRequest): HostState {
    const want = Math.max(1, req.concurrency ?? this.o.concurrency);
    let h = this.hosts.get(key);
    if (!h) {
      h = { queue: new PQueue({ concurrency: want }), nextAt: 0, concurrency: want };
      this.hosts.set(key, h);
    } else if (want < h.concurrency) {
      // Two sources on one host: the stricter setting wins.
      h.concurrency = want;
      h.queue.concurrency = want;
    }
    return h;
  }

  /** robots.txt goes through the same host queue and interval as the request that needed it. */
  private async fetchRobots(robotsUrl: string, like: FetchRequest): Promise<FetchResult> {
    const { allowPrivate, minIntervalMs, concurrency, timeoutMs } = like;
    return this.fetchFollowing({ url: robotsUrl, allowPrivate, minIntervalMs, concurrency, timeoutMs, robots: false, maxBytes: 512 * 1024 }, Date.now());
  }
}

/**
 * The body's chunks, inflated when the server compressed it although no Accept-Encoding asked for it
 * (gzip, deflate, br). Compressed bytes are capped at `max` as they arrive, so a stream that inflates to
 * nothing cannot run on; the caller caps the inflated bytes. zlib waits for the reader, so a bomb never
 * inflates more than a buffer ahead of the cap.
 */
async function* inflated(body: Readable, encoding: string, max: number, tooLarge: () => Error): AsyncGenerator<Buffer> {
  let received = 0;
  const source = (async function* () {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > max) throw tooLarge();
      yield chunk;
    }
  })();
  const first = await source.next();
  if (first.done) return;
  const inflater = inflaterFor(encoding, first.value[0]);
  if (!inflater) {
    yield first.value;
    yield* source;
    return;
  }
  const input = Readable.from((async function* () {
    yield first.value;
    yield* source;
  })());
  // Errors (the cap, damaged data) end the inflater's iteration below; this callback only ends the pipe.
  yield* pipeline(input, inflater, () => {}) as AsyncIterable<Buffer>;
}

function inflaterFor(encoding: string, firstByte: number): Transform | null {
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'br') return createBrotliDecompress();
  // HTTP "deflate" comes zlib-wrapped or raw: a zlib header's first byte names method 8.
  if (encoding === 'deflate') return (firstByte & 0x0f) === 0x08 ? createInflate() : createInflateRaw();
  return null;
}

function retryable(r: FetchFailure): boolean {
  if (r.kind === 'network' || r.kind === 'timeout') return true;
  if (r.kind === 'dns') return /EAI_AGAIN/.test(r.message);
  return r.kind === 'http' && r.status !== null && RETRY_STATUS.has(r.status);
}

/** The longest Retry-After reported: a host asking for more (10^9 seconds, the year 9999) is told a year. */
export const RETRY_AFTER_CAP_MS = 365 * 24 * 3600_000;

/** Retry-After as seconds or an HTTP date, in milliseconds, at most RETRY_AFTER_CAP_MS. */
export function parseRetryAfter(v: string | undefined, now = Date.now()): number | null {
  if (!v) return null;
  if (/^\s*\d+\s*$/.test(v)) return Math.min(RETRY_AFTER_CAP_MS, Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.min(RETRY_AFTER_CAP_MS, Math.max(0, t - now));
}

function classify(e: unknown): HttpFailure {
  const err = e as { name?: string; code?: string; message?: string; cause?: unknown };
  const ssrf = findCause(e, (c) => c instanceof SsrfError);
  if (ssrf) return new HttpFailure('ssrf', (ssrf as Error).message);
  // Only string codes name an error (a timeout's DOMException has the number 23, which says nothing).
  const named = (c: unknown) => (typeof c === 'string' ? c : undefined);
  const code = named(err.code) ?? named((err.cause as { code?: unknown } | undefined)?.code) ?? '';
  const msg = `${code ? `${code}: ` : ''}${err.message ?? String(e)}`;
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || /TIMEOUT/.test(code)) return new HttpFailure('timeout', msg);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return new HttpFailure('dns', msg);
  return new HttpFailure('network', msg);
}

function findCause(e: unknown, test: (c: unknown) => boolean): unknown {
  for (let c: unknown = e, i = 0; c && i < 5; c = (c as { cause?: unknown }).cause, i++) if (test(c)) return c;
  return null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
