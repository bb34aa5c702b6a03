import { Hono, type Context } from 'hono';
import type { WARCRecord } from 'warcio';
import { SearchRequestError, type SearchBackend, type SearchHit } from '../search/backend.js';
import { QuerySyntaxError } from '../search/query/errors.js';
import type { Store } from '../store/store.js';
import { articleRecords } from '../warc/article-records.js';
import { warcinfoRecord, writeWarc } from '../warc/write-warc.js';
import { ownOrigin } from './auth.js';
import { queryOf } from './api/query.js';
import { SearchWarcQuery } from './openapi/search-queries.js';
import { parseId } from './params.js';

/** Pulls one chunk at a time, so a long download holds one record in memory and follows the reader's pace. */
function streamBody(chunks: AsyncIterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const r = await chunks.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}

function warcResponse(c: Context, filename: string, info: WARCRecord, records: AsyncIterable<WARCRecord>): Response {
  // Gzip per record (the usual .warc.gz), so a reader can seek to any record; not compressed again on the wire.
  return c.body(streamBody(writeWarc(info, records, true)[Symbol.asyncIterator]()), 200, {
    'Content-Type': 'application/warc',
    'Content-Disposition': `attachment; filename="${filename}"`,
  });
}

/** WARC 1.1 downloads: one article's captured versions, or every match of a search. */
export function warcRoutes(store: Store, search: SearchBackend): Hono {
  const app = new Hono();

  app.get('/articles/:id/warc', async (c) => {
    const id = parseId(c.req.param('id'));
    const article = id === null ? null : await store.getArticle(id);
    if (!article) return c.json({ error: 'not_found', message: `no article ${c.req.param('id')}` }, 404);
    const origin = ownOrigin(c);
    const filename = `article-${article.id}.warc.gz`;
    return warcResponse(c, filename, warcinfoRecord(filename, `${origin}/articles/${article.id}`), articleRecords(store, article, origin));
  });

  app.get('/search.warc', async (c) => {
    const { q } = queryOf(c, SearchWarcQuery);
    if (!q.trim()) return c.json({ error: 'bad_request', message: 'q: give a query', parameter: 'q' }, 400);
    let chunks: AsyncIterator<SearchHit[]>;
    let first: IteratorResult<SearchHit[]>;
    try {
      // A bad query answers 400 before the download starts (parsed on the call or on the first pull).
      chunks = search.stream(q, 'newest')[Symbol.asyncIterator]();
      first = await chunks.next();
    } catch (e) {
      if (e instanceof QuerySyntaxError) return c.json(e.toJSON(), 400);
      if (e instanceof SearchRequestError) return c.json({ error: 'bad_request', message: e.message }, 400);
      throw e;
    }
    const origin = ownOrigin(c);
    async function* records(): AsyncGenerator<WARCRecord> {
      const imagesWritten = new Set<string>();
      for (let r = first; !r.done; r = await chunks.next()) {
        for (const hit of r.value) {
          const article = await store.getArticle(hit.id);
          if (article) yield* articleRecords(store, article, origin, imagesWritten);
        }
      }
    }
    const filename = 'search.warc.gz';
    return warcResponse(c, filename, warcinfoRecord(filename, `${origin}/search?q=${encodeURIComponent(q)}`), records());
  });

  return app;
}
