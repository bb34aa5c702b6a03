import { sql } from 'kysely';
import type { PostgresStore } from '../../store/postgres/pg-store.js';
import { settlementQueries, type Alerts } from '../alerts.js';
import { deliveryLog } from '../delivery-log.js';
import { recentMatches } from '../recent-matches.js';
import { SavedSearches } from '../saved-searches.js';
import { PgAlertRecorder, recordPendingIn } from './pg-recorder.js';

/**
 * Alerts on a PostgreSQL archive: matching at the end of each ingest transaction (deferred writes), and
 * deliveries claimed row by row with FOR UPDATE SKIP LOCKED, so several processes deliver from one archive
 * without sending anything twice.
 */
export function pgAlerts(store: PostgresStore): Alerts {
  const recorder = new PgAlertRecorder();
  store.addIngestHook(recorder.hook, recorder);
  return {
    recorder: {
      onRecorded: recorder.onRecorded,
      recordPending: (now) => store.db.transaction().execute((tx) => recordPendingIn(tx, recorder.matcher, now)),
    },
    searches: new SavedSearches(store.db),
    db: store.db,
    claims: {
      // The claim lasts the transaction: the row lock holds other senders off while this one sends.
      attempt: (ids, now, send) =>
        store.db.transaction().execute(async (tx) => {
          const { rows } = await sql<{ id: number }>`SELECT id FROM alert_deliveries
            WHERE id = ANY(${ids}) AND delivered_at IS NULL AND next_attempt_at <= ${now} ORDER BY id FOR UPDATE SKIP LOCKED`.execute(tx);
          if (rows.length === 0) return null;
          const settled = await send(rows.map((r) => r.id));
          for (const q of settlementQueries(tx, settled)) await tx.executeQuery(q);
          return settled;
        }),
    },
    deliveries: (id, limit) => deliveryLog(store.db, id, limit),
    matches: (id, limit) => recentMatches(store.db, id, limit),
  };
}
