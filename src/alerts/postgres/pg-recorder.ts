import { sql } from 'kysely';
import type { PgDeferredWrites, PgIngestHook, PgTx } from '../../store/postgres/pg-ingest.js';
import { IndexedMatcher } from '../indexed-matcher.js';
import type { AlertMatcher } from '../match.js';
import { CHANGE_CHUNK, editHashes, outboxEntries, SEARCH_COLUMNS, VERSIONS_MATCHED, wantsEntities, type Change, type ChangeFacts, type OutboxEntry, type SearchRow, type Wording } from '../record.js';

/** Rows per multi-row insert of outbox rows and deliveries. */
const INSERT_ROWS = 1000;

/**
 * Turns the changes the triggers noted (migration 005) into outbox rows at the end of the ingest
 * transaction that wrote them, as the SQLite recorder does. Changes another transaction is matching are
 * skipped (FOR UPDATE SKIP LOCKED), so any number of writers and delivery loops may match at once.
 */
export class PgAlertRecorder implements PgDeferredWrites {
  /** Called after a write recorded alerts (the delivery loop of this process wakes). */
  readonly onRecorded = new Set<() => void>();

  /** Changes arrive through the triggers, not the ingest hook. */
  readonly hook: PgIngestHook = async () => {};

  constructor(
    readonly matcher: AlertMatcher = new IndexedMatcher(),
    private readonly log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  ) {}

  async flush(tx: PgTx): Promise<void> {
    const { rows } = await sql`SELECT 1 FROM alert_changes LIMIT 1`.execute(tx);
    if (rows.length === 0) return;
    // A savepoint: a failure here leaves the changes noted (the delivery loop matches them later) and never fails the write.
    await sql`SAVEPOINT alert_matching`.execute(tx);
    try {
      const recorded = await recordPendingIn(tx, this.matcher);
      await sql`RELEASE SAVEPOINT alert_matching`.execute(tx);
      // Delivery reads committed rows only; a wake before the commit finds them on its next round.
      if (recorded > 0) for (const f of this.onRecorded) setTimeout(f, 10);
    } catch (e) {
      await sql`ROLLBACK TO SAVEPOINT alert_matching`.execute(tx);
      this.log(`alerts: matching postponed: ${(e as Error).message}`);
    }
  }

  discard(): void {}
}

/** Matches every noted change not taken by another transaction against the saved searches into the outbox, inside `tx`. */
export async function recordPendingIn(tx: PgTx, matcher: AlertMatcher, now = new Date()): Promise<number> {
  let recorded = 0;
  for (;;) {
    const { rows: changes } = await sql<Change>`SELECT id, kind, article_id, event_id, at FROM alert_changes ORDER BY id LIMIT ${CHANGE_CHUNK} FOR UPDATE SKIP LOCKED`.execute(tx);
    if (changes.length === 0) return recorded;
    recorded += await record(tx, changes, matcher, now);
    await sql`DELETE FROM alert_changes WHERE id = ANY(${changes.map((c) => c.id)})`.execute(tx);
  }
}

async function record(tx: PgTx, changes: Change[], matcher: AlertMatcher, now: Date): Promise<number> {
  const { rows: searches } = await sql<SearchRow>`SELECT ${sql.raw(SEARCH_COLUMNS)} FROM saved_searches ORDER BY id`.execute(tx);
  if (searches.length === 0) return 0;
  const facts = await readFacts(tx, changes, wantsEntities(searches));
  return storeEntries(tx, outboxEntries(changes, facts, searches, matcher, now), now);
}

