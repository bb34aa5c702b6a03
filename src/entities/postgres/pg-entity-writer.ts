import { sql } from 'kysely';
import type { PgDb, PgDeferredWrites, PgIngestHook, PgTx } from '../../store/postgres/pg-ingest.js';
import { addedEntity, appearanceRows, type AddedRow } from '../entity-rows.js';
import { documentText, mentionRows, prepareEntities, sharedExtractor, type Extractor, type MentionRows, type PreparedEntities } from '../extract.js';
import type { Entity } from '../gazetteer.js';
import { EntityMatcher } from '../matcher.js';
import { FiguresMemo } from './figures-memo.js';
import { PendingEntityRows } from './pending-rows.js';

interface StoredText {
  id: number;
  title: string;
  body: string;
  content_hash: string;
  lang: string;
  published: string;
}

/**
 * Writes mentions, names awaiting review and appearances inside the ingest transaction of a PostgreSQL
 * archive. Rows are gathered over the transaction and written at its end (`flush`), as on SQLite.
 */
export class PgEntityWriter implements PgDeferredWrites {
  /** What the ingest transaction gathered; reindexing and review gather their own. */
  private readonly pending = new PendingEntityRows();
  private added: { entities: Entity[]; matcher: EntityMatcher } | null = null;
  /** Names accepted by another process show up after this process's next transaction. */
  private addedStale = true;
  /** The figures read from what this writer writes: dropped when it writes. */
  readonly figures: FiguresMemo;

  constructor(
    private readonly givenExtractor?: Extractor,
    opts: { foreignLagMs?: number } = {},
  ) {
    this.figures = new FiguresMemo({ lagMs: opts.foreignLagMs ?? 10_000, maxEntries: 2000 });
  }

  get extractor(): Extractor {
    return this.givenExtractor ?? sharedExtractor();
  }

  /** Entities accepted from review, read again after each transaction (another process may have accepted one). */
  async addedEntities(db: PgDb): Promise<Entity[]> {
    if (this.addedStale) {
      const rows = await sql<AddedRow>`SELECT id, kind, name, data FROM entities_added ORDER BY id`.execute(db);
      const entities = rows.rows.map(addedEntity);
      this.added = entities.length ? { entities, matcher: new EntityMatcher(entities) } : null;
      this.addedStale = false;
    }
    return this.added?.entities ?? [];
  }

  /** Names accepted meanwhile (by any process) are read again before their next use. */
  forgetAdded(): void {
    this.addedStale = true;
  }

  /** This process changed the entity tables: figures are computed again, names read again. */
  changed(): void {
    this.forgetAdded();
    this.figures.changed();
  }

  readonly hook: PgIngestHook = async (tx, id, item, outcome) => {
    if (outcome.kind === 'imported') {
      const a = item.article;
      await this.addedEntities(tx);
      const found = a.entities ?? prepareEntities(this.extractor.extract({ title: a.title, paragraphs: a.paragraphs, lang: a.lang, published: a.published }));
      this.gather(this.pending, id, found, () => documentText(a.title, a.paragraphs), a.lang, true);
    } else if (outcome.kind === 'merged') {
      const [cur] = await readTexts(tx, [id]);
      if (cur && cur.content_hash === item.article.contentHash) await this.refresh(tx, [id], this.pending, false);
    }
  };

  async flush(tx: PgTx): Promise<void> {
    await this.pending.flush(tx);
    this.changed();
  }

  discard(): void {
    this.pending.clear();
    this.forgetAdded();
  }

  /** Reads stored articles again: their rows are replaced (gathered rows go first, so none comes back over them). */
  async refresh(tx: PgDb, ids: number[], pending: PendingEntityRows, candidates: boolean): Promise<void> {
    await pending.flush(tx);
    await this.addedEntities(tx);
    await sql`DELETE FROM entity_mentions WHERE article_id = ANY(${ids}::bigint[])`.execute(tx);
    await sql`DELETE FROM tracker_appearances WHERE article_id = ANY(${ids}::bigint[])`.execute(tx);
    for (const cur of await readTexts(tx, ids)) {
      const paragraphs = cur.body.split('\n');
      const found = prepareEntities(this.extractor.extract({ title: cur.title, paragraphs, lang: cur.lang, published: cur.published }));
      this.gather(pending, cur.id, found, () => documentText(cur.title, paragraphs), cur.lang, candidates);
    }
    await pending.flush(tx);
  }

  /** `text` is asked for only when entities accepted in review are matched beside the gazetteer's. */
  private gather(pending: PendingEntityRows, id: number, found: PreparedEntities, text: () => string, lang: string, candidates: boolean): void {
    const add = (rows: MentionRows) => {
      for (let r = 0; r < rows.ids.length; r++) pending.mention(rows.ids[r], id, rows.counts[r], rows.offsets[r]);
    };
    add(found.rows);
    // Accepted entities have ids of their own (never the gazetteer's): their rows are separate rows.
    if (this.added) add(mentionRows(this.added.matcher.find(text())));
    if (candidates) for (const c of found.candidates) pending.candidate(c, id);
    for (const row of appearanceRows(id, found.appearances, lang)) pending.appearance(row);
  }

  /** Every stored article read again, in transactions of 2,000 articles. */
  async reindex(db: PgDb, onProgress?: (done: number, total: number) => void): Promise<{ articles: number; seconds: number }> {
    const started = performance.now();
    const ids = (await sql<{ id: number }>`SELECT id FROM articles ORDER BY id`.execute(db)).rows.map((r) => r.id);
    // Names awaiting review are counted again; accepted and rejected ones keep their status.
    await sql`DELETE FROM entity_candidates WHERE status = 'new'`.execute(db);
    this.forgetAdded();
    for (let i = 0; i < ids.length; i += 2000) {
      await db.transaction().execute((tx) => this.refresh(tx, ids.slice(i, i + 2000), new PendingEntityRows(), true));
      this.changed();
      onProgress?.(Math.min(ids.length, i + 2000), ids.length);
    }
    return { articles: ids.length, seconds: (performance.now() - started) / 1000 };
  }
}

async function readTexts(db: PgDb, ids: number[]): Promise<StoredText[]> {
  const r = await sql<StoredText>`SELECT id, title, body, content_hash, lang, published FROM articles WHERE id = ANY(${ids}::bigint[]) ORDER BY id`.execute(db);
  return r.rows;
}
