import { existsSync } from 'node:fs';
import { openStore } from '../store/open-store.js';
import { isPostgresUrl } from '../store/postgres/open-postgres.js';
import { searchOf } from './attach.js';
import { SearchRequestError } from './backend.js';
import { SORT_ORDERS, type SortOrder } from './query/ast.js';
import { QuerySyntaxError } from './query/errors.js';
import { looksLikeUrl } from '../urls/equivalent.js';

export interface SearchCommandOptions {
  db: string;
  json?: boolean;
  count?: boolean;
  sort?: string;
  limit?: string;
}

/**
 * `wirewatch search "<query>"`: matches newest first (all of them with --json, as JSON lines), or the count.
 * A query that is one URL finds the article stored under it (or an equivalent form); when there is none
 * it says so on stderr and exits with status 1.
 */
export async function searchCommand(query: string, opts: SearchCommandOptions): Promise<void> {
  if (!isPostgresUrl(opts.db) && !existsSync(opts.db)) throw new Error(`${opts.db}: no archive here (import something first)`);
  const sort = (opts.sort ?? 'newest') as SortOrder;
  if (!SORT_ORDERS.includes(sort)) throw new Error(`--sort must be one of ${SORT_ORDERS.join(', ')}`);
  const limit = opts.limit === undefined ? (opts.json ? Infinity : 20) : Number(opts.limit);
  if (!(limit > 0)) throw new Error('--limit must be a positive number');
  const store = await openStore(opts.db);
  try {
    const search = searchOf(store);
    if (looksLikeUrl(query)) {
      const id = await store.findArticleIdByUrl(query.trim());
      // An outlet page holding several articles, given without the fragment that picks one: all of them.
      const ids = id !== null ? [id] : await search.articlesOnPage(query.trim());
      if (opts.count) process.stdout.write(`${ids.length}\n`);
      else {
        for await (const chunk of search.stream(query, sort, { ids })) for (const hit of chunk) {
          process.stdout.write(opts.json ? `${JSON.stringify(hit)}\n` : `${hit.published}  ${hit.source}  #${hit.id}  ${hit.title}\n    ${hit.url}\n`);
        }
      }
      if (ids.length === 0) {
        process.stderr.write(`${query.trim()} is not in the archive (under that or any equivalent form: http/https, www., trailing slash, tracking parameters)\n`);
        process.exitCode = 1;
      }
      return;
    }
    if (opts.count) {
      process.stdout.write(`${await search.count(query)}\n`);
      return;
    }
    let shown = 0;
    const total = opts.json ? 0 : await search.count(query);
    outer: for await (const chunk of search.stream(query, sort)) {
      for (const hit of chunk) {
        if (shown >= limit) break outer;
        shown++;
        if (opts.json) process.stdout.write(`${JSON.stringify(hit)}\n`);
        else {
          const text = hit.snippet.replace(/<\/?mark>/g, '*').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
          process.stdout.write(`${hit.published}  ${hit.source}  #${hit.id}  ${hit.title}\n    ${text}\n`);
        }
      }
    }
    if (!opts.json) process.stdout.write(`${total} ${total === 1 ? 'article' : 'articles'}${shown < total ? `, ${shown} shown (--limit, or --json for all)` : ''}\n`);
  } catch (e) {
    if (e instanceof QuerySyntaxError) throw new Error(`${e.message}\n${e.pointer()}`);
    if (e instanceof SearchRequestError) throw new Error(e.message);
    throw e;
  } finally {
    await store.close();
  }
}

/** `wirewatch reindex`: rebuilds the search index from the stored articles. */
export async function reindexCommand(opts: { db: string }): Promise<void> {
  if (!isPostgresUrl(opts.db) && !existsSync(opts.db)) throw new Error(`${opts.db}: no archive here`);
  const store = await openStore(opts.db);
  try {
    const r = await searchOf(store).reindex((done, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\rindexing ${done}/${total}`);
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(`indexed ${r.articles} articles in ${r.seconds.toFixed(1)} s\n`);
  } finally {
    await store.close();
  }
}
