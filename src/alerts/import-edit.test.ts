import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { testBackends } from '../testing/backends.js';
import { edited, enRow, ingest } from '../versions/edits-fixture.js';
import { alertsOf } from './attach.js';

describe.each(testBackends())('an import that brings another wording of a stored article ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  it('records it as an edit, and alerts the saved searches it concerns once', async () => {
    // The fixture's ingest needs only the Store interface's calls.
    const store = (await openStore(await backend.location())) as SqliteStore;
    const rows = async (q: ReturnType<typeof sql>) => (await q.execute(alertsOf(store).db)).rows;
    try {
      const searches = alertsOf(store).searches;
      const removed = await searches.create({ name: 'scrubbed', query: 'removed:"Choe Ryong Hae"' }, null);
      const added = await searches.create({ name: 'added', query: 'added:"Choe Ryong Hae"' }, null);
      const named = await searches.create({ name: 'named', query: '"Choe Ryong Hae"' }, null);
      const real = enRow('kcna-kp-en-edits.jsonl', 'e39ee758e763ea.kcmsf');
      const id = await ingest(store, 'kcna-kp-stiles', real, '2024-09-13T08:00:00.000Z');
      // The same URL served later with his name taken out of the text.
      await ingest(store, 'kcna-kp-stiles', edited(real, 'story_text', 'Choe Ryong Hae', 'a senior official'), '2024-09-14T08:00:00.000Z');
      // Seen again: not a further edit.
      await ingest(store, 'kcna-kp-stiles', edited(real, 'story_text', 'Choe Ryong Hae', 'a senior official'), '2024-09-15T08:00:00.000Z');
      const events = await rows(sql`SELECT type, article_id FROM events WHERE type = 'edited'`);
      expect(events).toEqual([{ type: 'edited', article_id: id }]);
      const outbox = await rows(sql`SELECT saved_search_id AS search, kind FROM alert_outbox ORDER BY id`);
      expect(outbox).toEqual([
        { search: named.id, kind: 'new' },
        { search: removed.id, kind: 'edited' },
        { search: named.id, kind: 'edited' },
      ]);
      expect(outbox.some((r) => (r as { search: number }).search === added.id)).toBe(false);
    } finally {
      await store.close();
    }
  });
});
