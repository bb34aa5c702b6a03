import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createApp } from './app.js';

let store: Store;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  store = await openStore(join(tempDir(), 'cors.db'));
  app = createApp(store);
});
afterAll(async () => store.close());

const OTHER = 'https://notebook.example';

describe('CORS on read endpoints', () => {
  it('lets another site read the JSON API, feeds and Memento answers, exposing Link and Memento-Datetime', async () => {
    for (const path of ['/api/stats', '/api/sources', '/feeds/latest.atom', '/timemap/link/https://outlet.example/a']) {
      const res = await app.request(`http://localhost${path}`, { headers: { Origin: OTHER } });
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
      expect(res.headers.get('access-control-expose-headers'), path).toContain('Memento-Datetime');
    }
  });

  it('answers a read preflight and refuses a write preflight', async () => {
    const preflight = (method: string) =>
      app.request('http://localhost/api/saved-searches', { method: 'OPTIONS', headers: { Origin: OTHER, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'authorization' } });
    const read = await preflight('GET');
    expect(read.status).toBe(204);
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    expect(read.headers.get('access-control-allow-methods')).toContain('GET');
    expect(read.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const write = await preflight('POST');
    expect(write.headers.get('access-control-allow-origin')).toBeNull();
    expect(write.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('puts no CORS headers on writes or on pages', async () => {
    const write = await app.request('http://localhost/api/saved-searches', { method: 'POST', headers: { Origin: OTHER, 'Content-Type': 'application/json' }, body: '{}' });
    expect(write.headers.get('access-control-allow-origin')).toBeNull();
    const page = await app.request('http://localhost/', { headers: { Origin: OTHER } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });
});
