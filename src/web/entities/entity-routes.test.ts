import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample } from '../../../test/helpers.js';
import { entitiesOf } from '../../entities/attach.js';
import { openEntityArchive, type EntityArchive } from '../../entities/testing/entity-archive.js';
import { importFile } from '../../import/importer.js';
import type { Store } from '../../store/store.js';
import { testBackends } from '../../testing/backends.js';
import { createApp } from '../app.js';
import { ORIGIN, signIn } from '../testing/sign-in.js';

describe.each(testBackends())('entities on the web ($name)', (backend) => {
let archive: EntityArchive;
let store: Store;
let app: ReturnType<typeof createApp>;
/** An editor's session: the review form changes the archive. */
let editor: { cookie: string; csrf: string };

beforeAll(async () => {
  archive = await openEntityArchive(backend);
  store = archive.store;
  await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
  app = createApp(store);
  editor = await signIn(app, store.accounts, 'eddie', 'editor');
}, 180_000);
const asEditor = (fields: Record<string, string>) =>
  app.request('/entities/candidates', { method: 'POST', headers: { origin: ORIGIN, cookie: editor.cookie }, body: new URLSearchParams({ ...fields, _csrf: editor.csrf }) });
afterAll(async () => {
  await archive.close();
  await backend.cleanup();
}, 60_000);

describe('entity API and pages', () => {
  it('stores mentions with offsets on import', async () => {
    const index = entitiesOf(store);
    const ids = await index.articleIds('kim-jong-il');
    expect(ids.length).toBeGreaterThan(0);
    const article = (await store.getArticle(ids[0]))!;
    const doc = `${article.title}\n${article.body.join('\n')}`;
    const m = (await index.mentionsOf(ids[0])).find((x) => x.id === 'kim-jong-il')!;
    expect(doc.slice(m.offsets[0][0], m.offsets[0][1])).toMatch(/^Kim Jong[ -]?Il$/i);
  });
  it('GET /api/entities?q= and /api/entities/:id', async () => {
    const list = (await (await app.request('/api/entities?q=kim%20jong-il')).json()) as { id: string; articles: number }[];
    expect(list[0]).toMatchObject({ id: 'kim-jong-il' });
    const one = (await (await app.request('/api/entities/kim-jong-il')).json()) as Record<string, unknown>;
    expect(one).toMatchObject({ id: 'kim-jong-il', kind: 'person', name: 'Kim Jong Il' });
    expect(Array.isArray(one.monthly)).toBe(true);
    expect((await app.request('/api/entities/nobody')).status).toBe(404);
  });
  it('GET /api/tracker/appearances has the documented shape', async () => {
    const yearly = (await (await app.request('/api/tracker/appearances/yearly?person=kim-jong-il')).json()) as { year: number; count: number; coveredDays: number }[];
    const seen = yearly.find((x) => x.count > 0)!;
    const y = seen.year;
    const body = (await (await app.request(`/api/tracker/appearances?person=kim-jong-il&year=${y}`)).json()) as { count: number; items: Record<string, unknown>[]; coverage: { coveredDays: number } };
    expect(body.count).toBe(seen.count);
    expect(body.coverage.coveredDays).toBe(seen.coveredDays);
    expect(Object.keys(body.items[0])).toEqual(expect.arrayContaining(['date', 'articleId', 'kind', 'place', 'companions']));
    expect((await app.request('/api/tracker/appearances?person=kim-jong-il&year=20x')).status).toBe(400);
  });
  it('reads absences only over days the archive covers, and says where it holds no data', async () => {
    // The sample holds a few months of 1997, 2003, 2004, 2008, 2011 and 2016: long gaps between.
    type Tracker = { lastAppearance: string; daysSinceLastAppearance: number; coveredDaysSinceLastAppearance: number; countedTo: string; absences: { from: string; to: string; days: number; coveredDays: number }[]; coverage: { gaps: { from: string; to: string; days: number }[]; years: { year: number; coveredDays: number }[] } };
    const one = (await (await app.request('/api/entities/kim-jong-il')).json()) as { tracker: Tracker; coverage: { gaps: unknown[] } };
    const t = one.tracker;
    expect(t.coverage.gaps.length).toBeGreaterThan(3);
    expect(t.coverage.gaps.some((g) => g.days > 1000)).toBe(true);
    expect(one.coverage.gaps.length).toBeGreaterThan(0);
    // No absence runs through a gap: each lies inside one covered stretch.
    for (const a of t.absences) expect(t.coverage.gaps.some((g) => g.from > a.from && g.to < a.to)).toBe(false);
    expect(Math.max(...t.absences.map((a) => a.days))).toBeLessThan(100);
    // His coverage ends at his death (2011-12-17): the sample's 2016 articles say nothing of his absence.
    expect(t.countedTo <= '2011-12-17').toBe(true);
    expect(t.coverage.years.map((y) => y.year).filter((y) => y > 2011)).toEqual([]);
    expect(t.coveredDaysSinceLastAppearance).toBeLessThanOrEqual(t.daysSinceLastAppearance);
    // Absences are read from his first reported appearance on, never before it.
    const first = ((await (await app.request('/api/tracker/appearances?person=kim-jong-il')).json()) as { items: { date: string }[] }).items[0].date;
    for (const a of t.absences) expect(a.from >= first).toBe(true);
    // Years with no data are not listed as years without appearances.
    const yearly = (await (await app.request('/api/tracker/appearances/yearly?person=kim-jong-il')).json()) as { year: number; count: number; coveredDays: number }[];
    expect(yearly.filter((x) => x.coveredDays === 0 && x.count === 0)).toEqual([]);
    expect(yearly.map((x) => x.year)).not.toContain(2000);
    const page = await (await app.request('/entities/kim-jong-il?year=2003')).text();
    expect(page).toMatch(/of them covered by the archive/);
    expect(page).toContain('url(#nodata-calendar)');
    expect(page).toContain('url(#nodata-mentions)');
    expect(page).toMatch(/no data: \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d/);
  });
  it('renders the entity page, the list and the review page without script', async () => {
    const page = await (await app.request('/entities/kim-jong-il')).text();
    expect(page).toContain('Mentions over time');
    expect(page).toMatch(/days? since the last reported appearance/);
    expect(page).toContain('<svg');
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'void-style': 'off' } });
    for (const path of ['/entities/kim-jong-il', '/entities/wpk', '/entities?q=choe', '/entities/candidates']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const report = await validator.validateString(await res.text());
      expect(report.results.flatMap((r) => r.messages.map((m) => `${path} ${m.ruleId}: ${m.message}`))).toEqual([]);
    }
  });
  it('accepts a reviewed name from the form', async () => {
    // On the review list, as the candidate scan puts a name written after a title.
    await archive.run(`INSERT INTO entity_candidates (name, articles, first_article, last_article, context) VALUES ('Jo Se Ung', 3, 1, 2, 'Vice-Premier Jo Se Ung')`);
    const form = await (await app.request('/entities/candidates', { headers: { cookie: editor.cookie } })).text();
    expect(form).toContain(`name="_csrf" value="${editor.csrf}"`);
    expect((await app.request('/entities/candidates', { method: 'POST', body: new URLSearchParams({ name: 'Jo Se Ung', action: 'accept' }) })).status).toBe(403);
    const res = await asEditor({ name: 'Jo Se Ung', action: 'accept' });
    expect(res.status).toBe(303);
    expect(await entitiesOf(store).entity('jo-se-ung')).toMatchObject({ name: 'Jo Se Ung', kind: 'person' });
  });
  it('accepts only a name waiting for review, and an accepted name can be undone', async () => {
    for (const name of ['the', '!!!', 'Kim Jong Nobody']) {
      const res = await asEditor({ name, action: 'accept' });
      expect(res.status, name).toBe(400);
    }
    expect((await entitiesOf(store).allEntities()).some((e) => e.id === 'the' || e.id === '')).toBe(false);
    const index = entitiesOf(store);
    const mentions = async () => (await archive.rows(`SELECT entity_id FROM entity_mentions WHERE entity_id = 'jo-se-ung'`)).length;
    await archive.run(`INSERT INTO entity_mentions (entity_id, article_id, count, offsets) SELECT 'jo-se-ung', min(id), 1, '0-10' FROM articles WHERE true ON CONFLICT DO NOTHING`);
    expect(await mentions()).toBeGreaterThan(0);
    expect(await index.remove('jo-se-ung')).toBe(true);
    expect(await index.entity('jo-se-ung')).toBeUndefined();
    expect(await mentions()).toBe(0);
    expect((await index.candidates(300, 1)).map((c) => c.name)).toContain('Jo Se Ung');
    expect(await index.remove('kim-jong-un')).toBe(false);
  });
});

