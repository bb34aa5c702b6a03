import { Hono } from 'hono';
import type { Store } from '../../store/store.js';
import { articleJson } from './article-json.js';
import { articleStoryJson } from '../story-routes.js';
import { crawlApi } from '../crawl-routes.js';
import { parseId, parsePage } from '../params.js';

export const PER_PAGE = 50;

export function apiRoutes(store: Store): Hono {
  const api = new Hono();
  const notFound = (what: string) => ({ error: 'not_found', message: what });

  api.get('/articles', async (c) => {
    const url = c.req.query('url');
    if (!url) return c.json({ error: 'bad_request', message: 'give ?url=<original or alias URL>' }, 400);
    // The store tries every equivalent form of the URL (src/urls/equivalent.ts).
    const id = await store.findArticleIdByUrl(url);
    const article = id === null ? null : await store.getArticle(id);
    return article ? c.json(articleJson(article, await articleStoryJson(store, article.id))) : c.json(notFound(`no article with URL ${url}`), 404);
  });

  api.get('/articles/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const article = id === null ? null : await store.getArticle(id);
    return article ? c.json(articleJson(article, await articleStoryJson(store, article.id))) : c.json(notFound(`no article ${c.req.param('id')}`), 404);
  });

  api.get('/sources', async (c) => c.json((await store.listSources()).map((s) => ({ slug: s.slug, name: s.name, articles: s.articles, homepage: s.homepage }))));

  api.get('/sources/:slug/articles', async (c) => {
    const source = await store.getSource(c.req.param('slug'));
    if (!source) return c.json(notFound(`no source ${c.req.param('slug')}`), 404);
    const page = parsePage(c.req.query('page'));
    if (page === null) return c.json({ error: 'bad_request', message: 'page must be a positive integer' }, 400);
    const { total, items } = await store.sourceArticles(source.id, page, PER_PAGE);
    return c.json({ total, page, perPage: PER_PAGE, items: items.map((a) => ({ id: a.id, title: a.title, published: a.published, url: a.url, lang: a.lang })) });
  });

  api.get('/stats', async (c) => c.json(await store.stats()));
  api.route('/', crawlApi(store));
  api.notFound((c) => c.json(notFound(`no API route ${c.req.path}`), 404));
  return api;
}

