import { PostgresStore } from '../store/postgres/pg-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { Alerts } from './alerts.js';
import { pgAlerts } from './postgres/pg-alerts.js';
import { sqliteAlerts } from './sqlite-alerts.js';

export type { Alerts } from './alerts.js';

const attached = new WeakMap<object, Alerts>();

/**
 * Registers alert matching at the end of every ingest transaction. Attach it after the other indexes:
 * deferred writes run in the order registered, and matching reads what they wrote (entity mentions).
 */
export function attachAlerts(store: Store): Alerts {
  let alerts = attached.get(store);
  if (!alerts) {
    if (store instanceof SqliteStore) alerts = sqliteAlerts(store);
    else if (store instanceof PostgresStore) alerts = pgAlerts(store);
    else throw new Error('alerts need a store on SQLite or PostgreSQL');
    attached.set(store, alerts);
  }
  return alerts;
}

export function alertsOf(store: Store): Alerts {
  return attached.get(store) ?? attachAlerts(store);
}
