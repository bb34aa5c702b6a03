import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Screenshots are kept as test output (gitignored), one folder per viewport width. */
export const SCREENSHOTS = fileURLToPath(new URL('../../test-output/browser/', import.meta.url));

export interface Viewport {
  width: number;
  height: number;
}

/**
 * One browser window on the archive at one viewport, listening for everything a reader should never
 * see: console errors and warnings, script errors, failed requests, Content-Security-Policy violations.
 */
export class BrowserSession {
  /** What went wrong since the last `takeProblems()`. */
  private problems: string[] = [];
  private shots = 0;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly origin: string,
    readonly viewport: Viewport,
  ) {}

  static async open(browser: Browser, origin: string, viewport: Viewport): Promise<BrowserSession> {
    const context = await browser.newContext({ viewport, baseURL: origin, locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    const session = new BrowserSession(context, page, origin, viewport);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') session.problems.push(`console ${m.type()} on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => session.problems.push(`script error on ${page.url()}: ${e.message}`));
    page.on('requestfailed', (r) => {
      // A download the page hands to the browser ends its request as "aborted": not a failure.
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') session.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    });
    // The console names most violations too; the event also catches any the console would not.
    await context.exposeBinding('reportCspViolation', (_source, v: string) => session.problems.push(`CSP violation on ${page.url()}: ${v}`));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
      );
    });
    mkdirSync(join(SCREENSHOTS, String(viewport.width)), { recursive: true });
    return session;
  }

  /** The problems heard so far, and a clean slate for the next step. */
  takeProblems(): string[] {
    return this.problems.splice(0);
  }

  async goto(path: string): Promise<void> {
    const res = await this.page.goto(path);
    if (!res?.ok()) throw new Error(`${path}: HTTP ${res?.status()}`);
  }

  /**
   * Checks the page as it stands and keeps a screenshot: no serious or critical accessibility violation
   * (axe-core), nothing wider than the viewport.
   */
  async check(name: string): Promise<void> {
    const { page } = this;
    await page.evaluate(() => document.fonts.ready);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) this.problems.push(`${name}: the page is ${overflow} px wider than the ${this.viewport.width} px viewport`);
    const axe = await new AxeBuilder({ page }).analyze();
    for (const v of axe.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        this.problems.push(`${name}: ${v.impact} accessibility violation ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
    const file = `${String(++this.shots).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path: join(SCREENSHOTS, String(this.viewport.width), file), fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