describe('undoing review over HTTP', () => {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'void-style': 'off' } });
  const valid = async (html: string) => (await validator.validateString(html)).results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
  const candidate = (name: string) =>
    archive.run(
      `INSERT INTO entity_candidates (name, articles, first_article, last_article, context, status) VALUES (?, 3, 1, 2, ?, 'new')
       ON CONFLICT (name) DO UPDATE SET articles = excluded.articles, first_article = excluded.first_article, last_article = excluded.last_article, context = excluded.context, status = excluded.status`,
      name,
      `Vice-Premier ${name}`,
    );
  const waiting = async () => (await entitiesOf(store).candidates(300, 1)).map((c) => c.name);
  const mentions = async (id: string) => (await archive.rows(`SELECT entity_id FROM entity_mentions WHERE entity_id = ?`, id)).length;
  const removeForm = (id: string, s: { cookie: string; csrf: string }, headers: Record<string, string> = { origin: ORIGIN }) =>
    app.request(`/entities/${id}/remove`, { method: 'POST', headers: { ...headers, cookie: s.cookie }, body: new URLSearchParams({ _csrf: s.csrf }) });

  it('removes an accepted name from the entity page: its mentions go and it waits for review again', async () => {
    await candidate('So Chol Jin');
    expect((await asEditor({ name: 'So Chol Jin', action: 'accept' })).status).toBe(303);
    await archive.run(`INSERT INTO entity_mentions (entity_id, article_id, count, offsets) SELECT 'so-chol-jin', min(id), 1, '0-11' FROM articles WHERE true ON CONFLICT DO NOTHING`);
    expect(await mentions('so-chol-jin')).toBeGreaterThan(0);
    const shown = await (await app.request('/entities/so-chol-jin', { headers: { cookie: editor.cookie } })).text();
    expect(shown).toContain('action="/entities/so-chol-jin/remove"');
    expect(shown).toContain(`name="_csrf" value="${editor.csrf}"`);
    expect(await valid(shown)).toEqual([]);
    // Anonymous readers are told it was added, without a form they could not use.
    expect(await (await app.request('/entities/so-chol-jin')).text()).not.toContain('/remove"');
    expect(await (await app.request('/entities/kim-jong-un', { headers: { cookie: editor.cookie } })).text()).not.toContain('/remove"');

    const reader = await signIn(app, store.accounts, 'rhea', 'reader');
    expect((await removeForm('so-chol-jin', reader)).status).toBe(403);
    expect((await removeForm('so-chol-jin', { ...editor, csrf: '' })).status).toBe(403);
    expect((await removeForm('so-chol-jin', editor, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await entitiesOf(store).entity('so-chol-jin')).toBeDefined();

    const res = await removeForm('so-chol-jin', editor);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/entities/candidates?removed=So%20Chol%20Jin');
    expect(await entitiesOf(store).entity('so-chol-jin')).toBeUndefined();
    expect(await mentions('so-chol-jin')).toBe(0);
    expect(await waiting()).toContain('So Chol Jin');
    expect(await (await app.request(res.headers.get('location')!)).text()).toContain('Removed <bdi>So Chol Jin</bdi> from the gazetteer');
    // Only names added here: never the shipped gazetteer, nor one already removed.
    expect((await removeForm('so-chol-jin', editor)).status).toBe(404);
    expect((await removeForm('kim-jong-un', editor)).status).toBe(404);
    expect(await entitiesOf(store).entity('kim-jong-un')).toBeDefined();
  });

  it('lists rejected names with a form that puts each back for review', async () => {
    await candidate('Yun Tae Hyok');
    expect((await asEditor({ name: 'Yun Tae Hyok', action: 'reject' })).status).toBe(303);
    expect(await waiting()).not.toContain('Yun Tae Hyok');
    const list = await (await app.request('/entities/candidates', { headers: { cookie: editor.cookie } })).text();
    const rejected = list.slice(list.indexOf('Rejected names'));
    expect(rejected).toContain('Yun Tae Hyok');
    expect(rejected).toContain('value="restore"');
    expect(await valid(list)).toEqual([]);

    const res = await asEditor({ name: 'Yun Tae Hyok', action: 'restore' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/entities/candidates?restored=Yun%20Tae%20Hyok');
    expect(await waiting()).toContain('Yun Tae Hyok');
    // Only a rejected name: one waiting for review, or unknown, is refused.
    expect((await asEditor({ name: 'Yun Tae Hyok', action: 'restore' })).status).toBe(400);
    expect((await asEditor({ name: 'Nobody At All', action: 'restore' })).status).toBe(400);
  });

  it('does the same over the API with a write token', async () => {
    await store.accounts.addUser('wren', 'editor', 'a-long-password');
    const bearer = async (scope: 'read' | 'write', method: string) => ({ method, headers: { authorization: `Bearer ${(await store.accounts.addToken('wren', scope)).token}` } });
    await candidate('Pyon Tal Sam');
    await entitiesOf(store).accept('Pyon Tal Sam', { candidateOnly: true });
    expect((await app.request('/api/entities/pyon-tal-sam', { method: 'DELETE', headers: { origin: ORIGIN } })).status).toBe(401);
    expect((await app.request('/api/entities/pyon-tal-sam', await bearer('read', 'DELETE'))).status).toBe(403);
    const removed = await app.request('/api/entities/pyon-tal-sam', await bearer('write', 'DELETE'));
    expect(await removed.json()).toEqual({ removed: 'pyon-tal-sam', name: 'Pyon Tal Sam' });
    expect(await waiting()).toContain('Pyon Tal Sam');
    for (const id of ['pyon-tal-sam', 'kim-jong-un']) {
      const res = await app.request(`/api/entities/${id}`, await bearer('write', 'DELETE'));
      expect(res.status, id).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'not_found' });
    }

    await entitiesOf(store).reject('Pyon Tal Sam');
    const path = `/api/entities/candidates/${encodeURIComponent('Pyon Tal Sam')}/restore`;
    expect((await app.request(path, await bearer('read', 'POST'))).status).toBe(403);
    expect(await (await app.request(path, await bearer('write', 'POST'))).json()).toEqual({ restored: 'Pyon Tal Sam' });
    expect(await waiting()).toContain('Pyon Tal Sam');
    expect((await app.request(path, await bearer('write', 'POST'))).status).toBe(404);
  });
});
});
