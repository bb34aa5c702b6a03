import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { storiesEnabled } from './enabled.js';
import { SqliteStories } from './sqlite/sqlite-stories.js';
import type { Stories } from './stories.js';

const attached = new WeakMap<object, Stories>();

export { storiesEnabled } from './enabled.js';

/** Registers story clustering and language linking on a store (every import and crawl then clusters). */
export function attachStories(store: SqliteStore): SqliteStories {
  let stories = attached.get(store) as SqliteStories | undefined;
  if (!stories) {
    stories = new SqliteStories(store.raw);
    if (storiesEnabled()) store.addIngestHook(stories.hook);
    attached.set(store, stories);
  }
  return stories;
}

/** The stories of an opened store, or null for a store without them. */
export function storiesOf(store: Store): Stories | null {
  const found = attached.get(store);
  if (found) return found;
  return store instanceof SqliteStore ? attachStories(store) : null;
}
