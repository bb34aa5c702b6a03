import { Hono } from 'hono';
import { storiesOf } from '../stories/attach.js';
import { firstPublication, type LanguageLink, type Stories } from '../stories/stories.js';
import type { Store } from '../store/store.js';
import { NotFoundPage } from './pages/not-found.js';
import { StoryPage } from './pages/story-page.js';
import { compareOffThread } from '../versions/diff-off-thread.js';
import type { ArticleStoryContext } from './pages/story-sections.js';
import { parseId } from './params.js';

/** What an article page and the article JSON show about its story and its other language versions. */
export async function articleStoryContext(store: Store, articleId: number): Promise<ArticleStoryContext> {
  const stories = storiesOf(store);
  if (!stories) return { story: null, elsewhere: [], firstId: null, languages: [] };
  const [ref, languages] = await Promise.all([stories.storyOf(articleId), stories.languageLinks(articleId)]);
  const members = ref ? (await stories.story(ref.id))?.members ?? [] : [];
  return {
    story: ref,
    elsewhere: members.filter((m) => m.id !== articleId),
    firstId: firstPublication(members)?.id ?? null,
    languages,
  };
}

/**
 * The fields the article JSON gains: `story: {id, size} | null`, `languages: [{id, lang, confidence, shown}]`
 * (every kept link; `shown: false` below the confidence the pages require).
 */
export async function articleStoryJson(store: Store, articleId: number) {
  const stories = storiesOf(store);
  if (!stories) return { story: null, languages: [] };
  const [story, languages] = await Promise.all([stories.storyOf(articleId), stories.languageLinks(articleId)]);
  return { story, languages: languages.map(languageJson) };
}

function languageJson(l: LanguageLink) {
  return { id: l.id, lang: l.lang, confidence: l.confidence, shown: l.shown };
}

/** The language links of a story's members that lead outside it, each version once (its most confident link). */
async function storyLanguages(stories: Stories, members: readonly { id: number }[]): Promise<(LanguageLink & { of: number })[]> {
  const inStory = new Set(members.map((m) => m.id));
  const best = new Map<number, LanguageLink & { of: number }>();
  const linksOf = await Promise.all(members.map((m) => stories.languageLinks(m.id)));
  for (const [i, m] of members.entries()) {
    for (const l of linksOf[i]) {
      if (inStory.has(l.id)) continue;
      const cur = best.get(l.id);
      if (!cur || l.confidence > cur.confidence) best.set(l.id, { ...l, of: m.id });
    }
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence || a.id - b.id);
}

/** `/stories/:id` (timeline and differences) and `GET /api/stories/:id` (members). */
export function storyRoutes(store: Store): Hono {
  const app = new Hono();

  app.get('/api/stories/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const stories = storiesOf(store);
    const story = id === null || !stories ? null : await stories.story(id);
    if (!stories || !story) return c.json({ error: 'not_found', message: `no story ${c.req.param('id')}` }, 404);
    const first = firstPublication(story.members);
    return c.json({
      id: story.id,
      size: story.size,
      firstPublication: first?.id ?? null,
      members: story.members.map((m) => ({
        id: m.id,
        title: m.title,
        published: m.published,
        url: m.url,
        lang: m.lang,
        source: m.sourceSlug,
        sourceName: m.sourceName,
        how: m.how,
        matchedId: m.matchedId,
        similarity: m.similarity,
        duplicateOf: m.duplicateOf,
      })),
      languages: (await storyLanguages(stories, story.members)).map((l) => ({ ...languageJson(l), of: l.of })),
    });
  });

  app.get('/stories/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const stories = storiesOf(store);
    const story = id === null || !stories ? null : await stories.story(id);
    if (!stories || !story) return c.html(<NotFoundPage what={`There is no story ${c.req.param('id')} in this archive.`} />, 404);
    const members = story.members;
    const first = firstPublication(members)!;
    const pick = (v: string | undefined, fallback: number) => {
      const n = v === undefined ? null : parseId(v);
      return n !== null && members.some((m) => m.id === n) ? n : fallback;
    };
    const second = members.find((m) => m.id !== first.id) ?? first;
    const leftId = pick(c.req.query('a'), first.id);
    const rightId = pick(c.req.query('b'), leftId === second.id ? first.id : second.id);
    const [left, right] = await Promise.all([store.getArticle(leftId), store.getArticle(rightId)]);
    if (!left || !right) return c.html(<NotFoundPage what="A copy of this story is missing." />, 404);
    const [languages, diff] = await Promise.all([storyLanguages(stories, members), compareOffThread(left, right, left.lang)]);
    return c.html(<StoryPage story={story} members={members} firstId={first.id} left={left} right={right} languages={languages} diff={diff} />);
  });

  return app;
}
