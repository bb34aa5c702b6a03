import { tokenize } from '../search/text/tokens.js';
import type { AlertMatcher, MatchDoc } from './match.js';
import { ALERT_KINDS, notifyColumn, type AlertKind, type NotifyColumn, type SavedSearchRow } from './saved-searches.js';

/** Daily digests go out at this hour (UTC). */
export const DIGEST_HOUR_UTC = 7;
/** Changes matched per step (a large import noted many). */
export const CHANGE_CHUNK = 2000;
/** Earlier texts an event is matched on (an article edited hundreds of times is matched on its recent ones). */
export const VERSIONS_MATCHED = 20;

/** A change the triggers noted (migration 017 on SQLite, 005 on PostgreSQL). */
export interface Change {
  id: number;
  kind: AlertKind;
  article_id: number;
  event_id: number;
  at: string;
}

export type SearchRow = Pick<SavedSearchRow, 'id' | 'query' | NotifyColumn | 'webhook_url' | 'email' | 'email_mode'>;

/** The columns a recorder reads of each saved search. */
export const SEARCH_COLUMNS = `id, query, ${ALERT_KINDS.map(notifyColumn).join(', ')}, webhook_url, email, email_mode`;

export interface Wording {
  title: string;
  body: string;
}

/** What a backend reads about one change before it is matched. */
export interface ChangeFacts {
  /** Undefined: the article is gone. */
  article: (Wording & { lang: string; published: string; slug: string }) | undefined;
  /** Earlier texts, newest first (none read for a new article). */
  versions: Wording[];
  /** The entity ids the article mentions (read only when a search asks for `entity:`). */
  entities?: Set<string>;
  /** An edit's own record of the wordings it went from and to, when both are stored. */
  edit: { from: Wording; to: Wording } | null;
}

/** One alert to store: its outbox row and a delivery per channel. */
export interface OutboxEntry {
  searchId: number;
  kind: AlertKind;
  articleId: number;
  eventId: number;
  channels: { channel: 'webhook' | 'email'; nextAttemptAt: string }[];
}

/** The next digest time after `now`. */
export function nextDigestAt(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  if (d <= now) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** The content hashes an edit event's detail names ({from, to}), or null. */
export function editHashes(detail: string | null | undefined): { from: string; to: string } | null {
  if (!detail) return null;
  try {
    const d = JSON.parse(detail) as { from?: unknown; to?: unknown };
    return typeof d.from === 'string' && typeof d.to === 'string' ? { from: d.from, to: d.to } : null;
  } catch {
    return null;
  }
}

export const wantsEntities = (searches: readonly SearchRow[]) => searches.some((s) => s.query.includes('entity:'));

/**
 * Which alerts a chunk of changes makes: each change's article (and, for an event, its earlier texts)
 * matched against every saved search, kept where the search asks for that kind. The same on both backends;
 * only the reading of `facts` and the writing of the entries differ.
 */
export function outboxEntries(changes: readonly Change[], facts: readonly ChangeFacts[], searches: readonly SearchRow[], matcher: AlertMatcher, now: Date): OutboxEntry[] {
  const docs: MatchDoc[] = [];
  const owner: number[] = [];
  changes.forEach((c, i) => {
    const { article: a, versions, entities, edit } = facts[i];
    if (!a) return;
    const base = { id: c.article_id, source: a.slug, lang: a.lang, published: a.published, entities };
    const current = { ...base, title: tokenize(a.title), body: tokenize(a.body) } as MatchDoc;
    // An edit event names the wordings it went from and to (the crawler's and an import's alike):
    // `removed:`/`added:` compare exactly those, whichever the archive shows as current.
    if (c.kind === 'edited' && edit) {
      current.title = tokenize(edit.to.title);
      current.body = tokenize(edit.to.body);
      current.previous = { title: tokenize(edit.from.title), body: tokenize(edit.from.body) };
    }
    docs.push(current);
    owner.push(i);
    // An event on an article alerts the searches its earlier texts matched too: an edit that takes a
    // name out, or the removal of an article that named him, matters to whoever watches the name.
    if (c.kind !== 'new') {
      for (const v of versions) {
        // Without the event's own record of what it changed, the newest earlier wording stands for it.
        if (c.kind === 'edited' && !current.previous && (v.title !== a.title || v.body !== a.body)) current.previous = { title: tokenize(v.title), body: tokenize(v.body) };
        docs.push({ ...base, title: tokenize(v.title), body: tokenize(v.body) });
        owner.push(i);
      }
    }
  });
  const matched = matcher.match(searches, docs);
  const perChange = changes.map(() => new Set<number>());
  matched.forEach((ids, d) => ids.forEach((id) => perChange[owner[d]].add(id)));
  const byId = new Map(searches.map((s) => [s.id, s]));
  const stamp = now.toISOString();
  const entries: OutboxEntry[] = [];
  changes.forEach((c, i) => {
    for (const sid of perChange[i]) {
      const s = byId.get(sid)!;
      if (!s[notifyColumn(c.kind)]) continue;
      const channels: OutboxEntry['channels'] = [];
      if (s.webhook_url) channels.push({ channel: 'webhook', nextAttemptAt: stamp });
      if (s.email) channels.push({ channel: 'email', nextAttemptAt: s.email_mode === 'digest' ? nextDigestAt(now) : stamp });
      entries.push({ searchId: sid, kind: c.kind, articleId: c.article_id, eventId: c.event_id, channels });
    }
  });
  return entries;
}
