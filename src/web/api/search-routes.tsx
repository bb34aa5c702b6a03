import { readFileSync } from 'node:fs';
import { csvRows } from '../csv.js';
import { createRequire } from 'node:module';
import { Hono, type Context } from 'hono';
import { SearchRequestError, type SearchBackend, type SearchHit, type SearchResponse, type TimelineBucket } from '../../search/backend.js';
import type { SortOrder } from '../../search/query/ast.js';
import { QuerySyntaxError } from '../../search/query/errors.js';
import { looksLikeUrl } from '../../urls/equivalent.js';
import { SEARCH_CHART_JS, SearchPage, readSearchState } from '../pages/search-page.js';
import { serveStylesheet, STYLESHEET_PATH } from '../stylesheet.js';
import type { RecordLookup } from '../../export/article-records.js';
import { fieldsParam, selectFields } from './search-fields.js';
import { decodeCursor, encodeCursor, linkNext } from './cursor.js';
import { queryOf } from './query.js';
import { SearchExportQuery, SearchQuery, TimelineCsvQuery, TimelineQuery } from '../openapi/search-queries.js';

const MAX_COMPARE = 5;

/** Finds the article stored under a URL or an equivalent form of it (the store's lookup). */
export type UrlLookup = (url: string) => Promise<number | null>;

/**
 * A query that is one URL: the article it names, if the archive holds it; for an outlet page holding
 * several articles given without the fragment that picks one (`onPage`), every article of that page.
 */
interface UrlQuery {
  url: string;
  ids: number[];
  onPage: boolean;
}

