import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { normalizeArticle } from '../normalize/article.js';
import { openStore } from '../store/open-store.js';
import { testBackends } from '../testing/backends.js';
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

describe.each(testBackends())('alert delivery ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  async function setup(status?: (n: number) => number) {
    const location = await backend.location();
    const store = await openStore(location);
    const sourceId = await store.ensureSource({ slug: 'kcna', name: 'KCNA' });
    let secret = '';
    const hook = await webhookReceiver(() => secret, status);
    const smtp = await smtpReceiver();
    cleanups.push(hook.close, smtp.close, () => store.close());
    const saved = await alertsOf(store).searches.create({ name: 'fertilizer', query: 'fertilizer', webhook: hook.url, email: 'watcher@example.org' }, null);
    secret = saved.secret!;
    // Ahead of the alerts the ingests record (at the real time), however slowly the machine runs.
    let clock = new Date(Date.now() + 60_000);
    const delivery = new AlertDelivery(store, { smtpUrl: smtp.url, now: () => clock, log: () => {}, baseUrl: 'https://archive.example' });
    cleanups.push(() => delivery.stop());
    const ingest = async (url: string, body: string) => {
      const n = normalizeArticle({ url, title: 'Farm news', body: [body, filler], publishedAt: '2024-05-01T08:00:00Z', lang: 'en' });
      if (!n.ok) throw new Error(n.reason);
      await store.ingestBatch([{ sourceId, article: n.article, seenAt: '2024-05-01T09:00:00Z', origin: 'crawl' }]);
    };
    return { store, location, hook, smtp, saved, delivery, ingest, advance: (ms: number) => (clock = new Date(clock.getTime() + ms)), now: () => clock };
  }

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
    const row = (await sql<Record<string, unknown>>`SELECT attempts, last_status, delivered_at FROM alert_deliveries WHERE channel = 'webhook'`.execute(alertsOf(t.store).db)).rows[0];
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


  it('several senders at once send each alert once (each claims what it sends)', async () => {
    const t = await setup();
    const places = ['Pyongyang', 'Wonsan', 'Hamhung', 'Chongjin', 'Sinuiju', 'Kaesong', 'Nampo', 'Haeju', 'Kanggye', 'Hyesan', 'Sariwon', 'Rason'];
    for (const [i, place] of places.entries()) await t.ingest(`http://kcna.test/${i}`, `A plant in ${place} makes fertilizer; its ${i + 2} workshops were rebuilt by ${place} builders.`);
    // A second sender on its own connection to the same archive, as another process would be.
    const other = backend.name === 'postgres' ? await openStore(t.location) : t.store;
    if (other !== t.store) cleanups.push(() => other.close());
    const second = new AlertDelivery(other, { smtpUrl: t.smtp.url, now: t.now, log: () => {} });
    cleanups.push(() => second.stop());
    const [a, b] = await Promise.all([t.delivery.runOnce(), second.runOnce()]);
    expect(a.sent + b.sent).toBe(24);
    expect(a.failed + b.failed).toBe(0);
    expect(t.hook.accepted.map((h) => h.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => webhookId(i + 1)).sort());
    expect(t.smtp.mails).toHaveLength(12);
  });
});
