import { SqliteStore } from './sqlite-store.js';

/** Opens the archive's store; SQLite is the embedded default. */
export async function openStore(path: string): Promise<SqliteStore> {
  return SqliteStore.open(path);
}
