import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { SearchBackend } from './backend.js';
import { SqliteSearch } from './sqlite/sqlite-search.js';

const attached = new WeakMap<object, SqliteSearch>();

/** Registers the search index's ingest hook on a store (every import and crawl then indexes). */
export function attachSearch(store: SqliteStore): SqliteSearch {
  let search = attached.get(store);
  if (!search) {
    search = new SqliteSearch(store.raw);
    store.addIngestHook(search.indexer.hook, search.indexer);
    attached.set(store, search);
  }
  return search;
}

/** The search backend of an opened store. */
export function searchOf(store: Store): SearchBackend {
  const found = attached.get(store);
  if (found) return found;
  if (store instanceof SqliteStore) return attachSearch(store);
  throw new Error('search needs a store with a search backend (SQLite)');
}