/** Search and attention-over-time: JSON API, streamed exports, the /search page and its static files. */
export function searchRoutes(search: SearchBackend, findUrl: UrlLookup = async () => null, records: RecordLookup | null = null): Hono {
  const app = new Hono();
  /** A query that is a URL is looked up, never parsed (a URL is not query syntax). */
  const asUrl = async (q: string): Promise<UrlQuery | null> => {
    if (!looksLikeUrl(q)) return null;
    const id = await findUrl(q.trim());
    if (id !== null) return { url: q.trim(), ids: [id], onPage: false };
    const ids = await search.articlesOnPage(q.trim());
    return { url: q.trim(), ids, onPage: ids.length > 0 };
  };

  app.get('/api/search', (c) =>
    guard(c, async () => {
      const query = queryOf(c, SearchQuery);
      const q = requireQ(c);
      const perPage = query.per_page ?? 20;
      const sort = query.sort ?? 'relevance';
      const collapse = query.collapse ?? 'none';
      const walk = searchWalk(query.cursor, q, sort, collapse);
      const page = walk.page ?? query.page ?? 1;
      const url = await asUrl(q);
      const r = await search.search({ q, page, perPage, sort, collapse, ids: url?.ids, after: walk.after, upToId: walk.upToId });
      const next = r.more ? walk.next(r, page) : null;
      linkNext(c, next);
      return c.json({
        total: r.total,
        page: r.page,
        per_page: r.perPage,
        sort: r.sort,
        ranking: r.ranking,
        language_first: r.languageFirst,
        counts: r.counts,
        ...(url ? { url: { url: url.url, found: url.ids.length > 0, id: url.onPage ? null : (url.ids[0] ?? null), page: url.onPage }, message: urlMessage(url) } : {}),
        results: r.results,
        facets: r.facets,
        ...(next ? { next_cursor: next } : {}),
      });
    }),
  );

  app.get('/api/search.jsonl', (c) =>
    guard(c, async () => {
      const query = queryOf(c, SearchExportQuery);
      const q = requireQ(c);
      const url = await asUrl(q);
      const fields = fieldsParam(query.fields, records);
      const chunks = await firstChunk(search.stream(q, query.sort ?? 'newest', { collapse: query.collapse ?? 'none', ids: url?.ids }));
      // With fields=: exactly those, in that order (body is the full text).
      const line = async (hits: SearchHit[]) =>
        fields ? (await selectFields(hits, fields, records, plainSnippet, false)).map((v) => JSON.stringify(Object.fromEntries(fields.map((f, i) => [f, v[i]])))) : hits.map((h) => JSON.stringify(h));
      return streamText(chunks, async (hits) => (await line(hits)).join('\n') + '\n', 'application/x-ndjson; charset=utf-8');
    }),
  );

  app.get('/api/search.csv', (c) =>
    guard(c, async () => {
      const query = queryOf(c, SearchExportQuery);
      const q = requireQ(c);
      const url = await asUrl(q);
      const fields = fieldsParam(query.fields, records);
      const chunks = await firstChunk(search.stream(q, query.sort ?? 'newest', { collapse: query.collapse ?? 'none', ids: url?.ids }));
      const rows = (hits: SearchHit[]) => (fields ? selectFields(hits, fields, records, plainSnippet, true) : hits.map(csvRow));
      let header = true;
      return streamText(
        chunks,
        async (hits) => {
          if (hits.length === 0 && !header) return '';
          const text = csvRows([...(header ? [fields ?? SEARCH_CSV_COLUMNS] : []), ...(await rows(hits))]);
          header = false;
          return text;
        },
        'text/csv; charset=utf-8',
        'search.csv',
      );
    }),
  );

  app.get('/api/timeline', (c) =>
    guard(c, async () => {
      const { q = '', interval = 'month', source, collapse = 'none' } = queryOf(c, TimelineQuery);
      const url = await asUrl(q);
      const t = await search.timeline({ q, interval, source, collapse, ids: url?.ids });
      return c.json({ ...t, counts: collapse === 'story' ? 'stories' : 'articles' });
    }),
  );

  /** Several series side by side: period, total, then one count column per query. */
  app.get('/api/timeline.csv', (c) =>
    guard(c, async () => {
      const { q: given, interval = 'month', source, collapse = 'none', mode } = queryOf(c, TimelineCsvQuery);
      const qs = given.filter((q) => q.trim()).slice(0, MAX_COMPARE);
      if (qs.length === 0) throw new SearchRequestError('give at least one ?q=');
      const series: TimelineBucket[][] = [];
      for (const q of qs) series.push((await search.timeline({ q, interval, source, collapse, ids: (await asUrl(q))?.ids })).buckets);
      const share = mode === 'share';
      const unit = collapse === 'story' ? 'stories' : 'articles';
      // A period the archive holds nothing of is no data: an empty cell, not 0.
      const value = (count: number, total: number, covered: boolean) => (!covered ? '' : share ? (total ? Math.round((count / total) * 1e6) / 1e4 : 0) : count);
      const rows = series[0].map((b, i) => [b.period, b.total, ...series.map((s) => value(s[i]?.count ?? 0, b.total, b.covered))]);
      const csv = csvRows([['period', 'total', ...qs.map((q) => (share ? `${q} (% of ${unit})` : q))], ...rows]);
      return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="timeline.csv"' });
    }),
  );

  app.get('/search', async (c) => {
    const state = readSearchState((name) => c.req.queries(name) ?? []);
    const { q } = state;
    if (!q) return c.html(<SearchPage state={state} />);
    const url = await asUrl(q);
    if (url) {
      // A pasted URL goes straight to the article, or says the archive does not hold it; a page
      // holding several articles lists them.
      if (url.ids.length === 1) return c.redirect(`/articles/${url.ids[0]}`, 302);
      if (url.ids.length === 0) return c.html(<SearchPage state={state} notFoundUrl={url.url} />);
      // Page order: the articles of one page share its date, and were stored in the order they stand.
      const result = await search.search({ q, page: state.page, perPage: 20, sort: 'oldest', ids: url.ids });
      return c.html(<SearchPage state={state} result={result} pageUrl={url.url} />);
    }
    try {
      const result = await search.search({ q, page: state.page, perPage: 20, sort: state.sort, collapse: state.collapse ? 'story' : 'none' });
      return c.html(<SearchPage state={state} result={result} />);
    } catch (e) {
      if (e instanceof QuerySyntaxError || e instanceof SearchRequestError) {
        return c.html(<SearchPage state={state} error={e} />, 400);
      }
      throw e;
    }
  });

  const uplotDir = uplotDist();
  const asset = (file: string, type: string) => {
    const body = readFileSync(`${uplotDir}/${file}`);
    return (c: Context) => c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  };
  app.get('/static/uplot/uPlot.iife.min.js', asset('uPlot.iife.min.js', 'text/javascript; charset=utf-8'));
  app.get('/static/uplot/uPlot.min.css', asset('uPlot.min.css', 'text/css; charset=utf-8'));
  // No icon: an empty answer, so browsers do not log a failed request on every page.
  app.get('/favicon.ico', (c) => c.body(null, 204, { 'cache-control': 'public, max-age=86400' }));
  app.get(STYLESHEET_PATH, serveStylesheet);
  app.get('/static/search-chart.js', (c) => c.body(SEARCH_CHART_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  return app;
}

function uplotDist(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('uplot/dist/uPlot.min.css').replace(/\/uPlot\.min\.css$/, '');
}

/** Bad queries and parameters answer 400 with a message (and, for queries, the position). */
async function guard(c: Context, f: () => Response | Promise<Response>): Promise<Response> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof QuerySyntaxError) return c.json(e.toJSON(), 400);
    if (e instanceof SearchRequestError) return c.json({ error: 'bad_request', message: e.message }, 400);
    throw e;
  }
}

