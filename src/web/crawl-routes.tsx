import { Hono } from 'hono';
import type { Store } from '../store/store.js';
import { NotFoundPage } from './pages/not-found.js';
import { dailyCoverage, HealthPage, SourceHealthPage } from './pages/health-page.js';
import { RemovedPage } from './pages/removed-page.js';
import { comparedPair, VersionsPage } from './pages/versions-page.js';
import { parseId } from './params.js';
import { ownOrigin } from './auth.js';
import { versionPath } from './version-permalink.js';
import { PARAGRAPH_NOTE } from '../versions/diff.js';
import { compareOffThread } from '../versions/diff-off-thread.js';
import { queueStatusOf } from '../queue/queue-status.js';
import { listPagesOf } from '../store/list-pages.js';
import { decodeCursor, linkNext, pageFrom, pageOfList } from './api/cursor.js';
import { queryOf } from './api/query.js';
import { EventsQuery, PAGE_SIZES, VersionsQuery } from './openapi/api-queries.js';

/** Pages for versions, removals and source health. */
export function crawlPages(store: Store): Hono {
  const app = new Hono();
  app.get('/articles/:id/versions', async (c) => {
    const id = parseId(c.req.param('id'));
    const article = id === null ? null : await store.getArticle(id);
    if (!article) return c.html(<NotFoundPage what={`There is no article ${c.req.param('id')} in this archive.`} />, 404);
    const versions = await store.crawl.versions(article.id);
    const { from, to } = versionPair(versions.length, c.req.query('from'), c.req.query('to'));
    const events = await store.crawl.events({ articleId: article.id, limit: 50 });
    const page = parseId(c.req.query('page')) ?? 1;
    const { older, newer } = comparedPair(versions, from, to);
    const diff = await compareOffThread(older, newer, article.lang);
    return c.html(<VersionsPage article={article} versions={versions} from={from} to={to} events={events} page={page} diff={diff} />);
  });
  app.get('/removed', async (c) => c.html(<RemovedPage items={await store.crawl.removedArticles(200)} />));
  app.get('/health', async (c) => {
    const now = new Date();
    const rows = await store.crawl.crawlSources();
    const [all, queue] = await Promise.all([Promise.all(rows.map((r) => store.crawl.sourceHealth(r.slug, now))), queueStatusOf(store)]);
    return c.html(<HealthPage sources={all.filter((h) => h !== null)} queue={queue} />);
  });
  app.get('/sources/:slug/health', async (c) => {
    const h = await store.crawl.sourceHealth(c.req.param('slug'), new Date());
    if (!h) return c.html(<NotFoundPage what={`There is no source called ${c.req.param('slug')}.`} />, 404);
    const dataDays = h.daily.length ? await store.sourceDataDays(h.slug, h.daily[0].day, h.daily.at(-1)!.day) : [];
    return c.html(<SourceHealthPage h={h} dataDays={dataDays} />);
  });
  return app;
}

/** JSON for events, versions and source health (mounted under /api). */
export function crawlApi(store: Store): Hono {
  const api = new Hono();
  api.get('/events', async (c) => {
    const { type, limit = PAGE_SIZES.events[0], cursor } = queryOf(c, EventsQuery);
    const id = { list: 'events', filter: type };
    const after = decodeCursor(cursor, id, ['s', 'n']);
    const rows = await listPagesOf(store).events({ type }, after && { at: after[0] as string, id: after[1] as number }, limit + 1);
    const { items, next } = pageFrom(rows, limit, id, (e) => [e.at, e.id]);
    linkNext(c, next);
    return c.json({
      items: items.map((e) => ({ id: e.id, type: e.type, at: e.at, article: e.articleId, source: e.sourceSlug, title: e.title, url: e.url, detail: e.detail })),
      ...(next ? { next_cursor: next } : {}),
    });
  });
  api.get('/articles/:id/versions', async (c) => {
    const query = queryOf(c, VersionsQuery);
    const id = parseId(c.req.param('id'));
    const versions = id === null ? [] : await store.crawl.versions(id);
    if (!versions.length) return c.json({ error: 'not_found', message: `no article ${c.req.param('id')}` }, 404);
    // `diff`: how versions `from` and `to` (query; by default the last two) compare — `granularity` is `word`, or
    // `paragraph` when the texts differ too much for a word-by-word comparison (then `note` says so).
    const last = versions.length;
    const { from, to } = versionPair(last, query.from?.toString(), query.to?.toString());
    const { older, newer } = comparedPair(versions, from, to);
    const lang = (await store.getArticle(id!))?.lang ?? 'en';
    const d = await compareOffThread(older, newer, lang);
    // The list pages by version number (the diff compares any two, whatever the page).
    const list = { list: 'versions', filter: String(id) };
    const page = pageOfList(versions, { id: list, keyOf: (v) => [v.n], order: 'asc', after: decodeCursor(query.cursor, list, ['n']), limit: query.limit ?? PAGE_SIZES.versions[0] });
    linkNext(c, page.next);
    return c.json({
      article: id,
      // `permalink`: the version's permanent page (JSON: the same path under /api).
      versions: page.items.map((v) => ({ n: v.n, seenAt: v.seenAt, title: v.title, body: v.body, current: v.current, permalink: ownOrigin(c) + versionPath(id!, v.n) })),
      diff: { from: older.n, to: newer.n, granularity: d.granularity, added: d.added, removed: d.removed, note: d.granularity === 'paragraph' ? PARAGRAPH_NOTE : null },
      ...(page.next ? { next_cursor: page.next } : {}),
    });
  });
  api.get('/sources/:slug/health', async (c) => {
    const h = await store.crawl.sourceHealth(c.req.param('slug'), new Date());
    if (!h) return c.json({ error: 'not_found', message: `no source ${c.req.param('slug')}` }, 404);
    const dataDays = h.daily.length ? await store.sourceDataDays(h.slug, h.daily[0].day, h.daily.at(-1)!.day) : [];
    // `daily` entries gain `data`: false on a day the archive has nothing for (neither articles nor a successful fetch).
    const covered = dailyCoverage(h.daily, dataDays);
    return c.json({ ...h, daily: h.daily.map((d, i) => ({ ...d, data: covered[i] })), daysWithoutData: h.daily.filter((_, i) => !covered[i]).map((d) => d.day) });
  });
  return api;
}

/** The two versions to compare (1-based): `to` defaults to the newest, `from` to the one before it; out-of-range values fall back. */
function versionPair(last: number, fromParam: string | undefined, toParam: string | undefined): { from: number; to: number } {
  const pick = (v: string | undefined, d: number) => {
    const n = v === undefined ? d : parseId(v);
    return n !== null && n >= 1 && n <= last ? n : d;
  };
  const to = pick(toParam, last);
  return { from: pick(fromParam, Math.max(1, to - 1)), to };
}
