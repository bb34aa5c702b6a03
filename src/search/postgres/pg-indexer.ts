import { sql, type Kysely } from 'kysely';
import { bodyText } from '../../normalize/body-text.js';
import { gathersNew, type PgDeferredWrites, type PgIngestHook, type PgTx } from '../../store/postgres/pg-ingest.js';
import { addSegment, clearPostings, lockPostings } from './postings/postings-store.js';
import { BULK_SEGMENT_BYTES } from './postings/rebuild.js';
import { SegmentBuilder } from './postings/segment.js';
import { indexedText, type IndexedText } from './ts-text.js';

const REINDEX_CHUNK = 5000;

/** How long one slice of building postings in idle time may hold the thread (ms). */
const IDLE_SLICE_MS = 4;

interface IndexText {
  id: number;
  title: string;
  body: string;
  /** Built ahead, while the thread waits on the database (see PgIndexer.buildAhead). */
  indexed?: IndexedText;
}

type PendingWrite = IndexText | { id: number; refresh: true };

/**
 * Writes index rows (each article's token count) for texts: one statement per batch (arrays unnested),
 * replacing any earlier row; their postings go to `postings`.
 */
async function writeRows(db: Kysely<any>, texts: IndexText[], postings: SegmentBuilder): Promise<void> {
  if (texts.length === 0) return;
  const ids: number[] = [];
  const tokens: number[] = [];
  for (const t of texts) {
    const x = t.indexed ?? indexedText(t.title, t.body);
    postings.add(t.id, x.postings);
    ids.push(t.id);
    tokens.push(x.tokens);
  }
  // The update marks the article's older postings stale (search_index_stale), even with the same count.
  await sql`INSERT INTO search_index (article_id, tokens)
    SELECT id, tokens FROM unnest(${ids}::bigint[], ${tokens}::int[]) AS t(id, tokens)
    ON CONFLICT (article_id) DO UPDATE SET tokens = excluded.tokens`.execute(db);
}

/** Readers of the index notice a change by this sequence (see PgTextIndex.version). */
export async function markChanged(db: Kysely<any>): Promise<void> {
  await sql`SELECT nextval('search_changes')`.execute(db);
}

/**
 * Keeps search_index in step with the articles inside the ingest transaction: ingested articles are
 * gathered and written at its end (`flush`), in one statement, so the index never lags the archive.
 */
export class PgIndexer implements PgDeferredWrites {
  private pending: PendingWrite[] = [];
  /** Pending texts before this index have their postings built. */
  private built = 0;
  private building = false;
  /** Index writes made by this process (readers here look again at once after one). */
  writes = 0;
  /** An import's worker thread builds the postings (the writing thread is the import's narrowest step). */
  readonly preparedAhead = { searchPostings: true };

  constructor(private readonly db: Kysely<any>) {}

  /** A new article is only noted here (no statement): the store may write several before calling this for each. */
  readonly hook: PgIngestHook = gathersNew(async (tx, id, item, outcome) => {
    if (outcome.kind === 'imported') {
      // An import's worker has built the postings already (preparedAhead): the texts are not needed then.
      const indexed = item.article.searchPostings;
      this.pending.push(indexed ? { id, title: '', body: '', indexed } : { id, title: item.article.title, body: bodyText(item.article) });
      this.buildAhead();
    } else if (outcome.kind === 'merged') {
      // Re-indexed only when the ingested text is now the article's current one.
      const cur = await sql<{ content_hash: string }>`SELECT content_hash FROM articles WHERE id = ${id}`.execute(tx);
      if (cur.rows[0]?.content_hash === item.article.contentHash) this.pending.push({ id, refresh: true });
    }
  });

  /**
   * Builds the pending texts' postings in short slices whenever the thread is otherwise idle (an ingest
   * mostly waits on the database), so few are left to build when the transaction ends; building them all
   * then, with the server idle, took about a quarter of an import's time.
   */
  private buildAhead(): void {
    if (this.building) return;
    this.building = true;
    const slice = () => {
      const until = performance.now() + IDLE_SLICE_MS;
      while (this.built < this.pending.length && performance.now() < until) {
        const w = this.pending[this.built++];
        if (!('refresh' in w)) w.indexed ??= indexedText(w.title, w.body);
      }
      if (this.built < this.pending.length) setImmediate(slice);
      else this.building = false;
    };
    setImmediate(slice);
  }

  async flush(tx: PgTx): Promise<void> {
    const writes = this.pending;
    this.pending = [];
    this.built = 0;
    if (writes.length === 0) return;
    // Before any row changes: its stale mark and the new segment are numbered in commit order (see postings/).
    await lockPostings(tx);
    const texts: IndexText[] = [];
    const refresh = writes.filter((w) => 'refresh' in w).map((w) => w.id);
    if (refresh.length) {
      const rows = await sql<{ id: number; title: string; body: string }>`SELECT id, title, body FROM articles WHERE id = ANY(${refresh}::bigint[])`.execute(tx);
      const current = new Map(rows.rows.map((r) => [Number(r.id), r]));
      await sql`DELETE FROM search_index WHERE article_id = ANY(${refresh}::bigint[])`.execute(tx);
      for (const id of refresh) {
        const r = current.get(id);
        if (r) texts.push({ id, title: r.title, body: r.body });
      }
    }
    for (const w of writes) if (!('refresh' in w)) texts.push(w);
    const postings = new SegmentBuilder();
    await writeRows(tx, texts, postings);
    await addSegment(tx, postings);
    await markChanged(tx);
    this.writes++;
  }

  discard(): void {
    this.pending = [];
    this.built = 0;
  }


  /** Drops and rebuilds the whole index from the articles table. */
  async reindex(onProgress?: (done: number, total: number) => void): Promise<{ articles: number; seconds: number }> {
    const started = performance.now();
    const stats = await sql<{ n: number; m: number | null }>`SELECT count(*)::int AS n, max(id) AS m FROM articles`.execute(this.db);
    const total = Number(stats.rows[0].n);
    const top = Number(stats.rows[0].m ?? 0);
    await this.db.transaction().execute(async (tx) => {
      await sql`TRUNCATE search_index`.execute(tx);
      await clearPostings(tx);
      let postings = new SegmentBuilder();
      for (let from = 0; from < top; from += REINDEX_CHUNK) {
        const to = Math.min(top, from + REINDEX_CHUNK);
        const rows = await sql<{ id: number; title: string; body: string }>`SELECT id, title, body FROM articles WHERE id > ${from} AND id <= ${to}`.execute(tx);
        await writeRows(
          tx,
          rows.rows.map((r) => ({ id: Number(r.id), title: r.title, body: r.body })),
          postings,
        );
        if (postings.bytes >= BULK_SEGMENT_BYTES) {
          await addSegment(tx, postings);
          postings = new SegmentBuilder();
        }
        onProgress?.(to, top);
      }
      await addSegment(tx, postings);
      await markChanged(tx);
    });
    this.writes++;
    await sql`VACUUM ANALYZE search_index`.execute(this.db);
    return { articles: total, seconds: (performance.now() - started) / 1000 };
  }
}
