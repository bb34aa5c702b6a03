import type { Kysely, Transaction } from 'kysely';
import type { Database as Schema } from '../schema.js';
import type { AheadWork, IngestItem, IngestOutcome } from '../store.js';

/**
 * The open transaction an ingest runs in on PostgreSQL. Typed with the store's schema; parts of the
 * archive with tables of their own (search, stories, entities, alerts) query them through
 * `tx.withTables<…>()` or `sql`, in this same transaction, so they never lag the articles.
 */
export type PgTx = Transaction<Schema>;

/** Any connection or transaction on the archive's PostgreSQL database. */
export type PgDb = Kysely<Schema>;

/**
 * Called inside the ingest transaction for each new or changed article, in the order registered (the
 * PostgreSQL counterpart of the SQLite store's `IngestHook`).
 */
export type PgIngestHook = {
  (tx: PgTx, articleId: number, item: IngestItem, outcome: IngestOutcome): Promise<void>;
  /**
   * Set on a hook that makes no statement through `tx` for a new article (it only gathers what it writes
   * at the end, as the search index does). When every hook is such, the store writes a run of new articles
   * in one statement and then calls the hooks for each of them, in order, before anything else is written.
   */
  readonly onlyGathersNew?: boolean;
};

/** Marks a hook as making no statement for a new article (see `PgIngestHook.onlyGathersNew`). */
export function gathersNew(hook: (tx: PgTx, articleId: number, item: IngestItem, outcome: IngestOutcome) => Promise<void>): PgIngestHook {
  return Object.assign(hook, { onlyGathersNew: true as const });
}

/** A hook that gathers its writes over a batch and makes them once, at the end of the ingest transaction. */
export interface PgDeferredWrites {
  /** Makes the gathered writes (inside the transaction, after every article of the batch). */
  flush(tx: PgTx): Promise<void>;
  /** Forgets the gathered writes (the transaction is rolling back). */
  discard(): void;
  /** What an import computes ahead for these writes (`Store.preparedAhead`). */
  readonly preparedAhead?: AheadWork;
}
