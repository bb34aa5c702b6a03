import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { maxBodyBytes, requestBodyLimit } from './request-limits.js';

function app(max: number) {
  const a = new Hono();
  a.use('*', requestBodyLimit(max));
  a.post('/echo', async (c) => c.text(String((await c.req.text()).length)));
  return a;
}

describe('request size limits', () => {
  it('takes a body up to the limit and refuses a larger one with 413, with or without Content-Length', async () => {
    expect(await (await app(1000).request('/echo', { method: 'POST', body: 'x'.repeat(1000) })).text()).toBe('1000');
    const big = await app(1000).request('/echo', { method: 'POST', body: 'x'.repeat(1001) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: 'payload_too_large' });
    const chunks = new ReadableStream({
      start(ctl) {
        for (let i = 0; i < 10; i++) ctl.enqueue(new TextEncoder().encode('y'.repeat(500)));
        ctl.close();
      },
    });
    const streamed = await app(1000).request('/echo', { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('reads its limit from WIREWATCH_MAX_BODY_BYTES, else 1 MiB', () => {
    expect(maxBodyBytes({})).toBe(1024 * 1024);
    expect(maxBodyBytes({ WIREWATCH_MAX_BODY_BYTES: '2048' })).toBe(2048);
    expect(maxBodyBytes({ WIREWATCH_MAX_BODY_BYTES: 'lots' })).toBe(1024 * 1024);
  });
});
