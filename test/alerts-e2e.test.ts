import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsOf } from '../src/alerts/attach.js';
import { AlertDelivery, webhookId } from '../src/alerts/deliver.js';
import { smtpReceiver, webhookReceiver } from '../src/alerts/test-receivers.js';
import { Crawler } from '../src/crawl/crawler.js';
import { upsertSourceDef } from '../src/crawl/sync.js';
import { Fetcher } from '../src/fetch/fetcher.js';
import { startTestServer, type TestServer } from '../src/fetch/test-server.js';
import { normalizeArticle } from '../src/normalize/article.js';
import { parseSource } from '../src/sources/load.js';
import { openStore } from '../src/store/open-store.js';
import { testBackends } from '../src/testing/backends.js';
import { runCli } from './crash/kill-trials.js';

// The receivers in these tests listen on this machine.
process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE = '1';

/** A local outlet: a listing and two articles; article 1 names Pak Pong Ju until it is edited. */
const freshSite = () => ({
  articles: new Map([
    [1, { title: 'Premier inspects farm', paras: ['Premier Pak Pong Ju inspected a cooperative farm in the province.', 'The farm fulfilled its plan.'] }],
    [2, { title: 'Weather report', paras: ['Rain is expected in the northern region on Sunday.', 'Temperatures will fall.'] }],
  ]),
  gone: new Set<number>(),
});
let site = freshSite();

