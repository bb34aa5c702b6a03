import { PostgresStore } from '../../store/postgres/pg-store.js';
import { openStore } from '../../store/open-store.js';
import { SqliteStore } from '../../store/sqlite-store.js';
import type { Store } from '../../store/store.js';
import type { TestBackend } from '../../testing/backends.js';
import { attachEntities } from '../attach.js';
import type { EntityIndex } from '../entity-index.js';

/** A fresh archive of a test backend, with its entity index and plain SQL on its tables (`?` placeholders). */
export interface EntityArchive {
  store: Store;
  index: EntityIndex;
  rows<T>(query: string, ...params: unknown[]): Promise<T[]>;
  run(query: string, ...params: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export async function openEntityArchive(backend: TestBackend): Promise<EntityArchive> {
  return entityArchive(await openStore(await backend.location()));
}

export function entityArchive(store: Store): EntityArchive {
  const index = attachEntities(store);
  const close = async () => {
    await index.close();
    await store.close();
  };
  if (store instanceof SqliteStore) {
    return {
      store,
      index,
      rows: async <T>(q: string, ...params: unknown[]) => store.raw.prepare(q).all(...params) as T[],
      run: async (q, ...params) => void store.raw.prepare(q).run(...params),
      close,
    };
  }
  if (store instanceof PostgresStore) {
    let n = 0;
    const text = (q: string) => q.replace(/\?/g, () => `$${++n}`);
    return {
      store,
      index,
      rows: async <T>(q: string, ...params: unknown[]) => {
        n = 0;
        return (await store.pool.query(text(q), params)).rows as T[];
      },
      run: async (q, ...params) => {
        n = 0;
        await store.pool.query(text(q), params);
      },
      close,
    };
  }
  throw new Error('not a SQLite or PostgreSQL store');
}
