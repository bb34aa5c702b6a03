import { attachSearch } from '../search/attach.js';
import { attachStories } from '../stories/attach.js';
import { attachEntities } from '../entities/attach.js';
import { entitiesEnabled } from '../entities/extract.js';
import { SqliteStore } from './sqlite-store.js';
import { attachAlerts } from '../alerts/attach.js';
import { isPostgresUrl } from './postgres/open-postgres.js';
import { PostgresStore } from './postgres/pg-store.js';
import type { Store } from './store.js';

/**
 * Opens the archive's store: a `postgres://` URL opens PostgreSQL, anything else is a SQLite file (the
 * embedded default). Search, stories, entities and alerts hook into its ingest transaction.
 */
export async function openStore(location: string): Promise<Store> {
  return isPostgresUrl(location) ? openPostgresStore(location) : openSqliteStore(location);
}

/**
 * A SQLite archive with everything attached, for code that needs SQLite's own members (e.g. `raw`); a
 * PostgreSQL URL is refused with a message naming `what` needs SQLite.
 */
export async function openSqliteStore(path: string, what = 'this command'): Promise<SqliteStore> {
  if (isPostgresUrl(path)) throw new Error(`${what} is not available on PostgreSQL yet: give a SQLite archive (--db FILE)`);
  const store = await SqliteStore.open(path);
  // Search indexes every ingested article inside the ingest transaction.
  attachSearch(store);
  // Story clustering and language links, in the same transaction.
  attachStories(store);
  // People, organizations, places and the leaders' appearances, in the same transaction.
  if (entitiesEnabled()) attachEntities(store);
  // Saved searches' alerts, last: they read what the hooks above wrote in the same transaction.
  attachAlerts(store);
  return store;
}

async function openPostgresStore(url: string): Promise<PostgresStore> {
  const store = await PostgresStore.open(url);
  attachSearch(store);
  // ── PostgreSQL parts of the archive: each adds its `attachX(store)` line here, in the order above
  // (search, stories, entities, then alerts last: they read what the others wrote in the transaction).
  attachStories(store);
  if (entitiesEnabled()) attachEntities(store);
  attachAlerts(store);
  return store;
}
