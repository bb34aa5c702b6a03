import type { Kysely } from 'kysely';
import type { Database as Schema } from './schema.js';

/** A store's query handle: both backends keep one, typed with the shared schema. */
export interface HasQueryHandle {
  readonly db: Kysely<Schema>;
}

/** Every stored article's id in ascending order, read a page at a time (constant memory on any backend). */
export async function* articleIdsInOrder(store: HasQueryHandle, pageSize = 5000): AsyncGenerator<number> {
  let after = 0;
  for (;;) {
    const rows = await store.db.selectFrom('articles').select('id').where('id', '>', after).orderBy('id').limit(pageSize).execute();
    for (const r of rows) yield r.id;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].id;
  }
}
