import { PostgresStore } from '../store/postgres/pg-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { SearchBackend } from './backend.js';
import { PostgresSearch } from './postgres/pg-search.js';
import { SqliteSearch } from './sqlite/sqlite-search.js';

const attached = new WeakMap<object, SqliteSearch | PostgresSearch>();

/** Registers the search index's ingest hook on a store (every import and crawl then indexes). */
export function attachSearch(store: SqliteStore): SqliteSearch;
export function attachSearch(store: PostgresStore): PostgresSearch;
export function attachSearch(store: SqliteStore | PostgresStore): SqliteSearch | PostgresSearch {
  let search = attached.get(store);
  if (!search) {
    if (store instanceof SqliteStore) {
      const s = new SqliteSearch(store.raw);
      store.addIngestHook(s.indexer.hook, s.indexer);
      search = s;
    } else {
      const s = new PostgresSearch(store.db, store.pool);
      store.addIngestHook(s.indexer.hook, s.indexer);
      search = s;
    }
    attached.set(store, search);
  }
  return search;
}

/** The search backend of an opened store. */
export function searchOf(store: Store): SearchBackend {
  const found = attached.get(store);
  if (found) return found;
  if (store instanceof SqliteStore || store instanceof PostgresStore) return attachSearch(store as SqliteStore);
  throw new Error('search needs a store with a search backend (SQLite or PostgreSQL)');
}
