import { sql, type Kysely } from 'kysely';
import type { DeliveryLogRow } from './json.js';

/**
 * A saved search's latest deliveries (attempts, failures), newest first (either backend); `before`: only
 * those older than that delivery id (the next page of the list).
 */
export async function deliveryLog(db: Kysely<any>, savedSearchId: number, limit = 100, before?: number): Promise<DeliveryLogRow[]> {
  const { rows } = await sql<DeliveryLogRow>`SELECT d.id, d.outbox_id AS "outboxId", d.channel, o.kind, o.article_id AS "articleId", a.title,
      o.created_at AS "createdAt", d.attempts, d.next_attempt_at AS "nextAttemptAt", d.last_attempt_at AS "lastAttemptAt",
      d.last_status AS "lastStatus", d.last_error AS "lastError", d.delivered_at AS "deliveredAt"
    FROM alert_deliveries d JOIN alert_outbox o ON o.id = d.outbox_id LEFT JOIN articles a ON a.id = o.article_id
    WHERE o.saved_search_id = ${savedSearchId} ${before === undefined ? sql`` : sql`AND d.id < ${before}`} ORDER BY d.id DESC LIMIT ${limit}`.execute(db);
  return rows;
}
