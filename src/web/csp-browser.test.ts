import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test/browser/chromium.js';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { openSqliteStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { createApp } from './app.js';

describe('pages under the Content-Security-Policy, in Chromium', () => {
  let store: SqliteStore;
  let server: ServerType;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    store = await openSqliteStore(join(tempDir(), 'csp.db'));
    await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
    const app = createApp(store);
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await store?.close();
  });

  it('the stylesheet applies, the search chart draws, and no page logs a CSP violation or an error', { timeout: 60_000 }, async () => {
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
    for (const path of ['/search?q=korea&cmp=japan', '/', `/articles/${id}`, '/sources/kcna-co-jp', '/health', '/entities/kim-jong-il']) {
      const res = await page.goto(origin + path);
      expect(res?.headers()['content-security-policy'], path).toContain("style-src 'self';");
      // The served stylesheet, not an inline one, gives the page its background.
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), path).toBe('rgb(251, 250, 247)');
      if (path.startsWith('/search')) {
        await page.locator('#chart canvas').first().waitFor({ timeout: 20_000 });
        expect(await page.locator('#chart .u-legend').count()).toBeGreaterThan(0);
      }
    }
    expect(logged).toEqual([]);
  });
});
