import { serve, type ServerType } from '@hono/node-server';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { openStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { createApp } from './app.js';

/** The system's Chromium (Debian's package); without it this check is skipped. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('pages under the Content-Security-Policy, in Chromium', () => {
  let store: SqliteStore;
  let server: ServerType;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    store = await openStore(join(tempDir(), 'csp.db'));
    await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
    const app = createApp(store);
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await store?.close();
  });

  it('the search chart draws, and no page logs a CSP violation or an error', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
    const logged: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') logged.push(m.text());
    });
    page.on('pageerror', (e) => logged.push(e.message));
    await page.exposeFunction('reportViolation', (v: string) => logged.push(`CSP: ${v}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const id = (await store.latest(1))[0].id;
    for (const path of ['/search?q=korea&compare=japan', '/', `/articles/${id}`, '/sources/kcna-co-jp']) {
      const res = await page.goto(origin + path);
      expect(res?.headers()['content-security-policy'], path).toContain("script-src 'self'");
      if (path.startsWith('/search')) {
        await page.locator('#chart canvas').first().waitFor({ timeout: 20_000 });
        expect(await page.locator('#chart .u-legend').count()).toBeGreaterThan(0);
      }
    }
    expect(logged).toEqual([]);
  });
});
