import iconv from 'iconv-lite';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { brotliCompressSync, constants as zlib, createBrotliCompress, createDeflate, createGzip, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * An outlet at its worst, on 127.0.0.1: answers that never end, bodies that inflate to gigabytes,
 * redirect loops, endless 429s, mislabelled charsets, block pages served as 200 and pages that change
 * on every fetch. Each route misbehaves forever; the client must be the one that stops.
 */
export interface HostileOptions {
  /** Gap between the bytes of a slowloris answer (keep it under the client's idle timeout). */
  dripMs?: number;
}

/** How many bytes a bomb route would inflate to, were it read to its end. */
export const BOMB_INFLATED_BYTES = 4 * 1024 ** 3;

export const ENCODINGS = ['gzip', 'deflate', 'br'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Hangul article text, for the charset routes. */
export const HANGUL_TEXT = '경애하는 김정은동지께서 평양시의 여러 단위를 현지지도하시였다';

/** One path of each misbehaviour, as `/index` links them for a crawl. */
export const HOSTILE_PATHS = [
  '/slowloris/headers',
  '/slowloris/body',
  '/endless',
  ...ENCODINGS.map((e) => `/bomb/${e}`),
  '/compressed/damaged',
  '/compressed/empty-members',
  '/redirect/self',
  '/redirect/hop/0',
  '/redirect/query',
  '/redirect/slow/0',
  '/429/0',
  '/429/1000000000',
  '/charset/euc-kr-as-utf-8',
  '/charset/utf-8-as-euc-kr',
  '/blocked/title',
  '/blocked/captcha',
  '/blocked/maintenance',
];

export async function startHostileServer(opts: HostileOptions = {}): Promise<TestServer> {
  const drip = opts.dripMs ?? 50;
  let fetches = 0;
  return startTestServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    fetches++;
    const timers: NodeJS.Timeout[] = [];
    const every = (ms: number, fn: () => void) => timers.push(setInterval(fn, ms));
    res.on('close', () => timers.forEach(clearInterval));
    req.socket.on('close', () => timers.forEach(clearInterval));

    if (path === '/robots.txt') return void res.writeHead(404).end();
    if (path === '/index') {
      const links = HOSTILE_PATHS.map((p) => `<li><a href="${p}">${p}</a> <span class="date">2024.05.04</span></li>`).join('');
      return void html(res, 'text/html; charset=utf-8', Buffer.from(`<html><body><ul class="news">${links}</ul></body></html>`));
    }
    // Status line sent, then the headers one byte at a time: never a blank line.
    if (path === '/slowloris/headers') {
      req.socket.write('HTTP/1.1 200 OK\r\nX-Drip: ');
      return void every(drip, () => req.socket.write('a'));
    }
    // Headers at once, then the body one byte at a time, each byte well inside any idle timeout.
    if (path === '/slowloris/body') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write('<html><body><p>');
      return void every(drip, () => res.write('.'));
    }
    if (path === '/endless') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void Readable.from(endlessChunks(Buffer.alloc(64 * 1024, '<p>more</p>'))).pipe(res);
    }
    const bomb = /^\/bomb\/(gzip|deflate|br)$/.exec(path);
    if (bomb) return void bombTo(res, bomb[1] as Encoding);
    // Compressed unasked but honest: a page a misconfigured server gzips for every client.
    const packed = /^\/compressed\/(gzip|deflate|deflate-raw|br)$/.exec(path);
    if (packed) {
      const text = Buffer.from(page(HANGUL_TEXT), 'utf8');
      const [encoding, body] = packed[1] === 'gzip' ? ['gzip', gzipSync(text)] : packed[1] === 'deflate' ? ['deflate', deflateSync(text)] : packed[1] === 'deflate-raw' ? ['deflate', deflateRawSync(text)] : ['br', brotliCompressSync(text)];
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': encoding }).end(body);
    }
    if (path === '/compressed/damaged') {
      const good = gzipSync(Buffer.from(page(HANGUL_TEXT)));
      return void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(Buffer.concat([good.subarray(0, 12), Buffer.alloc(64, 0xff)]));
    }
    // Gzip members of nothing, forever: bytes arrive but nothing inflates.
    if (path === '/compressed/empty-members') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      return void Readable.from(endlessChunks(Buffer.concat(Array.from({ length: 1024 }, () => gzipSync(Buffer.alloc(0)))))).pipe(res);
    }
    if (path === '/redirect/self') return void res.writeHead(302, { location: '/redirect/self' }).end();
    const hop = /^\/redirect\/hop\/(\d+)$/.exec(path);
    if (hop) return void res.writeHead(301, { location: `/redirect/hop/${Number(hop[1]) + 1}` }).end();
    // Each hop answers just inside any per-request timeout: only a timeout for the whole chain stops it.
    const slowHop = /^\/redirect\/slow\/(\d+)$/.exec(path);
    if (slowHop) {
      const t = setTimeout(() => res.writeHead(302, { location: `/redirect/slow/${Number(slowHop[1]) + 1}` }).end(), drip * 8);
      return void res.on('close', () => clearTimeout(t));
    }
    // Same path, a new query each time: no URL repeats, so only the hop count can stop it.
    if (path === '/redirect/query') return void res.writeHead(307, { location: `/redirect/query?n=${fetches}` }).end();
    const storm = /^\/429\/(.+)$/.exec(path);
    if (storm) return void res.writeHead(429, { 'retry-after': decodeURIComponent(storm[1]) }).end('slow down');
    if (path === '/charset/euc-kr-as-utf-8') return void html(res, 'text/html; charset=utf-8', iconv.encode(page(HANGUL_TEXT), 'euc-kr'));
    if (path === '/charset/utf-8-as-euc-kr') return void html(res, 'text/html; charset=euc-kr', Buffer.from(page(HANGUL_TEXT), 'utf8'));
    if (path === '/charset/utf-8-meta-euc-kr') return void html(res, 'text/html', Buffer.from(page(HANGUL_TEXT, '<meta charset="euc-kr">'), 'utf8'));
    if (path === '/charset/euc-kr-unlabelled') return void html(res, 'text/html', iconv.encode(page(HANGUL_TEXT), 'euc-kr'));
    if (path === '/charset/utf-8-unlabelled') return void html(res, 'text/html', Buffer.from(page(HANGUL_TEXT), 'utf8'));
    if (path === '/charset/unknown-label') return void html(res, 'text/html; charset=x-no-such-charset', Buffer.from(page(HANGUL_TEXT), 'utf8'));
    if (path === '/blocked/title') return void html(res, 'text/html', Buffer.from('<html><head><title>Web Page Blocked</title></head><body>Access denied.</body></html>'));
    if (path === '/blocked/captcha') {
      return void html(res, 'text/html', Buffer.from('<html><head><title>Security check</title></head><body><h1>Are you a robot?</h1><p>Please complete the captcha to continue.</p></body></html>'));
    }
    if (path === '/blocked/maintenance') {
      return void html(res, 'text/html', Buffer.from('<html><head><title>Site under maintenance</title></head><body><p>The site is down for maintenance. Please come back later.</p></body></html>'));
    }
    res.writeHead(404).end();
  });
}

function page(text: string, meta = ''): string {
  return `<html><head>${meta}<title>${text.slice(0, 10)}</title></head><body><p>${text}</p></body></html>`;
}

function html(res: ServerResponse, type: string, body: Buffer): void {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body);
}

async function* endlessChunks(chunk: Buffer): AsyncGenerator<Buffer> {
  for (;;) yield chunk;
}

/** Zeros, BOMB_INFLATED_BYTES of them, compressed as they are read: only what the client takes is made. */
function bombTo(res: ServerResponse, encoding: Encoding): void {
  res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': encoding });
  const zeros = Buffer.alloc(1024 * 1024);
  const source = Readable.from(
    (function* () {
      for (let sent = 0; sent < BOMB_INFLATED_BYTES; sent += zeros.length) yield zeros;
    })(),
  );
  const compress =
    encoding === 'gzip' ? createGzip({ level: 1 }) : encoding === 'deflate' ? createDeflate({ level: 1 }) : createBrotliCompress({ params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } });
  res.on('close', () => {
    source.destroy();
    compress.destroy();
  });
  source.pipe(compress).pipe(res);
}
