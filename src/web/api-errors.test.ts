import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createApp } from './app.js';

let store: Store;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  store = await openStore(join(tempDir(), 'errors.db'));
  app = createApp(store);
});
afterAll(async () => store.close());

async function errorOf(path: string, init?: RequestInit) {
  const res = await app.request(`http://localhost${path}`, init);
  expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('JSON API errors', () => {
  it('answer {error, message} for unknown paths, unknown articles and bad queries (with the position)', async () => {
    const cases: [string, number, string][] = [
      ['/api/no-such-thing', 404, 'not_found'],
      ['/api/articles/999999', 404, 'not_found'],
      ['/api/articles/999999/warc', 404, 'not_found'],
      ['/api/search?q=' + encodeURIComponent('title:('), 400, 'bad_query'],
    ];
    for (const [path, status, error] of cases) {
      const r = await errorOf(path);
      expect(r.status, path).toBe(status);
      expect(r.body.error, path).toBe(error);
      expect(typeof r.body.message, path).toBe('string');
    }
    expect(typeof (await errorOf('/api/search?q=' + encodeURIComponent('title:('))).body.position).toBe('number');
  });

  it('answer a body over the limit with 413 in the same shape', async () => {
    const r = await errorOf('/api/saved-searches', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(2 << 20) }, body: 'x'.repeat(2 << 20) });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ error: 'payload_too_large' });
  });

  it('leave pages as pages', async () => {
    const res = await app.request('http://localhost/no-such-page');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
