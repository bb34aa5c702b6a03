import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TESTDATA } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { openStore } from '../store/open-store.js';
import { testBackends } from '../testing/backends.js';
import { storiesOf } from './attach.js';

// The labelled articles of testdata/stories (940 for clustering, 822 for language links), imported in one
// order on every backend: the same stories (members, how they joined, their similarity) and the same
// language links (pairs and confidences) on each.
const FILES = ['articles.jsonl', 'language-links-articles.jsonl'].map((f) => join(TESTDATA, 'stories', f));
const SPEC = { spec: { map: { url: 'key', date: 'published', source: 'source' }, source: 'kcna-co-jp' }, worker: false } as const;
const URLS = FILES.flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { key: string }).key));

/** Every story and every article's language links, by URL (ids may differ between archives). */
async function storiesAndLinks(location: string): Promise<{ stories: string[][]; links: string[] }> {
  const store = await openStore(location);
  try {
    for (const f of FILES) await importFile(store, f, SPEC);
    const stories = storiesOf(store)!;
    const list = await stories.recentStories(1, 100_000);
    const out: string[][] = [];
    for (const item of list.items) {
      const members = (await stories.story(item.id))!.members;
      const urlOf = new Map(members.map((m) => [m.id, m.url]));
      out.push(members.map((m) => `${m.url} ${m.how} ${m.matchedId === null ? '-' : urlOf.get(m.matchedId)} ${m.similarity ?? '-'}`).sort());
    }
    const links: string[] = [];
    for (const url of new Set(URLS)) {
      const id = await store.findArticleIdByUrl(url);
      if (id === null) continue;
      for (const l of await stories.languageLinks(id)) links.push(`${url} ${l.url} ${l.confidence} ${l.shown}`);
    }
    return { stories: out.sort((a, b) => a[0].localeCompare(b[0])), links: links.sort() };
  } finally {
    await store.close();
  }
}

describe('stories on every backend', () => {
  const backends = testBackends();
  afterAll(() => Promise.all(backends.map((b) => b.cleanup())));

  it.skipIf(backends.length < 2)('are the same for the same articles ingested in the same order', { timeout: 600_000 }, async () => {
    const [first, ...others] = await Promise.all(backends.map(async (b) => storiesAndLinks(await b.location())));
    expect(first.stories.length).toBeGreaterThan(10);
    expect(first.links.length).toBeGreaterThan(100);
    for (const other of others) {
      expect(other.stories).toEqual(first.stories);
      expect(other.links).toEqual(first.links);
    }
  });
});
