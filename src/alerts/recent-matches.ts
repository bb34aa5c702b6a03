import { sql, type Kysely } from 'kysely';
import type { AlertKind } from './saved-searches.js';

/** One article a saved search matched: what happened to it and when the match was recorded. */
export interface RecentMatch {
  outboxId: number;
  kind: AlertKind;
  articleId: number;
  /** null: the article is no longer stored. */
  title: string | null;
  createdAt: string;
}

/** A saved search's latest matches (its outbox rows), newest first: what its alerts were about (either backend). */
export async function recentMatches(db: Kysely<any>, savedSearchId: number, limit = 5): Promise<RecentMatch[]> {
  const { rows } = await sql<RecentMatch>`SELECT o.id AS "outboxId", o.kind, o.article_id AS "articleId", a.title, o.created_at AS "createdAt"
    FROM alert_outbox o LEFT JOIN articles a ON a.id = o.article_id
    WHERE o.saved_search_id = ${savedSearchId} ORDER BY o.id DESC LIMIT ${limit}`.execute(db);
  return rows;
}
