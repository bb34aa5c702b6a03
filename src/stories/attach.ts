import { PostgresStore } from '../store/postgres/pg-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { storiesEnabled } from './enabled.js';
import { PgStories } from './postgres/pg-stories.js';
import { SqliteStories } from './sqlite/sqlite-stories.js';
import type { Stories } from './stories.js';

const attached = new WeakMap<object, Stories>();

export { storiesEnabled } from './enabled.js';

/** Registers story clustering and language linking on a store (every import and crawl then clusters). */
export function attachStories(store: SqliteStore): SqliteStories;
export function attachStories(store: PostgresStore): PgStories;
export function attachStories(store: SqliteStore | PostgresStore): Stories;
export function attachStories(store: SqliteStore | PostgresStore): Stories {
  let stories = attached.get(store);
  if (!stories) {
    if (store instanceof SqliteStore) {
      const sqlite = new SqliteStories(store.raw);
      if (storiesEnabled()) store.addIngestHook(sqlite.hook);
      stories = sqlite;
    } else {
      const pg = new PgStories(store.db);
      if (storiesEnabled()) pg.attachTo(store);
      stories = pg;
    }
    attached.set(store, stories);
  }
  return stories;
}

/** The stories of an opened store, or null for a store without them. */
export function storiesOf(store: Store): Stories | null {
  const found = attached.get(store);
  if (found) return found;
  return store instanceof SqliteStore || store instanceof PostgresStore ? attachStories(store) : null;
}
