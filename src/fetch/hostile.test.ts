import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher, RETRY_AFTER_CAP_MS, type FetchRequest, type FetchResult } from './fetcher.js';
import { ENCODINGS, HANGUL_TEXT, startHostileServer } from './hostile-server.js';
import type { TestServer } from './test-server.js';

/**
 * Each hostile outlet ends in a bounded time, with bounded memory, as a FetchResult whose kind says what
 * happened. Limits are small so the tests are fast; the bounds scale with them (timeoutMs, maxBytes).
 */
const TIMEOUT_MS = 500;
const MAX_BYTES = 1024 * 1024;
/** Slack over a bound for a shared, loaded machine: a hang takes far longer. */
const SLACK_MS = 1500;
const MB = 1024 * 1024;

let server: TestServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startHostileServer({ dripMs: 50 });
  fetcher = new Fetcher({ minIntervalMs: 0, retries: 0, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, backoffBaseMs: 5, maxRetryAfterMs: 300 });
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

interface Measured {
  result: FetchResult;
  ms: number;
  /** Peak growth over the fetch, sampled every few milliseconds. */
  rssMb: number;
  arrayBuffersMb: number;
}

async function fetchMeasured(path: string, req: Partial<FetchRequest> = {}, f = fetcher): Promise<Measured> {
  const base = process.memoryUsage();
  let rss = base.rss;
  let arrayBuffers = base.arrayBuffers;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    arrayBuffers = Math.max(arrayBuffers, m.arrayBuffers);
  }, 5);
  const started = performance.now();
  try {
    const result = await f.fetch({ url: `${server.origin}${path}`, allowPrivate: true, ...req });
    return { result, ms: performance.now() - started, rssMb: (rss - base.rss) / MB, arrayBuffersMb: (arrayBuffers - base.arrayBuffers) / MB };
  } finally {
    clearInterval(sample);
  }
}

const failure = (r: FetchResult) => (r.ok ? null : { kind: r.kind, status: r.status });
const hitsOf = (path: string) => server.hits.filter((h) => h.path === path).length;

