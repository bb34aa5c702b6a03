import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from './charset.js';
import { Fetcher, parseRetryAfter } from './fetcher.js';
import { isPrivateAddress } from './ssrf.js';
import { startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
const counters = new Map<string, number>();
const count = (k: string) => {
  const n = (counters.get(k) ?? 0) + 1;
  counters.set(k, n);
  return n;
};

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('User-agent: *\nDisallow: /private/\n');
    }
    if (path === '/ok') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
      return void res.end('<html><body><p>안녕 hello</p></body></html>');
    }
    if (path === '/cond') {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'text/html', etag: '"v1"' });
      return void res.end('<p>first</p>');
    }
    if (path === '/busy') {
      if (count('busy') === 1) {
        res.writeHead(429, { 'retry-after': '1' });
        return void res.end('slow down');
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('ok now');
    }
    if (path === '/burst') {
      if (count('burst') <= 2) {
        res.writeHead(503);
        return void res.end('unavailable');
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('recovered');
    }
    if (path === '/gone') {
      res.writeHead(404);
      return void res.end('not here');
    }
    if (path === '/slow-headers') return void setTimeout(() => res.end('late'), 3000);
    if (path === '/never-ending') {
      res.writeHead(200, { 'content-type': 'text/html' });
      const t = setInterval(() => res.write('<p>more</p>'), 20);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('x'.repeat(300_000));
    }
    if (path === '/huge-chunked') {
      res.writeHead(200, { 'content-type': 'text/html', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 40; i++) res.write('y'.repeat(10_000));
      return void res.end();
    }
    if (path === '/loop-a') {
      res.writeHead(302, { location: '/loop-b' });
      return void res.end();
    }
    if (path === '/loop-b') {
      res.writeHead(301, { location: '/loop-a' });
      return void res.end();
    }
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (hop) {
      res.writeHead(302, { location: `/hop/${Number(hop[1]) + 1}` });
      return void res.end();
    }
    if (path === '/euc-kr') {
      res.writeHead(200, { 'content-type': 'text/html; charset=EUC-KR' });
      return void res.end(iconv.encode('<html><body><p>조선중앙통신 평양</p></body></html>', 'euc-kr'));
    }
    if (path === '/euc-kr-meta') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end(iconv.encode('<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"></head><body>로동신문</body></html>', 'euc-kr'));
    }
    if (path === '/blocked') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html><head><title>Web Page Blocked</title></head><body>The page you requested has been blocked.</body></html>');
    }
    res.writeHead(404);
    res.end();
  });
});
afterAll(() => server.close());

const fast = () => new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, timeoutMs: 1500, retries: 3 });

