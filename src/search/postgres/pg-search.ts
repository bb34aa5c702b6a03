import type { Kysely } from 'kysely';
import type pg from 'pg';
import { SearchEngine } from '../engine/search-engine.js';
import type { PgIndexer } from './pg-indexer.js';
import { PgTextIndex } from './pg-index.js';

/** Search over the PostgreSQL archive: positional postings for text (postings/), the shared engine for everything else. */
export class PostgresSearch extends SearchEngine {
  readonly indexer: PgIndexer;
  private readonly textIndex: PgTextIndex;

  constructor(db: Kysely<any>, pool: pg.Pool) {
    const index = new PgTextIndex(db, pool);
    super(index);
    this.indexer = index.indexer;
    this.textIndex = index;
  }

  /** The articles' metadata loaded, and the text index ready for its first searches (PgTextIndex.warm). */
  override async warm(): Promise<void> {
    await Promise.all([super.warm(), this.textIndex.warm()]);
  }
}
