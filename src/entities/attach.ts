import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { SqliteEntityIndex } from './sqlite/entity-index.js';

const attached = new WeakMap<object, SqliteEntityIndex>();

/** Registers extraction's ingest hook on a store: every import and crawl then records people, places and appearances. */
export function attachEntities(store: SqliteStore): SqliteEntityIndex {
  let index = attached.get(store);
  if (!index) {
    index = new SqliteEntityIndex(store.raw);
    store.addIngestHook(index.hook, index);
    attached.set(store, index);
  }
  return index;
}

export function entitiesOf(store: Store): SqliteEntityIndex {
  const found = attached.get(store);
  if (found) return found;
  if (store instanceof SqliteStore) return attachEntities(store);
  throw new Error('entities need a store with an entity index (SQLite)');
}

/** Article ids mentioning an entity: the `entity:` search field's evaluation. */
export function articleIdsForEntity(store: Store, id: string): number[] {
  return entitiesOf(store).articleIds(id);
}
