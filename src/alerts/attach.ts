import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { AlertRecorder } from './outbox.js';
import { SavedSearches } from './saved-searches.js';
import { deliveryLog } from './delivery-log.js';
import type { DeliveryLogRow } from './json.js';
import { recentMatches, type RecentMatch } from './recent-matches.js';

interface Alerts {
  recorder: AlertRecorder;
  searches: SavedSearches;
  /** A saved search's latest deliveries, newest first. */
  deliveries(savedSearchId: number, limit?: number): DeliveryLogRow[];
  /** A saved search's latest matches, newest first. */
  matches(savedSearchId: number, limit?: number): RecentMatch[];
}

const attached = new WeakMap<object, Alerts>();

/**
 * Registers alert matching at the end of every ingest transaction. Attach it after the other indexes:
 * deferred writes run in the order registered.
 */
export function attachAlerts(store: SqliteStore): Alerts {
  let alerts = attached.get(store);
  if (!alerts) {
    alerts = {
      recorder: new AlertRecorder(store.raw),
      searches: new SavedSearches(store.raw),
      deliveries: (id, limit) => deliveryLog(store.raw, id, limit),
      matches: (id, limit) => recentMatches(store.raw, id, limit),
    };
    store.addIngestHook(alerts.recorder.hook, alerts.recorder);
    attached.set(store, alerts);
  }
  return alerts;
}

export function alertsOf(store: Store): Alerts {
  const found = attached.get(store);
  if (found) return found;
  if (store instanceof SqliteStore) return attachAlerts(store);
  throw new Error('alerts need a store on SQLite');
}
