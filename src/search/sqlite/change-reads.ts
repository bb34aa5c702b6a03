import type Database from 'better-sqlite3';
import type { ChangeReads, ChangeRow, HunkRow } from '../engine/change-search.js';
import { seqMatch } from './fts-query.js';

/** The version changes' tables on SQLite; candidates from their FTS5 index (version_change_fts). */
export function sqliteChangeReads(raw: Database.Database): ChangeReads {
  const candidates = raw
    .prepare<[string], number>(`SELECT DISTINCT h.change_id FROM version_change_fts f JOIN version_change_hunks h ON h.id = f.rowid WHERE version_change_fts MATCH ?`)
    .pluck();
  const hunksOfChanges = raw.prepare<[string], HunkRow>(
    `SELECT id, change_id, article_id, removed, added, before, after FROM version_change_hunks
     WHERE change_id IN (SELECT value FROM json_each(?)) ORDER BY change_id, id`,
  );
  const changesOf = raw.prepare<[string], ChangeRow>(
    `SELECT id, article_id, version, seen_at FROM version_changes WHERE article_id IN (SELECT value FROM json_each(?))
     ORDER BY article_id, version DESC`,
  );
  return {
    candidates: async (seqs) => candidates.all(seqs.map(seqMatch).join(' OR ')),
    hunksOfChanges: async (ids) => hunksOfChanges.all(JSON.stringify(ids)),
    changesOf: async (ids) => changesOf.all(JSON.stringify(ids)),
  };
}
