import { Hono } from 'hono';
import type { ArticleSummary, Store } from '../../store/store.js';
import { articleJson } from './article-json.js';
import { articleStoryJson } from '../story-routes.js';
import { crawlApi } from '../crawl-routes.js';
import { parseId } from '../params.js';
import { listPagesOf } from '../../store/list-pages.js';
import { decodeCursor, encodeCursor, linkNext, pageOfList } from './cursor.js';
import { queryOf } from './query.js';
import { ArticleByUrlQuery, PAGE_SIZES, SourceArticlesQuery, SourcesQuery } from '../openapi/api-queries.js';


export function apiRoutes(store: Store): Hono {
  const api = new Hono();
  const notFound = (what: string) => ({ error: 'not_found', message: what });

  api.get('/articles', async (c) => {
    const { url } = queryOf(c, ArticleByUrlQuery);
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

  // A bare array (as it always was): its next page, when there is one, is announced in the Link header.
  api.get('/sources', async (c) => {
    const query = queryOf(c, SourcesQuery);
    const id = { list: 'sources' };
    const { items, next } = pageOfList(await store.listSources(), {
      id,
      keyOf: (s) => [s.name, s.slug],
      order: 'asc',
      after: decodeCursor(query.cursor, id, ['s', 's']),
      limit: query.limit ?? PAGE_SIZES.sources[0],
    });
    linkNext(c, next);
    return c.json(items.map((s) => ({ slug: s.slug, name: s.name, articles: s.articles, homepage: s.homepage })));
  });

  api.get('/sources/:slug/articles', async (c) => {
    const source = await store.getSource(c.req.param('slug'));
    if (!source) return c.json(notFound(`no source ${c.req.param('slug')}`), 404);
    const query = queryOf(c, SourceArticlesQuery);
    const perPage = query.limit ?? PAGE_SIZES.sourceArticles[0];
    // The cursor carries the page number too, so `page` keeps counting along a walk.
    const id = { list: 'source-articles', filter: source.slug };
    const after = decodeCursor(query.cursor, id, ['s', 'n', 'n']);
    const page = after ? (after[2] as number) : (query.page ?? 1);
    let total = source.articles;
    let items: ArticleSummary[];
    let more: boolean;
    if (after) {
      const rows = await listPagesOf(store).sourceArticles(source.id, { published: after[0] as string, id: after[1] as number }, perPage + 1);
      items = rows.slice(0, perPage);
      more = rows.length > perPage;
    } else {
      ({ total, items } = await store.sourceArticles(source.id, page, perPage));
      more = page * perPage < total;
    }
    const last = items.at(-1);
    const next = more && last ? encodeCursor(id, [last.published, last.id, page + 1]) : null;
    linkNext(c, next);
    return c.json({
      total,
      page,
      perPage,
      items: items.map((a) => ({ id: a.id, title: a.title, published: a.published, url: a.url, lang: a.lang })),
      ...(next ? { next_cursor: next } : {}),
    });
  });

  api.get('/stats', async (c) => c.json(await store.stats()));
  api.route('/', crawlApi(store));
  api.notFound((c) => c.json(notFound(`no API route ${c.req.path}`), 404));
  return api;
}

