import type { SavedSearch } from './saved-searches.js';

/**
 * A saved search's feed in each format, with its token: a feed reader polls these without signing in.
 * `origin`: the archive's address as readers see it ('' gives paths).
 */
export function savedSearchFeedUrls(s: SavedSearch, origin: string): { atom: string; rss: string; json: string } {
  const at = (format: string) => `${origin.replace(/\/+$/, '')}/feeds/saved/${s.id}.${format}?token=${encodeURIComponent(s.feedToken)}`;
  return { atom: at('atom'), rss: at('rss'), json: at('json') };
}

/**
 * A saved search as the API and `watch … --json` give it; `secret` only to whom may edit it, and with
 * `feedOrigin` (to the same) its feed addresses.
 */
export function savedSearchJson(s: SavedSearch, opts: { secret?: boolean; feedOrigin?: string } = {}) {
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
    ...(opts.feedOrigin !== undefined ? { feed: savedSearchFeedUrls(s, opts.feedOrigin) } : {}),
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
