import type Database from 'better-sqlite3';
import { SearchEngine } from '../engine/search-engine.js';
import type { SqliteIndexer } from './indexer.js';
import { SqliteTextIndex } from './sqlite-index.js';

export { RANK_LIMIT } from '../engine/search-engine.js';

/** Search over the SQLite archive: FTS5 for text, the shared engine for everything else. */
export class SqliteSearch extends SearchEngine {
  readonly indexer: SqliteIndexer;

  constructor(raw: Database.Database) {
    const index = new SqliteTextIndex(raw);
    super(index);
    this.indexer = index.indexer;
  }
}
