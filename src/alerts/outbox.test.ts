import { describe, expect, it } from 'vitest';
import { normalizeArticle } from '../normalize/article.js';
import { openStore } from '../store/open-store.js';
import { alertsOf } from './attach.js';
import { nextDigestAt } from './outbox.js';

// The receivers in these tests listen on this machine.
process.env.WIREWATCH_WEBHOOK_ALLOW_PRIVATE = '1';

function article(url: string, title: string, body: string) {
  const filler = 'The agency reported on the day in the capital city, where many people gathered for the occasion.';
  const n = normalizeArticle({ url, title, body: [body, filler, filler + ' Again.'], publishedAt: '2024-05-01T08:00:00Z', lang: 'en' });
  if (!n.ok) throw new Error(n.reason);
  return n.article;
}

async function archive() {
  const store = await openStore(':memory:');
  const sourceId = await store.ensureSource({ slug: 'kcna', name: 'KCNA' });
  const ingest = (url: string, title: string, body: string) =>
    store.ingestBatch([{ sourceId, article: article(url, title, body), seenAt: '2024-05-01T09:00:00Z', origin: 'crawl' }]);
  const outbox = () => store.raw.prepare('SELECT saved_search_id AS search, kind, article_id AS article, event_id AS event FROM alert_outbox ORDER BY id').all();
  const deliveries = () => store.raw.prepare('SELECT outbox_id, channel FROM alert_deliveries ORDER BY id').all();
  return { store, sourceId, ingest, outbox, deliveries, searches: alertsOf(store).searches };
}

describe('alerts are recorded in the transaction that stores their cause', () => {
  it('a new article reaches the outbox of each saved search it matches, once, with a delivery per channel', async () => {
    const a = await archive();
    const fert = await a.searches.create({ name: 'fertilizer', query: 'fertilizer', webhook: 'http://127.0.0.1:9/hook', email: 'x@example.org' }, null);
    await a.searches.create({ name: 'missiles', query: 'missile' }, null);
    await a.ingest('http://kcna.test/1', 'Fertilizer plant opens', 'A new plant makes fertilizer for farms.');
    await a.ingest('http://kcna.test/2', 'Weather', 'Rain expected.');
    // The same text again: unchanged, no new alert.
    await a.ingest('http://kcna.test/1', 'Fertilizer plant opens', 'A new plant makes fertilizer for farms.');
    expect(a.outbox()).toEqual([{ search: fert.id, kind: 'new', article: 1, event: 0 }]);
    expect(a.deliveries()).toEqual([
      { outbox_id: 1, channel: 'webhook' },
      { outbox_id: 1, channel: 'email' },
    ]);
    expect(a.store.raw.prepare('SELECT count(*) FROM alert_changes').pluck().get()).toBe(0);
  });

  it('nothing is noted while there is no saved search', async () => {
    const a = await archive();
    await a.ingest('http://kcna.test/1', 'Fertilizer', 'Fertilizer.');
    expect(a.store.raw.prepare('SELECT count(*) FROM alert_changes').pluck().get()).toBe(0);
  });

  it('an edit alerts searches the old text matched (a name taken out), removal and restoration alert too', async () => {
    const a = await archive();
    const s = await a.searches.create({ name: 'Pak', query: '"Pak Pong Ju"' }, null);
    await a.ingest('http://kcna.test/1', 'Visit', 'Pak Pong Ju visited a farm.');
    const raw = a.store.raw;
    // What the crawler writes for an edit (sqlite-crawl-store storeRecheck), then a removal and a restoration.
    raw.transaction(() => {
      const old = raw.prepare('SELECT title, body, content_hash FROM articles WHERE id = 1').get() as { title: string; body: string; content_hash: string };
      raw.prepare('INSERT INTO versions (article_id, title, body, content_hash, seen_at) VALUES (1, ?, ?, ?, ?)').run(old.title, old.body, old.content_hash, 'x');
      raw.prepare(`UPDATE articles SET body = 'An official visited a farm.', content_hash = 'new' WHERE id = 1`).run();
      raw.prepare(`INSERT INTO events (type, article_id, source_id, at, detail) VALUES ('edited', 1, 1, 'x', ?)`).run(JSON.stringify({ from: old.content_hash, to: 'new' }));
      raw.prepare(`INSERT INTO events (type, article_id, source_id, at, detail) VALUES ('removed', 1, 1, 'x', '{}')`).run();
      raw.prepare(`INSERT INTO events (type, article_id, source_id, at, detail) VALUES ('restored', 1, 1, 'x', '{}')`).run();
    })();
    await alertsOf(a.store).recorder.recordPending();
    expect(a.outbox()).toEqual([
      { search: s.id, kind: 'new', article: 1, event: 0 },
      { search: s.id, kind: 'edited', article: 1, event: 1 },
      { search: s.id, kind: 'removed', article: 1, event: 2 },
      { search: s.id, kind: 'restored', article: 1, event: 3 },
    ]);
  });

  it('the notify flags choose the kinds', async () => {
    const a = await archive();
    await a.searches.create({ name: 'f', query: 'fertilizer', notify: { new: false } }, null);
    await a.ingest('http://kcna.test/1', 'Fertilizer', 'Fertilizer.');
    expect(a.outbox()).toEqual([]);
  });

  it('a digest is due at the next digest hour', () => {
    expect(nextDigestAt(new Date('2024-05-01T06:59:00Z'))).toBe('2024-05-01T07:00:00.000Z');
    expect(nextDigestAt(new Date('2024-05-01T07:00:00Z'))).toBe('2024-05-02T07:00:00.000Z');
  });
});
