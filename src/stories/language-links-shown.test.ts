import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TESTDATA } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { openStore } from '../store/open-store.js';
import { createApp } from '../web/app.js';
import { testBackends } from '../testing/backends.js';
import { DEFAULT_STORY_CONFIG } from './config.js';

// Real kcna.co.jp rows: a wrong pair the linker keeps below the shown threshold, a right pair far above it,
// and the wrong pair of the report that led to the threshold (three days apart).
const FIXTURE = join(TESTDATA, 'stories', 'e2e', 'links-shown.jsonl');
const UNHASU = join(TESTDATA, 'stories', 'e2e', 'unhasu.jsonl');

/** The article page's "same story / other languages" section (prev/next and "More from" link elsewhere). */
function storySection(html: string): string {
  return /<section class="story-links">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

interface LinkJson {
  id: number;
  lang: string;
  confidence: number;
  shown: boolean;
}

async function imported(location: string) {
  const store = await openStore(location);
  await importFile(store, FIXTURE, { spec: { preset: 'kcna-co-jp' }, worker: false });
  const id = async (url: string) => (await store.findArticleIdByUrl(url))!;
  const app = createApp(store);
  const json = async (articleId: number) => (await (await app.request(`/api/articles/${articleId}`)).json()) as { languages: LinkJson[] };
  const page = async (articleId: number) => (await app.request(`/articles/${articleId}`)).text();
  return {
    store,
    json,
    page,
    // Different stories of 23 July 2012.
    wrongEn: await id('http://kcna.co.jp/item/2012/201207/news23/20120723-21ee.html'),
    wrongEs: await id('http://kcna.co.jp/item/2012/201207/news23/20120723-33ee.html'),
    // One report of 20 June 2015 in English and Spanish.
    rightEn: await id('http://kcna.co.jp/item/2015/201506/news20/20150620-25ee.html'),
    rightEs: await id('http://kcna.co.jp/item/2015/201506/news20/20150620-30ee.html'),
    congolese: await id('http://kcna.co.jp/item/2013/201309/news09/20130909-08ee.html'),
    cuban: await id('http://kcna.co.jp/item/2013/201309/news12/20130912-29ee.html'),
  };
}

describe.each(testBackends())('language links below the shown threshold ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  it('a wrong pair stays off the pages and is in the JSON with its confidence and shown: false', async () => {
    const { store, json, page, wrongEn, wrongEs } = await imported(await backend.location());
    for (const [me, other] of [
      [wrongEn, wrongEs],
      [wrongEs, wrongEn],
    ]) {
      const link = (await json(me)).languages.find((l) => l.id === other);
      expect(link).toMatchObject({ id: other, shown: false });
      expect(link!.confidence).toBeGreaterThanOrEqual(DEFAULT_STORY_CONFIG.linkConfidence);
      expect(link!.confidence).toBeLessThan(DEFAULT_STORY_CONFIG.linkShown);
      const html = storySection(await page(me));
      expect(html).not.toContain(`href="/articles/${other}"`);
      expect(html).not.toContain('<h2>Other languages</h2>');
      expect(html).toContain('No version in another language is certain enough to show');
    }
    await store.close();
  });

  it('a right pair is shown on both article pages and in the JSON with shown: true', async () => {
    const { store, json, page, rightEn, rightEs } = await imported(await backend.location());
    for (const [me, other] of [
      [rightEn, rightEs],
      [rightEs, rightEn],
    ]) {
      const link = (await json(me)).languages.find((l) => l.id === other);
      expect(link).toMatchObject({ id: other, shown: true });
      expect(link!.confidence).toBeGreaterThanOrEqual(DEFAULT_STORY_CONFIG.linkShown);
      const html = storySection(await page(me));
      expect(html).toContain('<h2>Other languages</h2>');
      expect(html).toContain(`href="/articles/${other}"`);
      expect(html).toContain(`confidence ${Math.round(link!.confidence * 100)} %`);
    }
    await store.close();
  });

  it('versions published three days apart are no longer candidates', async () => {
    const { store, json, page, congolese, cuban } = await imported(await backend.location());
    expect((await json(congolese)).languages.map((l) => l.id)).not.toContain(cuban);
    expect((await json(cuban)).languages.map((l) => l.id)).not.toContain(congolese);
    expect(await page(congolese)).not.toContain('Other languages');
    await store.close();
  });

  it('the story page lists its members\' versions in other languages, and the story JSON marks each shown or not', async () => {
    const store = await openStore(await backend.location());
    await importFile(store, UNHASU, { spec: { map: { source: 'source' }, source: 'x' }, worker: false });
    const app = createApp(store);
    const en = (await store.findArticleIdByUrl('http://example.org/kcna/en/unhasu-paris'))!;
    const es = (await store.findArticleIdByUrl('http://example.org/kcna/es/unhasu-paris'))!;
    const article = (await (await app.request(`/api/articles/${en}`)).json()) as { story: { id: number }; languages: LinkJson[] };
    const story = (await (await app.request(`/api/stories/${article.story.id}`)).json()) as { languages: (LinkJson & { of: number })[] };
    const esLink = story.languages.find((l) => l.id === es)!;
    expect(esLink).toMatchObject({ lang: 'es', of: en, shown: true });
    const html = await (await app.request(`/stories/${article.story.id}`)).text();
    expect(html).toContain('<h2>Other languages</h2>');
    expect(html).toContain(`href="/articles/${es}"`);
    for (const l of story.languages.filter((x) => !x.shown)) expect(html).not.toContain(`href="/articles/${l.id}"`);
    await store.close();
  });
});