/** Reads what matching needs about a chunk of changes in a few queries (the SQLite recorder reads row by row). */
async function readFacts(tx: PgTx, changes: Change[], withEntities: boolean): Promise<ChangeFacts[]> {
  const ids = [...new Set(changes.map((c) => c.article_id))];
  const { rows: articles } = await sql<Wording & { id: number; lang: string; published: string; slug: string; content_hash: string }>`
    SELECT a.id, a.title, a.body, a.lang, a.published, a.content_hash, s.slug FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ANY(${ids})`.execute(tx);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const eventIds = new Set(changes.filter((c) => c.kind !== 'new').map((c) => c.article_id));
  const versions = new Map<number, Wording[]>();
  if (eventIds.size) {
    const { rows } = await sql<Wording & { article_id: number }>`SELECT article_id, title, body FROM (
        SELECT article_id, title, body, id, row_number() OVER (PARTITION BY article_id ORDER BY id DESC) AS n FROM versions WHERE article_id = ANY(${[...eventIds]})
      ) v WHERE n <= ${VERSIONS_MATCHED} ORDER BY article_id, id DESC`.execute(tx);
    for (const r of rows) versions.set(r.article_id, [...(versions.get(r.article_id) ?? []), { title: r.title, body: r.body }]);
  }
  const entities = new Map<number, Set<string>>();
  if (withEntities) {
    const { rows } = await sql<{ article_id: number; entity_id: string }>`SELECT article_id, entity_id FROM entity_mentions WHERE article_id = ANY(${ids})`.execute(tx);
    for (const r of rows) entities.set(r.article_id, (entities.get(r.article_id) ?? new Set()).add(r.entity_id));
  }
  const edits = changes.filter((c) => c.kind === 'edited' && c.event_id);
  const details = new Map<number, string | null>();
  if (edits.length) {
    const { rows } = await sql<{ id: number; detail: string | null }>`SELECT id, detail FROM events WHERE id = ANY(${edits.map((c) => c.event_id)})`.execute(tx);
    for (const r of rows) details.set(r.id, r.detail);
  }
  const wording = async (articleId: number, hash: string): Promise<Wording | undefined> => {
    const a = byId.get(articleId);
    if (a && a.content_hash === hash) return { title: a.title, body: a.body };
    const { rows } = await sql<Wording>`SELECT title, body FROM versions WHERE article_id = ${articleId} AND content_hash = ${hash} LIMIT 1`.execute(tx);
    return rows[0];
  };
  const facts: ChangeFacts[] = [];
  for (const c of changes) {
    const article = byId.get(c.article_id);
    let edit: ChangeFacts['edit'] = null;
    const hashes = article && c.kind === 'edited' ? editHashes(details.get(c.event_id)) : null;
    if (hashes) {
      const from = await wording(c.article_id, hashes.from);
      const to = await wording(c.article_id, hashes.to);
      edit = from && to ? { from, to } : null;
    }
    facts.push({
      article,
      versions: article && c.kind !== 'new' ? (versions.get(c.article_id) ?? []) : [],
      entities: article && withEntities ? (entities.get(c.article_id) ?? new Set()) : undefined,
      edit,
    });
  }
  return facts;
}

/** Inserts the outbox rows (an alert already stored is kept) and a delivery per channel of each new one. */
async function storeEntries(tx: PgTx, entries: OutboxEntry[], now: Date): Promise<number> {
  const stamp = now.toISOString();
  let recorded = 0;
  for (let i = 0; i < entries.length; i += INSERT_ROWS) {
    const part = entries.slice(i, i + INSERT_ROWS);
    const values = sql.join(part.map((e) => sql`(${e.searchId}::bigint, ${e.kind}, ${e.articleId}::bigint, ${e.eventId}::bigint, ${stamp})`));
    const { rows } = await sql<{ id: number; saved_search_id: number; kind: string; article_id: number; event_id: number }>`
      INSERT INTO alert_outbox (saved_search_id, kind, article_id, event_id, created_at) VALUES ${values}
      ON CONFLICT DO NOTHING RETURNING id, saved_search_id, kind, article_id, event_id`.execute(tx);
    recorded += rows.length;
    const key = (s: number, k: string, a: number, e: number) => `${s}:${k}:${a}:${e}`;
    const channels = new Map(part.map((e) => [key(e.searchId, e.kind, e.articleId, e.eventId), e.channels]));
    const deliveries = rows
      .sort((x, y) => x.id - y.id)
      .flatMap((r) => channels.get(key(r.saved_search_id, r.kind, r.article_id, r.event_id))!.map((ch) => sql`(${r.id}::bigint, ${ch.channel}, ${ch.nextAttemptAt})`));
    if (deliveries.length) await sql`INSERT INTO alert_deliveries (outbox_id, channel, next_attempt_at) VALUES ${sql.join(deliveries)} ON CONFLICT DO NOTHING`.execute(tx);
  }
  return recorded;
}
