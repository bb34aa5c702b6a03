import { attachSearch } from '../search/attach.js';
import { attachStories } from '../stories/attach.js';
import { attachEntities } from '../entities/attach.js';
import { entitiesEnabled } from '../entities/extract.js';
import { SqliteStore } from './sqlite-store.js';
import { attachAlerts } from '../alerts/attach.js';

/** Opens the archive's store; SQLite is the embedded default. */
export async function openStore(path: string): Promise<SqliteStore> {
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
