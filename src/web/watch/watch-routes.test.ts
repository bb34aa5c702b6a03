import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { alertsOf } from '../../alerts/attach.js';
import { normalizeArticle } from '../../normalize/article.js';
import { openStore } from '../../store/open-store.js';
import { testBackends, type TestBackend } from '../../testing/backends.js';
import { createApp } from '../app.js';
import { ORIGIN, signIn } from '../testing/sign-in.js';

const filler = 'The agency reported on the day in the capital city, where many people gathered for the occasion.';

/** An archive with an editor (ed) who owns one search, another editor (eve) with one, a reader and an admin. */
async function setupOn(backend: TestBackend) {
  const store = await openStore(await backend.location());
  const app = createApp(store, { private: false });
  const users = {
    ed: await signIn(app, store.accounts, 'ed', 'editor'),
    eve: await signIn(app, store.accounts, 'eve', 'editor'),
    rita: await signIn(app, store.accounts, 'rita', 'reader'),
    ada: await signIn(app, store.accounts, 'ada', 'admin'),
  };
  const searches = alertsOf(store).searches;
  const mine = await searches.create({ name: 'Fertilizer', query: 'fertilizer', webhook: 'https://hooks.example/in', email: 'ed@example.org', emailMode: 'digest' }, (await store.accounts.getUser('ed'))!.id);
  const theirs = await searches.create({ name: 'Missiles of eve', query: 'missile' }, (await store.accounts.getUser('eve'))!.id);
  await searches.create({ name: 'Installation watch', query: 'harvest' }, null);
  const sourceId = await store.ensureSource({ slug: 'kcna', name: 'KCNA' });
  const n = normalizeArticle({ url: 'http://kcna.test/1', title: 'Fertilizer plant opens', body: ['A new plant makes fertilizer.', filler, filler + ' Again.'], publishedAt: '2024-05-01T08:00:00Z', lang: 'en' });
  if (!n.ok) throw new Error(n.reason);
  await store.ingestBatch([{ sourceId, article: n.article, seenAt: '2024-05-01T09:00:00Z', origin: 'crawl' }]);
  const as = (who: keyof typeof users | null) => ({
    get: (path: string) => app.request(path, { headers: who ? { cookie: users[who].cookie } : {} }),
    post: (path: string, fields: Record<string, string>, csrf = true) =>
      app.request(path, {
        method: 'POST',
        headers: { origin: ORIGIN, ...(who ? { cookie: users[who].cookie } : {}) },
        body: new URLSearchParams({ ...fields, ...(who && csrf ? { _csrf: users[who].csrf } : {}) }),
      }),
  });
  return { store, app, searches, mine, theirs, as };
}

