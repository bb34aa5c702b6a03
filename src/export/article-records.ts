import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { ExportRecord } from './export-record.js';
import { sqliteArticleChunks } from './sqlite-article-chunks.js';

/** The full records of some articles, in the order asked (missing ids left out). */
export type RecordLookup = (ids: readonly number[]) => ExportRecord[];

/** Reads full records from an opened store, or null when its backend has no such reader. */
export function exportRecordsOf(store: Store): RecordLookup | null {
  if (!(store instanceof SqliteStore)) return null;
  return (ids) => {
    if (ids.length === 0) return [];
    const byId = new Map<number, ExportRecord>();
    for (const chunk of sqliteArticleChunks(store.raw, { ids })) for (const r of chunk) byId.set(r.id, r);
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
}
