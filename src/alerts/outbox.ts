import type { SavedSearchRow } from './saved-searches.js';
import { IndexedMatcher } from './indexed-matcher.js';
import type Database from 'better-sqlite3';
import type { DeferredWrites, IngestHook } from '../store/sqlite-store.js';
import { tokenize } from '../search/text/tokens.js';
import type { AlertMatcher, MatchDoc } from './match.js';
import type { AlertKind } from './saved-searches.js';

/** Daily digests go out at this hour (UTC). */
export const DIGEST_HOUR_UTC = 7;
const CHUNK = 2000;

interface Change {
  id: number;
  kind: AlertKind;
  article_id: number;
  event_id: number;
  at: string;
}

type SearchRow = Pick<SavedSearchRow, 'id' | 'query' | 'notify_new' | 'notify_edited' | 'notify_removed' | 'notify_restored' | 'webhook_url' | 'email' | 'email_mode'>;

/** The next digest time after `now`. */
export function nextDigestAt(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  if (d <= now) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/**
 * Turns the changes the triggers noted (migration 017) into outbox rows, at the end of the transaction
 * that wrote them: an alert exists exactly when its cause was committed. Registered as deferred writes
 * after the other indexes, so entity mentions of the batch are already stored.
 */
export class AlertRecorder implements DeferredWrites {
  private readonly stmts;

  constructor(
    private readonly raw: Database.Database,
    private readonly matcher: AlertMatcher = new IndexedMatcher(),
    private readonly log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  ) {
    this.stmts = {
      changes: raw.prepare<[number], Change>('SELECT id, kind, article_id, event_id, at FROM alert_changes ORDER BY id LIMIT ?'),
      anyChange: raw.prepare<[], number>('SELECT 1 FROM alert_changes LIMIT 1').pluck(),
      searches: raw.prepare<[], SearchRow>(
        'SELECT id, query, notify_new, notify_edited, notify_removed, notify_restored, webhook_url, email, email_mode FROM saved_searches',
      ),
      article: raw.prepare<[number], { title: string; body: string; lang: string; published: string; slug: string }>(
        'SELECT a.title, a.body, a.lang, a.published, s.slug FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?',
      ),
      // The latest earlier texts (an article edited hundreds of times is matched on its recent ones).
      versions: raw.prepare<[number], { title: string; body: string }>('SELECT title, body FROM versions WHERE article_id = ? ORDER BY id DESC LIMIT 20'),
      entities: raw.prepare<[number], string>('SELECT entity_id FROM entity_mentions WHERE article_id = ?').pluck(),
      eventDetail: raw.prepare<[number], string | null>('SELECT detail FROM events WHERE id = ?').pluck(),
      // A wording of an article by its content hash: the article's own text or one of its versions.
      wording: raw.prepare<[number, string, number, string], { title: string; body: string }>(
        `SELECT title, body FROM articles WHERE id = ? AND content_hash = ?
         UNION ALL SELECT title, body FROM versions WHERE article_id = ? AND content_hash = ? LIMIT 1`,
      ),
      insertOutbox: raw.prepare('INSERT OR IGNORE INTO alert_outbox (saved_search_id, kind, article_id, event_id, created_at) VALUES (?, ?, ?, ?, ?)'),
      insertDelivery: raw.prepare('INSERT OR IGNORE INTO alert_deliveries (outbox_id, channel, next_attempt_at) VALUES (?, ?, ?)'),
      done: raw.prepare<[number]>('DELETE FROM alert_changes WHERE id <= ?'),
    };
  }

  /** Called after a write recorded alerts (the delivery loop of this process wakes at once). */
  readonly onRecorded = new Set<() => void>();

  /** Changes arrive through the triggers, not the ingest hook. */
  readonly hook: IngestHook = () => {};

  flush(): void {
    if (!this.stmts.anyChange.get()) return;
    try {
      // A savepoint: a failure here leaves the changes noted (the delivery loop matches them later) and never fails the write.
      const recorded = this.raw.transaction(() => this.recordPending())();
      // Delivery reads committed rows only: wake it once this write's transaction has ended.
      if (recorded > 0) for (const f of this.onRecorded) setImmediate(f);
    } catch (e) {
      this.log(`alerts: matching postponed: ${(e as Error).message}`);
    }
  }

  discard(): void {}

  /** Matches every noted change against the saved searches into the outbox. Call inside a transaction. */
  recordPending(now = new Date()): number {
    let recorded = 0;
    for (;;) {
      const changes = this.stmts.changes.all(CHUNK);
      if (changes.length === 0) return recorded;
      recorded += this.record(changes, now);
      this.stmts.done.run(changes.at(-1)!.id);
    }
  }

  private editedWordings(c: Change): { from: { title: string; body: string }; to: { title: string; body: string } } | null {
    const raw = c.event_id ? this.stmts.eventDetail.get(c.event_id) : null;
    if (!raw) return null;
    let detail: { from?: unknown; to?: unknown };
    try {
      detail = JSON.parse(raw) as { from?: unknown; to?: unknown };
    } catch {
      return null;
    }
    if (typeof detail.from !== 'string' || typeof detail.to !== 'string') return null;
    const from = this.stmts.wording.get(c.article_id, detail.from, c.article_id, detail.from);
    const to = this.stmts.wording.get(c.article_id, detail.to, c.article_id, detail.to);
    return from && to ? { from, to } : null;
  }

  private record(changes: Change[], now: Date): number {
    const searches = this.stmts.searches.all();
    if (searches.length === 0) return 0;
    const wantsEntities = searches.some((s) => s.query.includes('entity:'));
    const docs: MatchDoc[] = [];
    const owner: number[] = [];
    for (const [i, c] of changes.entries()) {
      const a = this.stmts.article.get(c.article_id);
      if (!a) continue;
      const entities = wantsEntities ? new Set(this.stmts.entities.all(c.article_id)) : undefined;
      const base = { id: c.article_id, source: a.slug, lang: a.lang, published: a.published, entities };
      const current = { ...base, title: tokenize(a.title), body: tokenize(a.body) } as MatchDoc;
      // An edit event names the wordings it went from and to (the crawler's and an import's alike):
      // `removed:`/`added:` compare exactly those, whichever the archive shows as current.
      if (c.kind === 'edited') {
        const edit = this.editedWordings(c);
        if (edit) {
          current.title = tokenize(edit.to.title);
          current.body = tokenize(edit.to.body);
          current.previous = { title: tokenize(edit.from.title), body: tokenize(edit.from.body) };
        }
      }
      docs.push(current);
      owner.push(i);
      // An event on an article alerts the searches its earlier texts matched too: an edit that takes a
      // name out, or the removal of an article that named him, matters to whoever watches the name.
      if (c.kind !== 'new') {
        for (const v of this.stmts.versions.all(c.article_id)) {
          // Without the event's own record of what it changed, the newest earlier wording stands for it.
          if (c.kind === 'edited' && !current.previous && (v.title !== a.title || v.body !== a.body)) current.previous = { title: tokenize(v.title), body: tokenize(v.body) };
          docs.push({ ...base, title: tokenize(v.title), body: tokenize(v.body) });
          owner.push(i);
        }
      }
    }
    const matched = this.matcher.match(searches, docs);
    const perChange = changes.map(() => new Set<number>());
    matched.forEach((ids, d) => ids.forEach((id) => perChange[owner[d]].add(id)));
    const byId = new Map(searches.map((s) => [s.id, s]));
    const stamp = now.toISOString();
    let recorded = 0;
    changes.forEach((c, i) => {
      for (const sid of perChange[i]) {
        const s = byId.get(sid)!;
        if (!s[`notify_${c.kind}`]) continue;
        const info = this.stmts.insertOutbox.run(sid, c.kind, c.article_id, c.event_id, stamp);
        if (info.changes === 0) continue;
        recorded++;
        const outboxId = Number(info.lastInsertRowid);
        if (s.webhook_url) this.stmts.insertDelivery.run(outboxId, 'webhook', stamp);
        if (s.email) this.stmts.insertDelivery.run(outboxId, 'email', s.email_mode === 'digest' ? nextDigestAt(now) : stamp);
      }
    });
    return recorded;
  }
}