describe.each(testBackends())('saved searches on the web ($name)', (backend) => {
  afterAll(() => backend.cleanup());
  const stores: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const st of stores) await st.close();
  });
  const setup = async () => {
    const made = await setupOn(backend);
    stores.push(made.store);
    return made;
  };

  describe('/watch', () => {
    it('sends anonymous visitors to the login, and back', async () => {
      const { as } = await setup();
      const res = await as(null).get('/watch');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login?next=%2Fwatch');
      expect((await as(null).post('/watch', { name: 'x', query: 'x' })).status).toBe(303);
    });

    it("shows an owner his searches (query, alerts, channels, feed, matches, failed deliveries), never another user's", async () => {
      const { store, as, mine } = await setup();
      await sql`UPDATE alert_deliveries SET attempts = 3, last_status = 500, last_error = 'HTTP 500 from the receiver', next_attempt_at = '2030-01-01T10:00:00Z' WHERE channel = 'webhook'`.execute(
        alertsOf(store).db,
      );
      const html = await (await as('ed').get('/watch')).text();
      expect(html).toContain('Fertilizer');
      expect(html).not.toContain('Missiles of eve');
      expect(html).not.toContain('Installation watch');
      expect(html).toContain('href="/search?q=fertilizer"');
      expect(html).toContain('new, edited, removed, restored');
      expect(html).toContain('<code>hooks.example</code>');
      expect(html).toContain('ed@example.org (a daily digest)');
      expect(html).toContain(`/feeds/saved/${mine.id}.atom?token=${mine.feedToken}`);
      // The article it matched, and the webhook delivery that failed.
      expect(html).toMatch(/<a href="\/articles\/\d+" dir="auto">Fertilizer plant opens<\/a>/);
      expect(html).toContain('HTTP 500 from the receiver');
      expect(html).toContain('3 attempts');
      expect(html).toContain('href="/watch"');
      // Never the secret after it was first shown.
      expect(html).not.toContain(mine.secret!);
    });

    it('shows an admin every search with its owner', async () => {
      const { as } = await setup();
      const html = await (await as('ada').get('/watch')).text();
      expect(html).toContain('Every saved search');
      for (const name of ['Fertilizer', 'Missiles of eve', 'Installation watch']) expect(html).toContain(name);
      expect(html).toMatch(/<dt>Owner<\/dt><dd>eve<\/dd>/);
      expect(html).toContain('the installation (CLI)');
    });

    it('saves a search from the form (with the CSRF token only), and shows a webhook secret once', async () => {
      const { as, searches, store } = await setup();
      const edId = (await store.accounts.getUser('ed'))!.id;
      expect((await as('ed').post('/watch', { name: 'Harvest', query: 'harvest' }, false)).status).toBe(403);
      const res = await as('ed').post('/watch', { name: 'Harvest', query: 'harvest', notify_new: '1', notify_removed: '1', notify_imageEdited: '1' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/watch?saved=Harvest');
      const saved = (await searches.list(edId)).find((s) => s.name === 'Harvest')!;
      expect(saved.notify).toEqual({ new: true, edited: false, removed: true, restored: false, imageEdited: true, imageReplaced: false, imageRemoved: false });
      expect(saved.webhook).toBeNull();
      expect(await (await as('ed').get(res.headers.get('location')!)).text()).toContain('Saved “Harvest”.');

      const hooked = await as('ed').post('/watch', { name: 'Hooked', query: 'rain', notify_new: '1', webhook: 'https://hooks.example/rain' });
      expect(hooked.status).toBe(200);
      const secret = (await searches.list(edId)).find((s) => s.name === 'Hooked')!.secret!;
      expect(await hooked.text()).toContain(secret);
      expect(await (await as('ed').get('/watch')).text()).not.toContain(secret);
    });

    it('refuses a broken query, keeping what was typed; readers may not save', async () => {
      const { as, searches } = await setup();
      const res = await as('ed').post('/watch', { name: 'Broken', query: '"unclosed', notify_new: '1' });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('Not saved: query:');
      expect(html).toContain('value="Broken"');
      expect((await searches.list()).some((s) => s.name === 'Broken')).toBe(false);
      expect((await as('rita').post('/watch', { name: 'R', query: 'rain' })).status).toBe(403);
      expect(await (await as('rita').get('/watch')).text()).toContain('Readers may look but not save searches');
    });

    it("deletes one's own search, not another user's", async () => {
      const { as, searches, mine, theirs } = await setup();
      expect((await as('ed').post(`/watch/${theirs.id}/delete`, {})).status).toBe(404);
      expect(await searches.get(theirs.id)).not.toBeNull();
      const res = await as('ed').post(`/watch/${mine.id}/delete`, {});
      expect(res.status).toBe(303);
      expect(await searches.get(mine.id)).toBeNull();
      expect(await (await as('ed').get(res.headers.get('location')!)).text()).toContain('Deleted “Fertilizer”.');
      // An admin may delete anyone's.
      expect((await as('ada').post(`/watch/${theirs.id}/delete`, {})).status).toBe(303);
      expect(await searches.get(theirs.id)).toBeNull();
    });

    it('resumes a paused webhook, keeping its secret', async () => {
      const { as, searches, mine, store } = await setup();
      await sql`UPDATE saved_searches SET webhook_failing_since = '2024-05-01T00:00:00Z', webhook_paused_at = '2024-05-04T00:00:00Z' WHERE id = ${mine.id}`.execute(alertsOf(store).db);
      const html = await (await as('ed').get('/watch')).text();
      expect(html).toContain('Webhook paused');
      expect(html).toContain(`action="/watch/${mine.id}/resume"`);
      expect((await as('eve').post(`/watch/${mine.id}/resume`, {})).status).toBe(404);
      expect((await as('ed').post(`/watch/${mine.id}/resume`, {})).status).toBe(303);
      const after = (await searches.get(mine.id))!;
      expect(after.webhookPausedAt).toBeNull();
      expect(after.webhookFailingSince).toBeNull();
      expect(after.secret).toBe(mine.secret);
      expect(await (await as('ed').get('/watch')).text()).not.toContain('Webhook paused');
    });
  });

  describe('the search page', () => {
    it('offers editors to save the search, and others to sign in', async () => {
      const { as } = await setup();
      const editor = await (await as('ed').get('/search?q=fertilizer')).text();
      expect(editor).toMatch(/<form method="post" action="\/watch" class="watch-new">/);
      expect(editor).toContain('<input type="hidden" name="query" value="fertilizer"/>');
      expect(editor).toContain('id="save-name" name="name" type="text" required="" maxlength="200" value="fertilizer"');
      const anonymous = await (await as(null).get('/search?q=fertilizer')).text();
      expect(anonymous).not.toContain('action="/watch"');
      expect(anonymous).toContain('to save this search and be alerted');
      expect(anonymous).toContain('href="/login?next=%2Fsearch%3Fq%3Dfertilizer%26');
    });
  });
});
