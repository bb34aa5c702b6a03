import { afterEach, describe, expect, it } from 'vitest';
import { normalizeArticle } from '../normalize/article.js';
import { openStore } from '../store/open-store.js';
import { alertsOf } from './attach.js';
import { AlertDelivery, PAUSE_AFTER_MS, retryDelayMs, webhookId } from './deliver.js';
import { smtpReceiver, webhookReceiver } from './test-receivers.js';

// The receivers in these tests listen on this machine.
process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE = '1';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const filler = 'The agency reported on the day in the capital city, where many people gathered for the occasion.';

async function setup(status?: (n: number) => number) {
  const store = await openStore(':memory:');
  const sourceId = await store.ensureSource({ slug: 'kcna', name: 'KCNA' });
  let secret = '';
  const hook = await webhookReceiver(() => secret, status);
  const smtp = await smtpReceiver();
  cleanups.push(hook.close, smtp.close, () => store.close());
  const saved = await alertsOf(store).searches.create({ name: 'fertilizer', query: 'fertilizer', webhook: hook.url, email: 'watcher@example.org' }, null);
  secret = saved.secret!;
  let clock = new Date(Date.now() + 1000);
  const delivery = new AlertDelivery(store, { smtpUrl: smtp.url, now: () => clock, log: () => {}, baseUrl: 'https://archive.example' });
  cleanups.push(() => delivery.stop());
  const ingest = async (url: string, body: string) => {
    const n = normalizeArticle({ url, title: 'Farm news', body: [body, filler], publishedAt: '2024-05-01T08:00:00Z', lang: 'en' });
    if (!n.ok) throw new Error(n.reason);
    await store.ingestBatch([{ sourceId, article: n.article, seenAt: '2024-05-01T09:00:00Z', origin: 'crawl' }]);
  };
  return { store, hook, smtp, saved, delivery, ingest, advance: (ms: number) => (clock = new Date(clock.getTime() + ms)), now: () => clock };
}

describe('alert delivery', () => {
  it('sends one signed webhook and one email per alert, and nothing twice', async () => {
    const t = await setup();
    await t.ingest('http://kcna.test/1', 'A plant makes fertilizer.');
    expect(await t.delivery.runOnce()).toEqual({ sent: 2, failed: 0 });
    expect(await t.delivery.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(t.hook.accepted).toHaveLength(1);
    const got = t.hook.accepted[0];
    expect(got).toMatchObject({ id: webhookId(1), verifiedByPackage: true, verifiedByHand: true });
    expect(got.payload).toMatchObject({
      type: 'article.new',
      savedSearch: { id: t.saved.id, name: 'fertilizer', query: 'fertilizer' },
      article: { id: 1, url: 'http://kcna.test/1', title: 'Farm news', source: 'kcna', link: 'https://archive.example/articles/1' },
    });
    expect(t.smtp.mails).toHaveLength(1);
    expect(t.smtp.mails[0].to).toEqual(['watcher@example.org']);
    expect(t.smtp.mails[0].raw).toContain('http://kcna.test/1');
  });

  it('retries a failing receiver with growing delays until it answers 2xx, with the same webhook-id', async () => {
    const t = await setup((n) => (n < 3 ? 500 : 200));
    await t.ingest('http://kcna.test/1', 'A plant makes fertilizer.');
    expect((await t.delivery.runOnce()).failed).toBe(1);
    // Not due again before the backoff has passed.
    t.advance(retryDelayMs(1) - 1000);
    await t.delivery.runOnce();
    expect(t.hook.requests()).toBe(1);
    for (let i = 1; i <= 3; i++) {
      t.advance(retryDelayMs(i) + 1000);
      await t.delivery.runOnce();
    }
    expect(t.hook.requests()).toBe(4);
    expect(t.hook.accepted.map((h) => h.id)).toEqual([webhookId(1)]);
    expect(t.hook.accepted[0].verifiedByHand).toBe(true);
    const row = t.store.raw.prepare(`SELECT attempts, last_status, delivered_at FROM alert_deliveries WHERE channel = 'webhook'`).get() as Record<string, unknown>;
    expect(row).toMatchObject({ attempts: 4, last_status: 200 });
    expect(row.delivered_at).not.toBeNull();
  });

  it('pauses a webhook that keeps failing for a day; saving the search resumes it', async () => {
    const t = await setup(() => 503);
    await t.ingest('http://kcna.test/1', 'A plant makes fertilizer.');
    let elapsed = 0;
    while (elapsed <= PAUSE_AFTER_MS + 3_600_000) {
      await t.delivery.runOnce();
      t.advance(3_600_000);
      elapsed += 3_600_000;
    }
    const s = (await alertsOf(t.store).searches.get(t.saved.id))!;
    expect(s.webhookPausedAt).not.toBeNull();
    const tries = t.hook.requests();
    expect(tries).toBeGreaterThan(10);
    t.advance(10 * 3_600_000);
    await t.delivery.runOnce();
    expect(t.hook.requests()).toBe(tries);
    await alertsOf(t.store).searches.update(t.saved.id, {});
    await t.delivery.runOnce();
    expect(t.hook.requests()).toBe(tries + 1);
  });
});
