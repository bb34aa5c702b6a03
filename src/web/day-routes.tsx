import { Hono } from 'hono';
import { storiesOf } from '../stories/attach.js';
import type { ArticleSummary, Store } from '../store/store.js';
import { BadDayPage, DayPage, type DaySource } from './pages/day-page.js';
import { NotFoundPage } from './pages/not-found.js';
import { StoriesListPage } from './pages/stories-list-page.js';
import { parsePage } from './params.js';
import { archiveDbOf } from '../store/list-pages.js';
import { storiesAfter, storyCount } from '../stories/story-pages.js';
import { decodeCursor, encodeCursor, linkNext, pageFrom } from './api/cursor.js';
import { queryOf } from './api/query.js';
import { PAGE_SIZES, StoriesQuery } from './openapi/api-queries.js';
import type { StoryListItem } from '../stories/stories.js';

export const STORIES_PER_PAGE = PAGE_SIZES.stories[0];

/** A calendar day `YYYY-MM-DD`, or why the text is not one. */
export function parseDay(s: string): { day: string } | { error: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return { error: `“${s}” is not a date written YYYY-MM-DD.` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return { error: `“${s}” has no month ${mo}: months run from 01 to 12.` };
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > last) return { error: `“${s}” is not a day of the calendar: that month has ${last} days.` };
  return { day: s };
}

/** Every source's articles of a day, grouped by source (in the order the store lists them: by source name). */
function bySource(items: ArticleSummary[]): DaySource[] {
  const out = new Map<string, DaySource>();
  for (const a of items) {
    let s = out.get(a.sourceSlug);
    if (!s) out.set(a.sourceSlug, (s = { slug: a.sourceSlug, name: a.sourceName, items: [] }));
    s.items.push(a);
  }
  return [...out.values()];
}

/** The last day of the month of `day`. */
function monthEnd(day: string): string {
  const last = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).getUTCDate();
  return `${day.slice(0, 8)}${String(last).padStart(2, '0')}`;
}

/**
 * `/days/:day` and `/stories` (pages), `GET /api/days/:day` and `GET /api/stories?page=N` (JSON): browsing
 * the archive by date and by story.
 */
export function dayRoutes(store: Store): Hono {
  const app = new Hono();
  const storyList = async (page: number) => (await storiesOf(store)?.recentStories(page, STORIES_PER_PAGE)) ?? { total: 0, items: [] };

  app.get('/days/:day', async (c) => {
    const parsed = parseDay(c.req.param('day'));
    if ('error' in parsed) return c.html(<BadDayPage message={parsed.error} />, 400);
    const { day } = parsed;
    const first = `${day.slice(0, 8)}01`;
    const [items, around, month, before, after] = await Promise.all([
      store.dayArticles(day),
      store.daysAround(day),
      store.dayCounts(first, monthEnd(day)),
      store.daysAround(first),
      store.daysAround(monthEnd(day)),
    ]);
    return c.html(
      <DayPage day={day} sources={bySource(items)} previous={around.previous} next={around.next} month={month} monthBefore={before.previous} monthAfter={after.next} />,
    );
  });

  app.get('/api/days/:day', async (c) => {
    const parsed = parseDay(c.req.param('day'));
    if ('error' in parsed) return c.json({ error: 'bad_request', message: parsed.error }, 400);
    const [items, around] = await Promise.all([store.dayArticles(parsed.day), store.daysAround(parsed.day)]);
    return c.json({
      date: parsed.day,
      previous: around.previous,
      next: around.next,
      sources: bySource(items).map((s) => ({
        slug: s.slug,
        name: s.name,
        items: s.items.map((a) => ({ id: a.id, title: a.title, published: a.published, url: a.url, lang: a.lang })),
      })),
    });
  });

  app.get('/stories', async (c) => {
    const page = parsePage(c.req.query('page'));
    if (page === null) return c.html(<NotFoundPage what="That page number is not valid." />, 400);
    const { total, items } = await storyList(page);
    const pages = Math.max(1, Math.ceil(total / STORIES_PER_PAGE));
    return c.html(<StoriesListPage items={items} total={total} page={page} pages={pages} perPage={STORIES_PER_PAGE} />, items.length === 0 && page > 1 ? 404 : 200);
  });

  app.get('/api/stories', async (c) => {
    const query = queryOf(c, StoriesQuery);
    const perPage = query.limit ?? STORIES_PER_PAGE;
    // The cursor carries the page number too, so `page` keeps counting along a walk.
    const id = { list: 'stories' };
    const after = decodeCursor(query.cursor, id, ['s', 'n', 'n']);
    const page = after ? (after[2] as number) : (query.page ?? 1);
    const keyOf = (s: StoryListItem) => [s.firstPublished, s.id, page + 1];
    const stories = storiesOf(store);
    let total = 0;
    let shown: StoryListItem[] = [];
    let next: string | null = null;
    if (stories && after) {
      const db = archiveDbOf(store);
      const [count, rows] = await Promise.all([storyCount(db), storiesAfter(db, { first: after[0] as string, id: after[1] as number }, perPage + 1)]);
      total = count;
      ({ items: shown, next } = pageFrom(rows, perPage, id, keyOf));
    } else if (stories) {
      ({ total, items: shown } = await stories.recentStories(page, perPage));
      const last = shown.at(-1);
      next = last && page * perPage < total ? encodeCursor(id, keyOf(last)) : null;
    }
    linkNext(c, next);
    return c.json({ total, page, perPage, items: shown, ...(next ? { next_cursor: next } : {}) });
  });

  return app;
}
