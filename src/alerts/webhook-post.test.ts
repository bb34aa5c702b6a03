import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook, webhookAddressProblem } from './webhook-post.js';

const saved = process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE;
afterEach(() => {
  if (saved === undefined) delete process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE;
  else process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE = saved;
});

describe('webhook addresses', () => {
  it('refuses private and special-purpose addresses unless allowed, and anything but http(s)', () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://10.1.2.3/', 'http://[64:ff9b::7f00:1]/']) {
      expect(webhookAddressProblem(url, false)).toMatch(/private or special-purpose/);
      expect(webhookAddressProblem(url, true)).toBeNull();
    }
    expect(webhookAddressProblem('ftp://example.org/x', true)).toMatch(/http or https/);
    expect(webhookAddressProblem('https://hooks.example.org/x', false)).toBeNull();
  });

  it('does not connect to a name that resolves to a private address', async () => {
    let reached = false;
    const server = createServer((_req, res) => {
      reached = true;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      delete process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE;
      await expect(postWebhook(`http://localhost:${port}/hook`, { headers: {}, body: '{}', timeoutMs: 2000 })).rejects.toThrow();
      expect(reached).toBe(false);
      process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE = '1';
      expect((await postWebhook(`http://localhost:${port}/hook`, { headers: {}, body: '{}', timeoutMs: 2000 })).status).toBe(200);
      expect(reached).toBe(true);
    } finally {
      server.close();
    }
  });
});
