import { PostgresStore } from '../store/postgres/pg-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { EntityIndex } from './entity-index.js';
import { PgEntityIndex } from './postgres/pg-entity-index.js';
import { SqliteEntities } from './sqlite/sqlite-entities.js';

const attached = new WeakMap<object, EntityIndex>();

/** Registers extraction's ingest hook on a store: every import and crawl then records people, places and appearances. */
export function attachEntities(store: Store): EntityIndex {
  let index = attached.get(store);
  if (index) return index;
  if (store instanceof SqliteStore) {
    const sqlite = new SqliteEntities(store.raw);
    store.addIngestHook(sqlite.sync.hook, sqlite.sync);
    index = sqlite;
  } else if (store instanceof PostgresStore) {
    const pg = new PgEntityIndex(store.db);
    store.addIngestHook(pg.writer.hook, pg.writer);
    index = pg;
  } else {
    throw new Error('entities need a SQLite or PostgreSQL store');
  }
  attached.set(store, index);
  return index;
}

/** The entity index of an opened store (attached on first use when extraction was switched off). */
export function entitiesOf(store: Store): EntityIndex {
  return attached.get(store) ?? attachEntities(store);
}

/** Article ids mentioning an entity: the `entity:` search field's evaluation. */
export function articleIdsForEntity(store: Store, id: string): Promise<number[]> {
  return entitiesOf(store).articleIds(id);
}
