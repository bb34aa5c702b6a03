import type { SavedSearch } from './saved-searches.js';

/** A saved search as the API and `watch … --json` give it; `secret` only to whom may edit it. */
export function savedSearchJson(s: SavedSearch, opts: { secret?: boolean } = {}) {
  return {
    id: s.id,
    name: s.name,
    query: s.query,
    notify: s.notify,
    webhook: s.webhook,
    ...(opts.secret ? { secret: s.secret } : {}),
    email: s.email,
    emailMode: s.emailMode,
    /** null: the installation's (made on the CLI). */
    owner: s.ownerUserId,
    createdAt: s.createdAt,
    webhookStatus: s.webhookPausedAt ? 'paused' : s.webhookFailingSince ? 'failing' : s.webhook ? 'ok' : null,
    webhookFailingSince: s.webhookFailingSince,
    webhookPausedAt: s.webhookPausedAt,
    feedToken: s.feedToken,
  };
}

export interface DeliveryLogRow {
  id: number;
  outboxId: number;
  channel: 'webhook' | 'email';
  kind: string;
  articleId: number;
  title: string | null;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}