describe('slowloris: the timeout is for the whole attempt, not between bytes', () => {
  it.each(['/slowloris/headers', '/slowloris/body'])('%s ends as a timeout within timeoutMs', async (path) => {
    const { result, ms } = await fetchMeasured(path);
    expect(failure(result)).toEqual({ kind: 'timeout', status: null });
    expect(!result.ok && result.message).toBe('The operation was aborted due to timeout');
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it('a chain of redirects, each just under the timeout, shares one timeout', async () => {
    // Each hop takes 400 ms: without a shared clock, five hops took 2 s and ended as too-many-redirects.
    const { result, ms } = await fetchMeasured('/redirect/slow/0');
    expect(failure(result)).toEqual({ kind: 'timeout', status: null });
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it('retries multiply the bound: (retries + 1) × timeoutMs plus backoff', async () => {
    const { result, ms } = await fetchMeasured('/slowloris/body', { retries: 2 });
    expect(result.attempts).toBe(3);
    expect(failure(result)?.kind).toBe('timeout');
    expect(ms).toBeLessThan(3 * TIMEOUT_MS + SLACK_MS);
  });
});

describe('bodies that never end or inflate to gigabytes stop at maxBytes', () => {
  it('an endless body is too-large, memory near the cap', async () => {
    const { result, ms, arrayBuffersMb } = await fetchMeasured('/endless');
    expect(failure(result)).toEqual({ kind: 'too-large', status: 200 });
    expect(ms).toBeLessThan(SLACK_MS);
    expect(arrayBuffersMb).toBeLessThan(32);
  });

  it.each(ENCODINGS)('a %s bomb of 4 GiB is too-large once inflated past the cap, memory bounded', async (encoding) => {
    const { result, ms, rssMb, arrayBuffersMb } = await fetchMeasured(`/bomb/${encoding}`);
    expect(failure(result)).toEqual({ kind: 'too-large', status: 200 });
    expect(!result.ok && result.message).toContain(`inflated from ${encoding}`);
    expect(ms).toBeLessThan(SLACK_MS);
    expect(arrayBuffersMb).toBeLessThan(32);
    expect(rssMb).toBeLessThan(128);
  });

  it.each(['gzip', 'deflate', 'deflate-raw', 'br'])('a page compressed unasked (%s) is inflated and read', async (encoding) => {
    const { result } = await fetchMeasured(`/compressed/${encoding}`);
    expect(result.ok && result.text).toContain(HANGUL_TEXT);
  });

  it('damaged compressed data is a network failure saying so', async () => {
    const { result } = await fetchMeasured('/compressed/damaged');
    expect(failure(result)?.kind).toBe('network');
    expect(!result.ok && result.message).toMatch(/^damaged gzip body/);
  });

  it('compressed bytes that inflate to nothing are capped as they arrive', async () => {
    const { result, ms } = await fetchMeasured('/compressed/empty-members');
    expect(failure(result)).toEqual({ kind: 'too-large', status: 200 });
    expect(ms).toBeLessThan(SLACK_MS);
  });
});

describe('redirect loops', () => {
  it.each([
    ['/redirect/self', 'redirect-loop', 1],
    ['/redirect/hop/0', 'too-many-redirects', 6],
    ['/redirect/query', 'too-many-redirects', 6],
  ])('%s ends as %s after %i requests', async (path, kind, requests) => {
    const before = server.hits.length;
    const { result, ms } = await fetchMeasured(path);
    expect(failure(result)?.kind).toBe(kind);
    expect(server.hits.length - before).toBe(requests);
    expect(ms).toBeLessThan(SLACK_MS);
  });
});

describe('429 storms', () => {
  it('Retry-After: 0 on every request ends after retries + 1 attempts as HTTP 429', async () => {
    const before = hitsOf('/429/0');
    const { result, ms } = await fetchMeasured('/429/0', { retries: 3 });
    expect(failure(result)).toEqual({ kind: 'http', status: 429 });
    expect(result.attempts).toBe(4);
    expect(hitsOf('/429/0') - before).toBe(4);
    expect(ms).toBeLessThan(SLACK_MS);
  });

  it.each([
    ['1000000000', RETRY_AFTER_CAP_MS],
    ['9'.repeat(400), RETRY_AFTER_CAP_MS],
    ['Fri, 31 Dec 9999 23:59:59 GMT', RETRY_AFTER_CAP_MS],
    ['2', 2000],
  ])('Retry-After %s, over the longest wait, ends at once with a finite retryAfterMs', async (value, expected) => {
    const { result, ms } = await fetchMeasured(`/429/${encodeURIComponent(value)}`, { retries: 3 });
    expect(failure(result)).toEqual({ kind: 'http', status: 429 });
    expect(result.attempts).toBe(1);
    expect(!result.ok && result.retryAfterMs).toBe(expected);
    expect(ms).toBeLessThan(SLACK_MS);
  });

  it('a Retry-After in the past or unreadable falls back to backoff, still bounded by retries', async () => {
    for (const value of ['Thu, 01 Jan 1970 00:00:00 GMT', 'soon', '-5']) {
      const { result, ms } = await fetchMeasured(`/429/${encodeURIComponent(value)}`, { retries: 2 });
      expect(result.attempts, value).toBe(3);
      expect(ms).toBeLessThan(SLACK_MS);
    }
  });
});

describe('mislabelled charsets', () => {
  it.each([
    ['/charset/euc-kr-as-utf-8', 'euc-kr'],
    ['/charset/utf-8-as-euc-kr', 'utf-8'],
    ['/charset/utf-8-meta-euc-kr', 'utf-8'],
    ['/charset/euc-kr-unlabelled', 'euc-kr'],
    ['/charset/utf-8-unlabelled', 'utf-8'],
    ['/charset/unknown-label', 'utf-8'],
  ])('%s is read as %s', async (path, charset) => {
    const { result } = await fetchMeasured(path);
    expect(result.ok && result.charset).toBe(charset);
    expect(result.ok && result.text).toContain(HANGUL_TEXT);
  });
});

describe('pages served with 200 in place of the content', () => {
  it.each([
    ['/blocked/title', 'block'],
    ['/blocked/captcha', 'captcha'],
    ['/blocked/maintenance', 'maintenance'],
  ])('%s is blocked (%s)', async (path, blockPage) => {
    const { result } = await fetchMeasured(path);
    expect(failure(result)).toEqual({ kind: 'blocked', status: 200 });
    expect(!result.ok && result.blockPage).toBe(blockPage);
    expect(!result.ok && result.message).toBe(`${blockPage} page served instead of the content`);
  });
});
