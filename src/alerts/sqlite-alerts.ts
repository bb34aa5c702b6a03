import type { SqliteStore } from '../store/sqlite-store.js';
import type { Alerts } from './alerts.js';
import { settlementQueries } from './alerts.js';
import { deliveryLog } from './delivery-log.js';
import { AlertRecorder } from './outbox.js';
import { recentMatches } from './recent-matches.js';
import { SavedSearches } from './saved-searches.js';

/**
 * Alerts on a SQLite archive: matching in the ingest transaction (synchronous, as the store's hooks are),
 * and deliveries settled synchronously, so no other write of this process comes between.
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
    // One process sends from a SQLite archive: whatever is due is its to send.
    claims: {
      async attempt(ids, _now, send) {
        const settled = await send(ids);
        const queries = settlementQueries(store.db, settled);
        raw.transaction(() => {
          for (const q of queries) raw.prepare(q.sql).run(...(q.parameters as unknown[]));
        })();
        return settled;
      },
    },
    deliveries: (id, limit) => deliveryLog(store.db, id, limit),
    matches: (id, limit) => recentMatches(store.db, id, limit),
  };
}
