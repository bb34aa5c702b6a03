import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeArticle } from '../normalize/article.js';
import { openStore } from '../store/open-store.js';
import { testBackends } from '../testing/backends.js';
import { alertsOf } from './attach.js';
import { nextDigestAt } from './outbox.js';

function article(url: string, title: string, body: string) {
  const filler = 'The agency reported on the day in the capital city, where many people gathered for the occasion.';
  const n = normalizeArticle({ url, title, body: [body, filler, filler + ' Again.'], publishedAt: '2024-05-01T08:00:00Z', lang: 'en' });
  if (!n.ok) throw new Error(n.reason);
  return n.article;
}

describe.each(testBackends())('alerts are recorded in the transaction that stores their cause ($name)', (backend) => {
  const stores: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of stores.splice(0)) await s.close();
    await backend.cleanup();
  });

  async function archive() {
    const store = await openStore(await backend.location());
    stores.push(store);
    const db = alertsOf(store).db;
    const rows = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
    const sourceId = await store.ensureSource({ slug: 'kcna', name: 'KCNA' });
    const ingest = (url: string, title: string, body: string) =>
      store.ingestBatch([{ sourceId, article: article(url, title, body), seenAt: '2024-05-01T09:00:00Z', origin: 'crawl' }]);
    const outbox = () => rows('SELECT saved_search_id AS search, kind, article_id AS article, event_id AS event FROM alert_outbox ORDER BY id');
    const deliveries = () => rows('SELECT outbox_id, channel FROM alert_deliveries ORDER BY id');
    const pending = async () => Number((await rows('SELECT count(*) AS n FROM alert_changes'))[0].n);
    return { store, db, sourceId, ingest, outbox, deliveries, pending, searches: alertsOf(store).searches };
  }

  it('a new article reaches the outbox of each saved search it matches, once, with a delivery per channel', async () => {
    const a = await archive();
    const fert = await a.searches.create({ name: 'fertilizer', query: 'fertilizer', webhook: 'https://hooks.example/in', email: 'x@example.org' }, null);
    await a.searches.create({ name: 'missiles', query: 'missile' }, null);
    await a.ingest('http://kcna.test/1', 'Fertilizer plant opens', 'A new plant makes fertilizer for farms.');
    await a.ingest('http://kcna.test/2', 'Weather', 'Rain expected.');
    // The same text again: unchanged, no new alert.
    await a.ingest('http://kcna.test/1', 'Fertilizer plant opens', 'A new plant makes fertilizer for farms.');
    expect(await a.outbox()).toEqual([{ search: fert.id, kind: 'new', article: 1, event: 0 }]);
    expect(await a.deliveries()).toEqual([
      { outbox_id: 1, channel: 'webhook' },
      { outbox_id: 1, channel: 'email' },
    ]);
    expect(await a.pending()).toBe(0);
    expect((await alertsOf(a.store).matches(fert.id)).map((m) => [m.kind, m.articleId, m.title])).toEqual([['new', 1, 'Fertilizer plant opens']]);
    expect((await alertsOf(a.store).deliveries(fert.id)).map((d) => [d.channel, d.attempts, d.deliveredAt])).toEqual([
      ['email', 0, null],
      ['webhook', 0, null],
    ]);
  });

  it('nothing is noted while there is no saved search', async () => {
    const a = await archive();
    await a.ingest('http://kcna.test/1', 'Fertilizer', 'Fertilizer.');
    expect(await a.pending()).toBe(0);
  });

  it('an edit alerts searches the old text matched (a name taken out), removal and restoration alert too', async () => {
    const a = await archive();
    const s = await a.searches.create({ name: 'Pak', query: '"Pak Pong Ju"' }, null);
    await a.ingest('http://kcna.test/1', 'Visit', 'Pak Pong Ju visited a farm.');
    // What the crawler writes for an edit (storeRecheck), then a removal and a restoration, in one transaction.
    await a.db.transaction().execute(async (tx) => {
      const old = (await sql<{ title: string; body: string; content_hash: string }>`SELECT title, body, content_hash FROM articles WHERE id = 1`.execute(tx)).rows[0];
      await sql`INSERT INTO versions (article_id, title, body, content_hash, seen_at) VALUES (1, ${old.title}, ${old.body}, ${old.content_hash}, 'x')`.execute(tx);
      await sql`UPDATE articles SET body = 'An official visited a farm.', content_hash = 'new' WHERE id = 1`.execute(tx);
      await sql`INSERT INTO events (type, article_id, source_id, at, detail) VALUES ('edited', 1, 1, 'x', ${JSON.stringify({ from: old.content_hash, to: 'new' })})`.execute(tx);
      await sql`INSERT INTO events (type, article_id, source_id, at, detail) VALUES ('removed', 1, 1, 'x', '{}')`.execute(tx);
      await sql`INSERT INTO events (type, article_id, source_id, at, detail) VALUES ('restored', 1, 1, 'x', '{}')`.execute(tx);
    });
    // Written outside an ingest: noted by the triggers, matched by the next round (the delivery loop's).
    expect(await a.pending()).toBe(3);
    expect(await alertsOf(a.store).recorder.recordPending()).toBe(3);
    expect(await a.outbox()).toEqual([
      { search: s.id, kind: 'new', article: 1, event: 0 },
      { search: s.id, kind: 'edited', article: 1, event: 1 },
      { search: s.id, kind: 'removed', article: 1, event: 2 },
      { search: s.id, kind: 'restored', article: 1, event: 3 },
    ]);
    expect(await a.pending()).toBe(0);
  });

  it('the notify flags choose the kinds', async () => {
    const a = await archive();
    await a.searches.create({ name: 'f', query: 'fertilizer', notify: { new: false } }, null);
    await a.ingest('http://kcna.test/1', 'Fertilizer', 'Fertilizer.');
    expect(await a.outbox()).toEqual([]);
  });

  it('saved searches are listed by owner, changed and removed', async () => {
    const a = await archive();
    const cli = await a.searches.create({ name: ' Farms ', query: 'farm' }, null);
    expect(cli).toMatchObject({ name: 'Farms', ownerUserId: null, notify: { new: true, edited: true, removed: true, restored: true }, webhook: null, secret: null });
    const hooked = await a.searches.update(cli.id, { webhook: 'https://hooks.example/farm', notify: { removed: false } });
    expect(hooked!.secret).toMatch(/^whsec_/);
    expect(hooked!.notify.removed).toBe(false);
    expect((await a.searches.update(cli.id, { name: 'Farm news' }))!.secret).toBe(hooked!.secret);
    expect((await a.searches.list(null)).map((s) => s.name)).toEqual(['Farm news']);
    expect(await a.searches.list(42)).toEqual([]);
    expect(await a.searches.remove(cli.id)).toBe(true);
    expect(await a.searches.remove(cli.id)).toBe(false);
    expect(await a.searches.get(cli.id)).toBeNull();
  });
});

describe('digests', () => {
  it('a digest is due at the next digest hour', () => {
    expect(nextDigestAt(new Date('2024-05-01T06:59:00Z'))).toBe('2024-05-01T07:00:00.000Z');
    expect(nextDigestAt(new Date('2024-05-01T07:00:00Z'))).toBe('2024-05-02T07:00:00.000Z');
  });
});
