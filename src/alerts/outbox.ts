import { IndexedMatcher } from './indexed-matcher.js';
import type Database from 'better-sqlite3';
import type { DeferredWrites, IngestHook } from '../store/sqlite-store.js';
import type { AlertMatcher } from './match.js';
import { CHANGE_CHUNK, editHashes, outboxEntries, SEARCH_COLUMNS, VERSIONS_MATCHED, wantsEntities, type Change, type ChangeFacts, type SearchRow, type Wording } from './record.js';

export { DIGEST_HOUR_UTC, nextDigestAt } from './record.js';

/**
 * Turns the changes the triggers noted (migration 017) into outbox rows, at the end of the transaction
 * that wrote them: an alert exists exactly when its cause was committed. Registered as deferred writes
 * after the other indexes, so entity mentions of the batch are already stored. Synchronous: it runs
 * inside the SQLite store's ingest transaction.
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
        `SELECT ${SEARCH_COLUMNS} FROM saved_searches`,
      ),
      article: raw.prepare<[number], { title: string; body: string; lang: string; published: string; slug: string }>(
        'SELECT a.title, a.body, a.lang, a.published, s.slug FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?',
      ),
      versions: raw.prepare<[number, number], Wording>('SELECT title, body FROM versions WHERE article_id = ? ORDER BY id DESC LIMIT ?'),
      entities: raw.prepare<[number], string>('SELECT entity_id FROM entity_mentions WHERE article_id = ?').pluck(),
      eventDetail: raw.prepare<[number], string | null>('SELECT detail FROM events WHERE id = ?').pluck(),
      // A wording of an article by its content hash: the article's own text or one of its versions.
      wording: raw.prepare<[number, string, number, string], Wording>(
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
      const changes = this.stmts.changes.all(CHANGE_CHUNK);
      if (changes.length === 0) return recorded;
      recorded += this.record(changes, now);
      this.stmts.done.run(changes.at(-1)!.id);
    }
  }

  private facts(c: Change, withEntities: boolean): ChangeFacts {
    const article = this.stmts.article.get(c.article_id);
    return {
      article,
      versions: article && c.kind !== 'new' ? this.stmts.versions.all(c.article_id, VERSIONS_MATCHED) : [],
      entities: article && withEntities ? new Set(this.stmts.entities.all(c.article_id)) : undefined,
      edit: article && c.kind === 'edited' ? this.editedWordings(c) : null,
    };
  }

  private editedWordings(c: Change): { from: Wording; to: Wording } | null {
    const hashes = editHashes(c.event_id ? this.stmts.eventDetail.get(c.event_id) : null);
    if (!hashes) return null;
    const from = this.stmts.wording.get(c.article_id, hashes.from, c.article_id, hashes.from);
    const to = this.stmts.wording.get(c.article_id, hashes.to, c.article_id, hashes.to);
    return from && to ? { from, to } : null;
  }

  private record(changes: Change[], now: Date): number {
    const searches = this.stmts.searches.all();
    if (searches.length === 0) return 0;
    const withEntities = wantsEntities(searches);
    const entries = outboxEntries(changes, changes.map((c) => this.facts(c, withEntities)), searches, this.matcher, now);
    let recorded = 0;
    const stamp = now.toISOString();
    for (const e of entries) {
      const info = this.stmts.insertOutbox.run(e.searchId, e.kind, e.articleId, e.eventId, stamp);
      if (info.changes === 0) continue;
      recorded++;
      const outboxId = Number(info.lastInsertRowid);
      for (const ch of e.channels) this.stmts.insertDelivery.run(outboxId, ch.channel, ch.nextAttemptAt);
    }
    return recorded;
  }
}