/**
 * Where a search's `?cursor=` takes up the walk. Newest and oldest orders go on after the last hit given
 * (its day and id); a relevance order goes on at the next page of the articles stored when the walk began
 * (scores depend on the whole archive, so there is no key to go on after).
 */
function searchWalk(cursor: string | undefined, q: string, sort: SortOrder, collapse: 'none' | 'story') {
  const list = { list: 'search', filter: JSON.stringify([q, sort, collapse]) };
  const dated = sort !== 'relevance';
  const key = decodeCursor(cursor, list, dated ? ['s', 'n', 'n'] : ['n', 'n']);
  return {
    page: key ? (key[key.length - 1] as number) : undefined,
    after: key && dated ? { published: key[0] as string, id: key[1] as number } : undefined,
    upToId: key && !dated ? (key[0] as number) : undefined,
    next(r: SearchResponse, page: number): string | null {
      const last = r.results.at(-1);
      if (!last) return null;
      if (dated) return encodeCursor(list, [last.published, last.id, page + 1]);
      return encodeCursor(list, [key ? (key[0] as number) : (r.newestId ?? Number.MAX_SAFE_INTEGER), page + 1]);
    },
  };
}

function urlMessage(url: UrlQuery): string {
  if (url.onPage) return `the ${url.ids.length} articles of the page ${url.url} (each is stored as ${url.url}#N)`;
  return url.ids.length ? `the article stored under ${url.url} (or an equivalent form of it)` : `${url.url} is not in the archive (under that or any equivalent form: http/https, www., trailing slash, tracking parameters)`;
}

function requireQ(c: Context): string {
  const q = c.req.query('q');
  if (q === undefined || !q.trim()) throw new SearchRequestError('give a query: ?q=…');
  return q;
}

const SEARCH_CSV_COLUMNS = ['id', 'url', 'title', 'published', 'source', 'lang', 'snippet'] as const;

function csvRow(h: SearchHit): unknown[] {
  const row: Record<string, unknown> = { ...h, snippet: plainSnippet(h.snippet) };
  return SEARCH_CSV_COLUMNS.map((k) => row[k]);
}

function plainSnippet(html: string): string {
  return html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A stream's iterator with its first chunk taken: a bad query rejects here, before the response starts. */
async function firstChunk(stream: AsyncIterable<SearchHit[]>): Promise<{ first: IteratorResult<SearchHit[]>; rest: AsyncIterator<SearchHit[]> }> {
  const rest = stream[Symbol.asyncIterator]();
  return { first: await rest.next(), rest };
}

/** Streams chunks as they are produced; the next chunk is made only when the client has taken the last. */
function streamText(
  chunks: { first: IteratorResult<SearchHit[]>; rest: AsyncIterator<SearchHit[]> },
  render: (hits: SearchHit[]) => string | Promise<string>,
  type: string,
  filename?: string,
): Response {
  const encoder = new TextEncoder();
  let pending: IteratorResult<SearchHit[]> | null = chunks.first;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? (await chunks.rest.next());
      pending = null;
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(await render(next.value)));
    },
    async cancel() {
      await chunks.rest.return?.();
    },
  });
  const headers: Record<string, string> = { 'content-type': type };
  if (filename) headers['content-disposition'] = `attachment; filename="${filename}"`;
  return new Response(body, { headers });
}
