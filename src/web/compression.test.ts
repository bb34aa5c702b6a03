import { Hono } from 'hono';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compression } from './compression.js';

const page = '<!doctype html><p>' + 'Kim Jong Un inspected the plant. '.repeat(200) + '</p>';
function app() {
  const a = new Hono();
  a.use('*', compression());
  a.get('/page', (c) => c.html(page));
  a.get('/small', (c) => c.json({ ok: true }));
  a.get('/static/app.js', (c) => c.body('console.log(1);'.repeat(500), 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  a.get('/feeds/all.json', (c) => c.body(JSON.stringify({ items: page }), 200, { 'content-type': 'application/feed+json; charset=utf-8' }));
  a.get('/export.csv', (c) => c.body('a,b\n'.repeat(2000), 200, { 'content-type': 'text/csv; charset=utf-8' }));
  return a;
}

describe('compressed responses', () => {
  it('gzips pages for clients that take gzip, to the same text', async () => {
    const r = await app().request('/page', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(r.headers.get('vary')).toMatch(/accept-encoding/i);
    const body = Buffer.from(await r.arrayBuffer());
    expect(body.length).toBeLessThan(page.length / 5);
    expect(gunzipSync(body).toString()).toBe(page);
  });

  it('gzips JSON Feed (application/feed+json) like the Atom and RSS feeds', async () => {
    const r = await app().request('/feeds/all.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await r.arrayBuffer())).toString())).toEqual({ items: page });
  });

  it('sends plain text to clients that ask for none, or refuse gzip with q=0', async () => {
    for (const enc of ['', 'identity', 'gzip;q=0']) {
      const r = await app().request('/page', { headers: { 'accept-encoding': enc } });
      expect(r.headers.get('content-encoding')).toBeNull();
      expect(await r.text()).toBe(page);
    }
  });

  it('uses Brotli for static files, and leaves small answers and streamed exports alone', async () => {
    const js = await app().request('/static/app.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(js.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await js.arrayBuffer())).toString()).toBe('console.log(1);'.repeat(500));
    const small = await app().request('/small', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: true });
    const csv = await app().request('/export.csv', { headers: { 'accept-encoding': 'gzip' } });
    expect(csv.headers.get('content-encoding')).toBeNull();
  });
});
