import type { Kysely } from 'kysely';
import type pg from 'pg';
import { SearchEngine } from '../engine/search-engine.js';
import type { PgIndexer } from './pg-indexer.js';
import { PgTextIndex } from './pg-index.js';

/** Search over the PostgreSQL archive: search_index (tsvector, GIN) for text, the shared engine for everything else. */
export class PostgresSearch extends SearchEngine {
  readonly indexer: PgIndexer;

  constructor(db: Kysely<any>, pool: pg.Pool) {
    const index = new PgTextIndex(db, pool);
    super(index);
    this.indexer = index.indexer;
  }
}
