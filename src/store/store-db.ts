import type { Kysely } from 'kysely';
import { PostgresStore } from './postgres/pg-store.js';
import type { Database as Schema } from './schema.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** The store's Kysely handle on either backend: for queries every dialect words alike (tests, tools). */
export function storeDb(store: Store): Kysely<Schema> {
  if (store instanceof SqliteStore || store instanceof PostgresStore) return store.db;
  throw new Error('not a SQLite or PostgreSQL store');
}
