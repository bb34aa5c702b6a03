import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TESTDATA } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { openStore } from '../store/open-store.js';
import { createApp } from '../web/app.js';
import { testBackends } from '../testing/backends.js';
import { storiesOf } from './attach.js';

const FIXTURE = join(TESTDATA, 'stories', 'e2e', 'unhasu.jsonl');

async function imported(location: string) {
  const store = await openStore(location);
  await importFile(store, FIXTURE, { spec: { map: { source: 'source' }, source: 'x' }, worker: false });
  const id = async (url: string) => (await store.findArticleIdByUrl(url))!;
  return {
    store,
    app: createApp(store),
    en: await id('http://example.org/kcna/en/unhasu-paris'),
    reprint: await id('http://example.org/rodong/en/unhasu-orchestra-performs'),
    other: await id('http://example.org/kcna/en/unhasu-courtesy-call'),
    es: await id('http://example.org/kcna/es/unhasu-paris'),
    otherEs: await id('http://example.org/kcna/es/unhasu-visita'),
    ko: await id('http://example.org/kcna/ko/unhasu-paris'),
  };
}

describe.each(testBackends())('stories end to end ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  it('two copies from different outlets form one story; another story of the same day stays apart', async () => {
    const { store, en, reprint, other } = await imported(await backend.location());
    const stories = storiesOf(store)!;
    const s = await stories.storyOf(en);
    expect(s).toEqual({ id: expect.any(Number), size: 2 });
    expect((await stories.storyOf(reprint))?.id).toBe(s!.id);
    expect(await stories.storyOf(other)).toBeNull();
    expect(await stories.storyIdsFor([en, reprint, other])).toEqual(new Map([[en, s!.id], [reprint, s!.id]]));
    expect(await stories.recentStories(1, 10)).toEqual({
      total: 1,
      items: [expect.objectContaining({ id: s!.id, firstId: en, copies: 2, languages: ['en'], sources: [{ slug: 'kcna-kp-en', name: 'kcna-kp-en' }, { slug: 'rodong-en', name: 'rodong-en' }] })],
    });
    await store.close();
  });

  it('shows both copies on the article page, the story page and in the JSON', async () => {
    const { store, app, en, reprint } = await imported(await backend.location());
    const page = await (await app.request(`/articles/${reprint}`)).text();
    expect(page).toContain('Same story elsewhere');
    expect(page).toContain(`href="/articles/${en}"`);
    expect(page).toContain('KCNA-KP-EN'.toLowerCase());
    const json = await (await app.request(`/api/articles/${reprint}`)).json();
    expect(json.story).toEqual({ id: expect.any(Number), size: 2 });
    const story = await (await app.request(`/api/stories/${json.story.id}`)).json();
    expect(story.members.map((m: { id: number }) => m.id).sort()).toEqual([en, reprint].sort());
    expect(story.firstPublication).toBe(en);
    const storyPage = await (await app.request(`/stories/${json.story.id}`)).text();
    expect(storyPage).toContain('first publication');
    // The dropped paragraph shows as deleted text in the word-level diff.
    expect(storyPage).toMatch(/<del>[^<]*warm applause/);
    expect((await app.request('/api/stories/999999')).status).toBe(404);
    await store.close();
  });

  it('links English, Spanish and Korean versions without reading URLs, each with a confidence', async () => {
    const { store, app, en, es, ko, other, otherEs } = await imported(await backend.location());
    const json = await (await app.request(`/api/articles/${en}`)).json();
    const byLang = Object.fromEntries(json.languages.map((l: { lang: string; id: number; confidence: number }) => [l.lang, l]));
    expect(byLang.es.id).toBe(es);
    expect(byLang.ko.id).toBe(ko);
    for (const l of json.languages) expect(l.confidence).toBeGreaterThan(0);
    const otherJson = await (await app.request(`/api/articles/${other}`)).json();
    expect(otherJson.languages.map((l: { id: number }) => l.id)).toEqual([otherEs]);
    const page = await (await app.request(`/articles/${es}`)).text();
    expect(page).toContain('Other languages');
    await store.close();
  });

  it('rebuild from scratch gives the stories and language links the ingest gave', async () => {
    const { store, en, reprint, es, ko } = await imported(await backend.location());
    const stories = storiesOf(store)!;
    const before = { story: await stories.story((await stories.storyOf(en))!.id), links: await stories.languageLinks(en) };
    const r = await stories.rebuild();
    expect(r).toMatchObject({ articles: 6, stories: 1 });
    const after = await stories.story((await stories.storyOf(reprint))!.id);
    expect(after?.members.map((m) => [m.id, m.how, m.matchedId, m.similarity])).toEqual(before.story?.members.map((m) => [m.id, m.how, m.matchedId, m.similarity]));
    expect(await stories.languageLinks(en)).toEqual(before.links);
    expect(before.links.map((l) => l.id).sort()).toEqual([es, ko].sort());
    await store.close();
  });

  it('collapses search results to one per story (API and page toggle)', async () => {
    const { store, app, en, reprint } = await imported(await backend.location());
    const all = await (await app.request('/api/search?q=Pleyel%20audience')).json();
    expect(all.results.map((r: { id: number }) => r.id).sort()).toEqual([en, reprint].sort());
    const one = await (await app.request('/api/search?q=Pleyel%20audience&collapse=story&sort=oldest')).json();
    expect(one.total).toBe(1);
    expect(one.results.map((r: { id: number }) => r.id)).toEqual([en]);
    const page = await (await app.request('/search?q=Pleyel%20audience&collapse=story')).text();
    expect(page).toMatch(/name="collapse" value="story" checked/);
    await store.close();
  });
});
