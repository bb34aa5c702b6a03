import type { SqliteStore } from '../store/sqlite-store.js';
import type { Alerts, DeliveryClaims } from './alerts.js';
import { settlementQueries } from './alerts.js';
import { deliveryLog } from './delivery-log.js';
import { AlertRecorder } from './outbox.js';
import { recentMatches } from './recent-matches.js';
import { SavedSearches } from './saved-searches.js';

/**
 * Alerts on a SQLite archive: matching in the ingest transaction (synchronous, as the store's hooks are),
 * and each delivery's outcome stored synchronously, so no other write of this process comes between.
 */
export function sqliteAlerts(store: SqliteStore): Alerts {
  const raw = store.raw;
  const recorder = new AlertRecorder(raw);
  store.addIngestHook(recorder.hook, recorder);
  return {
    recorder: {
      onRecorded: recorder.onRecorded,
      recordPending: async (now) => raw.transaction(() => recorder.recordPending(now))(),
    },
    searches: new SavedSearches(store.db),
    db: store.db,
    claims: sqliteClaims(store),
    deliveries: (id, limit) => deliveryLog(store.db, id, limit),
    matches: (id, limit) => recentMatches(store.db, id, limit),
  };
}

/**
 * Deliveries still due, not being sent by another sender of this process, are this sender's. A SQLite
 * archive has one delivering process (the server's loop, or `wirewatch deliver`); holding a lock across a
 * webhook's request would stop every writer.
 */
function sqliteClaims(store: SqliteStore): DeliveryClaims {
  const raw = store.raw;
  const sending = new Set<number>();
  const stillDue = raw.prepare<[number, string], number>('SELECT 1 FROM alert_deliveries WHERE id = ? AND delivered_at IS NULL AND next_attempt_at <= ?').pluck();
  return {
    async attempt(ids, now, send) {
      const claimed = ids.filter((id) => !sending.has(id) && stillDue.get(id, now));
      if (claimed.length === 0) return null;
      for (const id of claimed) sending.add(id);
      try {
        const settled = await send(claimed);
        const queries = settlementQueries(store.db, settled);
        raw.transaction(() => {
          for (const q of queries) raw.prepare(q.sql).run(...(q.parameters as unknown[]));
        })();
        return settled;
      } finally {
        for (const id of claimed) sending.delete(id);
      }
    },
  };
}