describe('Fetcher', () => {
  it('fetches with an identifying User-Agent and keeps validators and a body hash', async () => {
    const f = fast();
    const r = await f.fetch({ url: `${server.origin}/ok`, allowPrivate: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).toContain('안녕 hello');
    expect(r.headers.etag).toBe('"v1"');
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const hit = server.hits.find((h) => h.path === '/ok')!;
    expect(hit.headers['user-agent']).toMatch(/Wirewatch.*\+http/);
    await f.close();
  });

  it('refuses loopback and private addresses unless the source allows them', async () => {
    const f = fast();
    const r = await f.fetch({ url: `${server.origin}/ok` });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.kind).toBe('ssrf');
    const byName = await f.fetch({ url: `http://localhost:${server.port}/ok` });
    expect(!byName.ok && byName.kind).toBe('ssrf');
    expect(isPrivateAddress('169.254.169.254')).toBe(true);
    expect(isPrivateAddress('10.1.2.3')).toBe(true);
    expect(isPrivateAddress('::ffff:192.168.1.1')).toBe(true);
    expect(isPrivateAddress('175.45.176.1')).toBe(false);
    await f.close();
  });

  it('refuses address literals that reach IPv4 through IPv6 (NAT64, 6to4, IPv4-compatible), naming the block', async () => {
    const f = fast();
    for (const host of ['[64:ff9b::7f00:1]', '[2002:7f00:1::1]', '[::127.0.0.1]', '[::ffff:7f00:1]', '[2001:db8::1]', '198.18.0.1']) {
      const r = await f.fetch({ url: `http://${host}:${server.port}/ok` });
      expect(r.ok, host).toBe(false);
      if (!r.ok) expect([r.kind, r.message]).toEqual(['ssrf', expect.stringMatching(/\(.+\), a private or special-purpose address/)]);
    }
    await f.close();
  });

  it('honours robots.txt', async () => {
    const f = fast();
    const r = await f.fetch({ url: `${server.origin}/private/x`, allowPrivate: true });
    expect(!r.ok && r.kind).toBe('robots');
    await f.close();
  });

  it('sends conditional requests and reports 304 as not modified', async () => {
    const f = fast();
    const r = await f.fetch({ url: `${server.origin}/cond`, allowPrivate: true, etag: '"v1"' });
    expect(r.ok && r.notModified).toBe(true);
    await f.close();
  });

  it('retries a 429 after its Retry-After and 5xx bursts with backoff', async () => {
    const f = fast();
    const t0 = Date.now();
    const r = await f.fetch({ url: `${server.origin}/busy`, allowPrivate: true });
    expect(r.ok).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(r.attempts).toBe(2);
    const b = await f.fetch({ url: `${server.origin}/burst`, allowPrivate: true });
    expect(b.ok && b.text).toBe('recovered');
    expect(b.attempts).toBe(3);
    const gone = await f.fetch({ url: `${server.origin}/gone`, allowPrivate: true });
    expect(!gone.ok && gone.status).toBe(404);
    expect(gone.attempts).toBe(1);
    expect(parseRetryAfter('120')).toBe(120_000);
    await f.close();
  });

  it('times out slow and never-ending responses', async () => {
    const f = new Fetcher({ minIntervalMs: 0, timeoutMs: 400, retries: 0 });
    const slow = await f.fetch({ url: `${server.origin}/slow-headers`, allowPrivate: true });
    expect(!slow.ok && slow.kind).toBe('timeout');
    const endless = await f.fetch({ url: `${server.origin}/never-ending`, allowPrivate: true });
    expect(!endless.ok && endless.kind).toBe('timeout');
    await f.close();
  });

  it('caps the body size', async () => {
    const f = new Fetcher({ minIntervalMs: 0, maxBytes: 100_000, retries: 0 });
    const a = await f.fetch({ url: `${server.origin}/huge`, allowPrivate: true });
    expect(!a.ok && a.kind).toBe('too-large');
    const b = await f.fetch({ url: `${server.origin}/huge-chunked`, allowPrivate: true });
    expect(!b.ok && b.kind).toBe('too-large');
    await f.close();
  });

  it('detects redirect loops and too many redirects', async () => {
    const f = fast();
    const loop = await f.fetch({ url: `${server.origin}/loop-a`, allowPrivate: true });
    expect(!loop.ok && loop.kind).toBe('redirect-loop');
    const many = await f.fetch({ url: `${server.origin}/hop/0`, allowPrivate: true });
    expect(!many.ok && many.kind).toBe('too-many-redirects');
    await f.close();
  });

  it('decodes EUC-KR from the header, the meta tag or a sniff', async () => {
    const f = fast();
    const a = await f.fetch({ url: `${server.origin}/euc-kr`, allowPrivate: true });
    expect(a.ok && a.text).toContain('조선중앙통신 평양');
    const b = await f.fetch({ url: `${server.origin}/euc-kr-meta`, allowPrivate: true });
    expect(b.ok && b.charset).toBe('euc-kr');
    expect(b.ok && b.text).toContain('로동신문');
    expect(decodeBody(iconv.encode('<p>김정은 동지께서 현지지도하시였다 평양시</p>', 'euc-kr')).text).toContain('현지지도');
    expect(decodeBody(Buffer.from('\uFEFF<p>bom</p>')).text).toBe('<p>bom</p>');
    await f.close();
  });

  it('treats a block page served with 200 as a failure', async () => {
    const f = fast();
    const r = await f.fetch({ url: `${server.origin}/blocked`, allowPrivate: true });
    expect(!r.ok && r.kind).toBe('blocked');
    await f.close();
  });

  it('keeps the interval between requests to one host', async () => {
    const f = new Fetcher({ minIntervalMs: 120 });
    const before = server.hits.length;
    await Promise.all([1, 2, 3, 4].map(() => f.fetch({ url: `${server.origin}/ok`, allowPrivate: true })));
    const times = server.hits.slice(before).map((h) => h.at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(115);
    await f.close();
  });

  it('honours Crawl-delay from robots.txt', async () => {
    const slow = await startTestServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.url === '/robots.txt' ? 'User-agent: *\nCrawl-delay: 0.3\n' : 'ok');
    });
    const f = new Fetcher({ minIntervalMs: 0 });
    await Promise.all([1, 2, 3].map(() => f.fetch({ url: `${slow.origin}/page`, allowPrivate: true })));
    const times = slow.hits.filter((h) => h.path === '/page').map((h) => h.at);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(295);
    await f.close();
    await slow.close();
  });

  it('reports an unreachable host as a network failure', async () => {
    const f = new Fetcher({ minIntervalMs: 0, retries: 0, connectTimeoutMs: 500 });
    const r = await f.fetch({ url: 'http://127.0.0.1:1/x', allowPrivate: true });
    expect(!r.ok && r.kind).toBe('network');
    await f.close();
  });
});
