import { Hono } from 'hono';
import { ParamError } from './api/cursor.js';
import type { Store } from '../store/store.js';
import { searchOf } from '../search/attach.js';
import { apiRoutes } from './api/routes.js';
import { crawlPages } from './crawl-routes.js';
import { adminRoutes } from './admin/admin-routes.js';
import { queueRoutes } from './admin/queue-routes.js';
import { articleStoryContext, storyRoutes } from './story-routes.js';
import { dayRoutes } from './day-routes.js';
import { searchRoutes } from './api/search-routes.js';
import { exportRecordsOf } from '../export/article-records.js';
import { savedSearchApi } from './api/saved-search-routes.js';
import { entityApi, entityPages } from './entities/entity-routes.js';
import { feedRoutes } from './feed-routes.js';
import { warcRoutes } from './warc-routes.js';
import { versionApi, versionPages } from './version-routes.js';
import { loadVersion } from './version-permalink.js';
import './shown.js';
import { watchRoutes } from './watch/watch-routes.js';
import { articleMementoLinks, mementoHeaders } from './memento/memento-headers.js';
import { mementoRoutes } from './memento/memento-routes.js';
import { openApiRoutes } from './openapi/openapi-routes.js';
import { ArticlePage } from './pages/article-page.js';
import { HomePage } from './pages/home-page.js';
import { NotFoundPage } from './pages/not-found.js';
import { SourcePage, SourcesPage } from './pages/source-page.js';
import { parseId, parsePage } from './params.js';
import { CountsPage } from './pages/counts-page.js';
import { securityHeaders } from './security-headers.js';
import { compression } from './compression.js';
import { requestBodyLimit } from './request-limits.js';
import { contextStorage } from 'hono/context-storage';
import { authMiddleware, authRoutes, ownOrigin } from './auth.js';
import { rateLimits, rateLimitsFromEnv, type RateLimits } from './rate-limits.js';
import { HTTPException } from 'hono/http-exception';
import { storageFailure } from '../store/storage-failure.js';
import { readCors } from './read-cors.js';
import { apiError, isApiPath } from './api-errors.js';
import { imageRoutes } from './image-routes.js';
import { imagesOf } from '../store/images.js';

/** Where other sites' scripts may read: the JSON API, feeds and Memento's TimeMaps and TimeGates. */
const READ_CORS_PATHS = ['/api/*', '/feeds/*', '/timemap/*', '/timegate/*'];

const LIST_PER_PAGE = 30;
const MORE_PER_PAGE = 12;

/**
 * `private`: every page and the read API behind login (default: $WIREWATCH_PRIVATE=1); else public-read.
 * `rateLimits`: failed logins and API requests allowed (default: rateLimitsFromEnv()).
 */
