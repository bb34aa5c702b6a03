import type { Generated } from 'kysely';
import type { EmailMode } from './saved-searches.js';

/** Saved searches and their alerts, as both backends store them (SQLite migration 017, PostgreSQL 005). */
export interface AlertTables {
  saved_searches: {
    id: Generated<number>;
    owner_user_id: number | null;
    name: string;
    query: string;
    notify_new: number;
    notify_edited: number;
    notify_removed: number;
    notify_restored: number;
    /** Image events (SQLite migration 021, PostgreSQL 010). */
    notify_image_edited: number;
    notify_image_replaced: number;
    notify_image_removed: number;
    webhook_url: string | null;
    webhook_secret: string | null;
    email: string | null;
    email_mode: EmailMode;
    feed_token: string;
    created_at: string;
    webhook_failing_since: string | null;
    webhook_paused_at: string | null;
  };
  alert_changes: { id: Generated<number>; kind: string; article_id: number; event_id: number; at: string };
  alert_outbox: { id: Generated<number>; saved_search_id: number; kind: string; article_id: number; event_id: number; created_at: string };
  alert_deliveries: {
    id: Generated<number>;
    outbox_id: number;
    channel: 'webhook' | 'email';
    attempts: Generated<number>;
    next_attempt_at: string;
    last_attempt_at: string | null;
    last_status: number | null;
    last_error: string | null;
    delivered_at: string | null;
  };
}
