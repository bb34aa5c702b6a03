import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { ExportRecord } from './export-record.js';
import { sqliteArticleChunks } from './sqlite-article-chunks.js';
import { articleRecordsById } from './article-chunks.js';
import { storeDb } from '../store/store-db.js';

/** The full records of some articles, in the order asked (missing ids left out). */
export type RecordLookup = (ids: readonly number[]) => ExportRecord[] | Promise<ExportRecord[]>;

/** Reads full records from an opened store: SQLite's own reader, else through Kysely on any backend. */
export function exportRecordsOf(store: Store): RecordLookup | null {
  if (!(store instanceof SqliteStore)) return (ids) => articleRecordsById(storeDb(store), ids);
  return (ids) => {
    if (ids.length === 0) return [];
    const byId = new Map<number, ExportRecord>();
    for (const chunk of sqliteArticleChunks(store.raw, { ids })) for (const r of chunk) byId.set(r.id, r);
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
}