export function createApp(store: Store, opts: { private?: boolean; rateLimits?: RateLimits } = {}): Hono {
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('*', compression());
  app.use('*', requestBodyLimit());
  app.use('*', contextStorage());
  const limits = rateLimits(opts.rateLimits ?? rateLimitsFromEnv());
  // Before accounts: a preflight carries no credentials, and reads from other sites present a token.
  for (const path of READ_CORS_PATHS) app.use(path, readCors());
  app.use('/login', limits.login);
  app.use('/api/*', limits.api);
  app.use('*', authMiddleware(store.accounts, { private: opts.private ?? process.env.WIREWATCH_PRIVATE === '1' }));
  app.use('/articles/:id/versions/:n', mementoHeaders(store));
  app.use('/articles/:id', articleMementoLinks(store));
  app.use('/api/articles/:id', articleMementoLinks(store));
  app.route('/', authRoutes(store.accounts));
  app.route('/', searchRoutes(searchOf(store), (url) => store.findArticleIdByUrl(url), exportRecordsOf(store)));
  app.route('/', storyRoutes(store));
  app.route('/', dayRoutes(store));
  app.route('/api', entityApi(store));
  app.route('/', entityPages(store));
  app.route('/api', savedSearchApi(store));
  app.route('/api', versionApi(store));
  app.route('/api', warcRoutes(store, searchOf(store)));
  app.route('/api', apiRoutes(store));
  app.route('/', versionPages(store));
  app.route('/', crawlPages(store));
  app.route('/', imageRoutes(store));
  app.route('/', feedRoutes(store));
  app.route('/', watchRoutes(store));
  app.route('/', mementoRoutes(store));
  app.route('/', queueRoutes(store));
  app.route('/', adminRoutes(store.accounts));
  app.route('/', openApiRoutes());

  app.get('/', async (c) => {
    const [latest, sources, stats] = await Promise.all([store.latest(30), store.listSources(), store.stats()]);
    return c.html(<HomePage latest={latest} sources={sources} stats={stats} />);
  });

  app.get('/about/counts', (c) => c.html(<CountsPage />));

  app.get('/sources', async (c) => c.html(<SourcesPage sources={await store.listSources()} />));

  app.get('/sources/:slug', async (c) => {
    const source = await store.getSource(c.req.param('slug'));
    if (!source) return c.html(<NotFoundPage what={`There is no source called ${c.req.param('slug')}.`} />, 404);
    const page = parsePage(c.req.query('page'));
    if (page === null) return c.html(<NotFoundPage what="That page number is not valid." />, 400);
    const [{ total, items }, years] = await Promise.all([store.sourceArticles(source.id, page, LIST_PER_PAGE), store.sourceYearCounts(source.id)]);
    const pages = Math.max(1, Math.ceil(total / LIST_PER_PAGE));
    return c.html(<SourcePage source={source} items={items} total={total} page={page} pages={pages} perPage={LIST_PER_PAGE} years={years} />);
  });

  app.get('/articles/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const article = id === null ? null : await store.getArticle(id);
    if (!article) return c.html(<NotFoundPage what={`There is no article ${c.req.param('id')} in this archive.`} />, 404);
    const requested = c.req.query('more') ? parsePage(c.req.query('more')) : null;
    const origin = ownOrigin(c);
    const [{ total, items, page }, around, current] = await Promise.all([
      requested ? store.sourceArticles(article.sourceId, requested, MORE_PER_PAGE).then((r) => ({ ...r, page: requested })) : store.sourcePageOf(article, MORE_PER_PAGE),
      store.previousAndNext(article),
      loadVersion(store, article.id, null, origin, article),
    ]);
    c.set('shownArticle', article);
    const more = { items, page, pages: Math.max(1, Math.ceil(total / MORE_PER_PAGE)) };
    return c.html(
      <ArticlePage article={article} more={more} previous={around.previous} next={around.next} story={await articleStoryContext(store, article.id)} cite={current?.cite} origin={origin} photos={(await imagesOf(store).latestSet(article.id))?.slots} />,
    );
  });

  app.notFound((c) => (isApiPath(c.req.path) ? apiError(c, 404, `nothing lives at ${c.req.path}`) : c.html(<NotFoundPage what={`Nothing lives at ${c.req.path}.`} />, 404)));
  // A write the archive's storage refused (read-only, disk full) is said plainly; anything else as Hono would.
  app.onError((e, c) => {
    // A query parameter that cannot be used (a foreign cursor, a limit out of range) names the parameter.
    if (e instanceof ParamError && isApiPath(c.req.path)) return c.json(e.toJSON(), 400);
    const why = storageFailure(e);
    if (why) {
      console.error(`wirewatch: ${c.req.method} ${c.req.path}: ${why}`);
      return isApiPath(c.req.path) ? apiError(c, 503, `not saved: ${why}`) : c.text(`Not saved: ${why}.\n`, 503);
    }
    if (e instanceof HTTPException) {
      if (isApiPath(c.req.path)) return apiError(c, e.status, e.message || e.getResponse().statusText || `HTTP ${e.status}`);
      const res = e.getResponse();
      return c.newResponse(res.body, res);
    }
    console.error(e);
    return isApiPath(c.req.path) ? apiError(c, 500, 'the server failed to answer; the error is in its log') : c.text('Internal Server Error', 500);
  });
  return app;
}
