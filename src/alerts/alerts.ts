import type { CompiledQuery, Kysely } from 'kysely';
import type { DeliveryLogRow } from './json.js';
import type { RecentMatch } from './recent-matches.js';
import type { SavedSearches } from './saved-searches.js';

/** The matching of noted changes into the outbox (inside each ingest transaction, and on demand). */
export interface AlertRecording {
  /** Called after a write recorded alerts (the delivery loop of this process wakes at once). */
  readonly onRecorded: Set<() => void>;
  /** Matches the changes still unmatched (written by a process without alerts), in a transaction of its own. */
  recordPending(now?: Date): Promise<number>;
}

/** What one delivery attempt did, stored in the transaction that claimed its deliveries. */
export interface Settlement {
  ok: boolean;
  stamp: string;
  status: number | null;
  error: string | null;
  /** Each attempted delivery and when it is next due. */
  deliveries: { id: number; next: string }[];
  /** For a webhook: its saved search, whose failing mark follows the outcome (and which is paused after a day of failures). */
  webhook: { savedSearchId: number; pause: boolean } | null;
}

/** Hands deliveries to one sender at a time. */
export interface DeliveryClaims {
  /**
   * Runs `send` with those of `deliveryIds` that are still due and not being sent by another process,
   * and stores the settlement it returns in the same transaction. Null when none of them was left.
   */
  attempt(deliveryIds: number[], now: string, send: (claimed: number[]) => Promise<Settlement>): Promise<Settlement | null>;
}

/** Saved searches and alerts of one archive, whatever its backend. */
export interface Alerts {
  recorder: AlertRecording;
  searches: SavedSearches;
  claims: DeliveryClaims;
  /** The archive's database, for the reads both backends answer with the same SQL. */
  db: Kysely<any>;
  /** A saved search's latest deliveries, newest first. */
  deliveries(savedSearchId: number, limit?: number): Promise<DeliveryLogRow[]>;
  /** A saved search's latest matches, newest first. */
  matches(savedSearchId: number, limit?: number): Promise<RecentMatch[]>;
}

/** The writes of a settlement, compiled for the archive's dialect (run synchronously on SQLite, in the claim's transaction on PostgreSQL). */
export function settlementQueries(db: Kysely<any>, s: Settlement): CompiledQuery[] {
  const out: CompiledQuery[] = s.deliveries.map((d) =>
    db
      .updateTable('alert_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_attempt_at: s.stamp,
        last_status: s.status,
        last_error: s.error,
        next_attempt_at: d.next,
        delivered_at: s.ok ? s.stamp : null,
      }))
      .where('id', '=', d.id)
      .compile(),
  );
  if (!s.webhook) return out;
  const id = s.webhook.savedSearchId;
  if (s.ok) out.push(db.updateTable('saved_searches').set({ webhook_failing_since: null }).where('id', '=', id).compile());
  else {
    out.push(
      db
        .updateTable('saved_searches')
        .set((eb) => ({ webhook_failing_since: eb.fn.coalesce('webhook_failing_since', eb.val(s.stamp)) }))
        .where('id', '=', id)
        .compile(),
    );
    if (s.webhook.pause) out.push(db.updateTable('saved_searches').set({ webhook_paused_at: s.stamp }).where('id', '=', id).where('webhook_paused_at', 'is', null).compile());
  }
  return out;
}