let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wirewatch-alerts-'));
  server = await startTestServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    if (path === '/news') {
      const items = [...site.articles.keys()].map((id) => `<li><a href="/a/${id}">${site.articles.get(id)!.title}</a> <span class="date">2024.05.04</span></li>`).join('');
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body><ul class="news">${items}</ul></body></html>`);
    }
    const m = /^\/a\/(\d+)$/.exec(path);
    const a = m ? site.articles.get(Number(m[1])) : undefined;
    if (!a || site.gone.has(Number(m![1]))) return void res.writeHead(404).end('<h1>Not found</h1>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html><head><title>${a.title}</title></head><body><div class="article"><h1 class="title">${a.title}</h1>` +
        `<span class="published">2024.5.4.</span><div class="body">${a.paras.map((p) => `<p>${p}</p>`).join('')}</div></div></body></html>`,
    );
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(testBackends())('saved search alerts, end to end (local outlet, webhook receiver and SMTP server) ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  it('a new article, an edit removing the name, a removal and a restoration: one signed webhook and one email each', { timeout: 60_000 }, async () => {
    site = freshSite();
    const store = await openStore(await backend.location());
    await upsertSourceDef(
      store,
      parseSource(
        {
          slug: 'wire',
          name: 'Wire',
          homepage: `${server.origin}/`,
          languages: ['en'],
          adapter: { kind: 'html', listings: [{ url: `${server.origin}/news` }], items: 'ul.news li a', itemDate: '.date', article: { title: 'h1.title', paragraphs: 'div.body p', date: '.published' } },
          schedule: { confirmRemovalMinutes: 0 },
          politeness: { allowPrivate: true, minIntervalMs: 0, concurrency: 2 },
        },
        'test',
      ),
    );
    let secret = '';
    // The receiver answers 500 to its first two requests: the alert is retried until it answers 200.
    const hook = await webhookReceiver(() => secret, (n) => (n < 2 ? 500 : 200));
    const smtp = await smtpReceiver();
    const saved = await alertsOf(store).searches.create({ name: 'Pak Pong Ju', query: '"Pak Pong Ju"', webhook: hook.url, email: 'desk@example.org' }, null);
    secret = saved.secret!;
    const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, timeoutMs: 2000 }), log: () => {} });
    const delivery = new AlertDelivery(store, { smtpUrl: smtp.url, log: () => {} });
    const deliverAll = async () => {
      for (let i = 0; i < 5; i++) {
        await delivery.runOnce();
        // Time passes: what failed is due again (the backoff's timing is tested in src/alerts/deliver.test.ts).
        await sql`UPDATE alert_deliveries SET next_attempt_at = ${new Date().toISOString()} WHERE delivered_at IS NULL`.execute(alertsOf(store).db);
      }
    };
    try {
      await crawler.runPass({ source: 'wire' });
      await deliverAll();
      site.articles.get(1)!.paras = ['The premier inspected a cooperative farm in the province.', 'The farm fulfilled its plan.'];
      await crawler.runPass({ source: 'wire', recheckAll: true });
      await deliverAll();
      site.gone.add(1);
      await crawler.runPass({ source: 'wire', recheckAll: true });
      await crawler.runPass({ source: 'wire', recheckAll: true });
      await deliverAll();
      site.gone.delete(1);
      await crawler.runPass({ source: 'wire', recheckAll: true });
      await deliverAll();

      expect(hook.accepted.map((h) => h.payload.type)).toEqual(['article.new', 'article.edited', 'article.removed', 'article.restored']);
      expect(hook.requests()).toBe(6);
      expect(new Set(hook.accepted.map((h) => h.id)).size).toBe(4);
      for (const h of hook.accepted) {
        expect(h.verifiedByPackage).toBe(true);
        expect(h.verifiedByHand).toBe(true);
        expect(h.payload.article.url).toBe(`${server.origin}/a/1`);
        expect(h.payload.savedSearch).toEqual({ id: saved.id, name: 'Pak Pong Ju', query: '"Pak Pong Ju"' });
      }
      const diff = hook.accepted[1].payload.diff;
      expect(diff.removed).toBeGreaterThan(0);
      expect(diff.pieces.body.filter((p: { op: string }) => p.op === 'removed').map((p: { text: string }) => p.text).join(' ')).toContain('Pak Pong Ju');

      expect(smtp.mails).toHaveLength(4);
      expect(smtp.mails.every((m) => m.to[0] === 'desk@example.org')).toBe(true);
      expect(smtp.mails.map((m) => /Subject: (.*)/.exec(m.raw)![1].split(':')[1].trim())).toEqual(['new article', 'edited', 'removed', 'restored']);
    } finally {
      delivery.stop();
      await crawler.close();
      await store.close();
      await hook.close();
      await smtp.close();
    }
  });

  it('`wirewatch deliver --once` killed with SIGKILL mid-delivery loses nothing; a rerun sends the rest, same webhook-ids', { timeout: 90_000 }, async () => {
    const db = backend.name === 'sqlite' ? join(dir, 'kill.db') : await backend.location();
    const store = await openStore(db);
    const sourceId = await store.ensureSource({ slug: 'kcna', name: 'KCNA' });
    let secret = '';
    const hook = await webhookReceiver(() => secret);
    secret = (await alertsOf(store).searches.create({ name: 'farm', query: 'farm', webhook: hook.url }, null)).secret!;
    const ARTICLES = 40;
    const items = Array.from({ length: ARTICLES }, (_, i) => {
      const n = normalizeArticle({ url: `http://kcna.test/${i}`, title: `Farm report ${i}`, body: [`Report ${i} on the farm number ${i * 7919} of the province.`, 'The farm fulfilled its plan ahead of time, the agency said.'], publishedAt: '2024-05-01', lang: 'en' });
      if (!n.ok) throw new Error(n.reason);
      return { sourceId, article: n.article, seenAt: '2024-05-01T09:00:00Z', origin: 'import' as const };
    });
    await store.ingestBatch(items);
    await store.close();
    try {
      const killed = await runCli(['deliver', '--once', '--db', db], { killWhen: () => hook.accepted.length >= 5 });
      expect(killed.signal).toBe('SIGKILL');
      expect(hook.accepted.length).toBeLessThan(ARTICLES);
      const rerun = await runCli(['deliver', '--once', '--db', db]);
      expect(rerun.code).toBe(0);
      const ids = hook.accepted.map((h) => h.id);
      // Nothing lost: every alert arrived. Nothing duplicated in the outbox: one webhook-id per alert; a
      // request in flight at the kill may arrive twice with the same webhook-id (receivers drop repeats).
      expect(new Set(ids)).toEqual(new Set(Array.from({ length: ARTICLES }, (_, i) => webhookId(i + 1))));
      expect(ids.length - new Set(ids).size).toBeLessThanOrEqual(1);
      expect(hook.accepted.every((h) => h.verifiedByHand)).toBe(true);
      const again = await runCli(['deliver', '--once', '--db', db]);
      expect(again.stdout).toContain('delivered 0');
    } finally {
      await hook.close();
    }
  });
});
