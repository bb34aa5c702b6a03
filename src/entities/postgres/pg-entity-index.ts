import { sql } from 'kysely';
import type { PgDb } from '../../store/postgres/pg-ingest.js';
import type { StoredAppearance, TrackedEvent } from '../../tracker/events.js';
import type { AcceptOptions, ArticleDay, ArticleMention, CandidateRow, EntityIndex, EntitySummary, RejectedRow } from '../entity-index.js';
import { acceptedRow, appearanceWindow, eventsOf, notWaiting, parseOffsets, reviewName, storedAppearance, type AppearanceRow } from '../entity-rows.js';
import { documentText } from '../extract.js';
import type { Entity, EntityKind } from '../gazetteer.js';
import { EntityMatcher } from '../matcher.js';
import { PendingEntityRows } from './pending-rows.js';
import { PgEntityWriter } from './pg-entity-writer.js';

/**
 * The entity index of a PostgreSQL archive: the same tables and answers as SQLite's, its figures computed
 * in SQL. `writer.hook` is registered on the store, so extraction lands in the ingest transaction.
 */
export class PgEntityIndex implements EntityIndex {
  readonly writer: PgEntityWriter;

  constructor(
    private readonly db: PgDb,
    writer?: PgEntityWriter,
  ) {
    this.writer = writer ?? new PgEntityWriter();
  }

  private get gazetteer() {
    return this.writer.extractor.gazetteer;
  }

  /** Names accepted here, read from the table: another process may have added or removed one. */
  private async added(): Promise<Entity[]> {
    this.writer.forgetAdded();
    return this.writer.addedEntities(this.db);
  }

  async entity(id: string): Promise<Entity | undefined> {
    return this.gazetteer.get(id) ?? (await this.added()).find((e) => e.id === id);
  }

  async allEntities(): Promise<Entity[]> {
    return [...this.gazetteer.entities, ...(await this.added())];
  }

  async addedName(id: string): Promise<string | undefined> {
    const r = await sql<{ name: string }>`SELECT name FROM entities_added WHERE id = ${id}`.execute(this.db);
    return r.rows[0]?.name;
  }

  async counts(ids: string[]): Promise<Map<string, { articles: number; mentions: number }>> {
    const r = await sql<{ id: string; articles: number; mentions: number }>`SELECT entity_id AS id, count(*) AS articles, sum(count) AS mentions
      FROM entity_mentions WHERE entity_id = ANY(${ids}::text[]) GROUP BY entity_id`.execute(this.db);
    const found = new Map(r.rows.map((x) => [x.id, x]));
    return new Map(ids.map((id) => [id, { articles: found.get(id)?.articles ?? 0, mentions: found.get(id)?.mentions ?? 0 }]));
  }

  async articleIds(id: string): Promise<number[]> {
    const r = await sql<{ article_id: number }>`SELECT article_id FROM entity_mentions WHERE entity_id = ${id} ORDER BY article_id`.execute(this.db);
    return r.rows.map((x) => x.article_id);
  }

  async mentionsOf(articleId: number): Promise<ArticleMention[]> {
    const r = await sql<{ id: string; count: number; offsets: string }>`SELECT entity_id AS id, count, offsets FROM entity_mentions
      WHERE article_id = ${articleId} ORDER BY count DESC, entity_id`.execute(this.db);
    return r.rows.map((x) => ({ id: x.id, count: x.count, offsets: parseOffsets(x.offsets) }));
  }

  async appearances(person: string, year?: number): Promise<StoredAppearance[]> {
    const [from, to] = appearanceWindow(year);
    const r = await sql<AppearanceRow>`SELECT t.* FROM tracker_appearances t JOIN articles a ON a.id = t.article_id
      WHERE t.person = ${person} AND t.report_date >= ${from} AND t.report_date <= ${to} ORDER BY t.report_date, t.article_id, t.seq`.execute(this.db);
    return r.rows.map(storedAppearance);
  }

  async trackedWithAppearances(): Promise<string[]> {
    const r = await sql<{ person: string }>`SELECT DISTINCT person FROM tracker_appearances`.execute(this.db);
    return r.rows.map((x) => x.person);
  }

  // --- figures ------------------------------------------------------------------------------------

  summary(id: string): Promise<EntitySummary> {
    return this.writer.figures.get(`summary:${id}`, () => this.computeSummary(id));
  }

  private async computeSummary(id: string): Promise<EntitySummary> {
    const r = await sql<{ articles: number; mentions: number | null; first: string | null; last: string | null }>`
      SELECT count(*) AS articles, sum(m.count) AS mentions, min(a.published) AS first, max(a.published) AS last
      FROM entity_mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ${id}`.execute(this.db);
    const s = r.rows[0];
    const at = async (date: string | null) => {
      if (!date) return null;
      const x = await sql<{ id: number }>`SELECT a.id FROM entity_mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.entity_id = ${id} AND a.published = ${date} ORDER BY a.id LIMIT 1`.execute(this.db);
      return x.rows[0]?.id ?? null;
    };
    const [firstArticle, lastArticle] = await Promise.all([at(s.first), at(s.last)]);
    return { articles: s.articles, mentions: s.mentions ?? 0, firstSeen: s.first, lastSeen: s.last, firstArticle, lastArticle };
  }

  monthly(id: string): Promise<{ month: string; articles: number }[]> {
    return this.writer.figures.get(`monthly:${id}`, () => this.computeMonthly(id));
  }

  private async computeMonthly(id: string): Promise<{ month: string; articles: number }[]> {
    const r = await sql<{ month: string; articles: number }>`SELECT substr(a.published, 1, 7) AS month, count(*) AS articles
      FROM entity_mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ${id} GROUP BY 1 ORDER BY 1`.execute(this.db);
    return r.rows;
  }

  coMentioned(id: string, limit = 10, kind: EntityKind = 'person'): Promise<{ id: string; articles: number }[]> {
    return this.writer.figures.get(`co:${id}:${limit}:${kind}`, () => this.computeCoMentioned(id, limit, kind));
  }

  private async computeCoMentioned(id: string, limit: number, kind: EntityKind): Promise<{ id: string; articles: number }[]> {
    const [r, added] = await Promise.all([
      sql<{ id: string; articles: number }>`SELECT m2.entity_id AS id, count(*) AS articles FROM entity_mentions m1
        JOIN entity_mentions m2 ON m2.article_id = m1.article_id
        WHERE m1.entity_id = ${id} AND m2.entity_id <> ${id} GROUP BY m2.entity_id ORDER BY articles DESC, id`.execute(this.db),
      this.added(),
    ]);
    const kindOf = (x: string) => (this.gazetteer.get(x) ?? added.find((e) => e.id === x))?.kind;
    return r.rows.filter((x) => kindOf(x.id) === kind).slice(0, limit);
  }

  events(person: string, year?: number): Promise<TrackedEvent[]> {
    return this.writer.figures.get(`events:${person}:${year ?? ''}`, async () => eventsOf(await this.appearances(person, year), year));
  }

  articleDays(person?: string): Promise<ArticleDay[]> {
    return this.writer.figures.get(`days:${person ?? ''}`, () => this.computeArticleDays(person));
  }

  private async computeArticleDays(person?: string): Promise<ArticleDay[]> {
    if (!person) {
      return (await sql<ArticleDay>`SELECT published AS day, count(*) AS articles FROM articles GROUP BY published ORDER BY published`.execute(this.db)).rows;
    }
    const r = await sql<ArticleDay>`SELECT published AS day, source_id AS source, count(*) AS articles FROM articles
      WHERE source_id IN (SELECT DISTINCT a.source_id FROM tracker_appearances t JOIN articles a ON a.id = t.article_id WHERE t.person = ${person})
      GROUP BY source_id, published ORDER BY published, source_id`.execute(this.db);
    return r.rows;
  }

  // --- review -------------------------------------------------------------------------------------

  async candidates(limit = 200, minArticles = 3): Promise<CandidateRow[]> {
    const r = await sql<CandidateRow>`SELECT name, articles, first_article AS "firstArticle", last_article AS "lastArticle", context FROM entity_candidates
      WHERE status = 'new' AND articles >= ${minArticles} ORDER BY articles DESC, name LIMIT ${limit}`.execute(this.db);
    return r.rows;
  }

  async rejected(limit = 200): Promise<RejectedRow[]> {
    const r = await sql<RejectedRow>`SELECT name, articles, context FROM entity_candidates WHERE status = 'rejected'
      ORDER BY articles DESC, name LIMIT ${limit}`.execute(this.db);
    return r.rows;
  }

  async accept(name: string, opts: AcceptOptions = {}): Promise<{ id: string; articles: number }> {
    name = reviewName(name);
    if (opts.candidateOnly) {
      const waiting = await sql`SELECT 1 FROM entity_candidates WHERE name = ${name} AND status = 'new'`.execute(this.db);
      if (waiting.rows.length === 0) throw notWaiting(name);
    }
    const row = acceptedRow(name, opts, this.gazetteer, await this.added());
    const matcher = new EntityMatcher([{ id: row.id, kind: row.kind, name, aliases: row.aliases, hangul: row.hangul }]);
    const surname = name.split(' ')[0];
    const articles = await this.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO entities_added (id, kind, name, data, added_at) VALUES (${row.id}, ${row.kind}, ${name}, ${row.data}, ${new Date().toISOString()})
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, data = excluded.data, added_at = excluded.added_at`.execute(tx);
      await sql`UPDATE entity_candidates SET status = 'accepted' WHERE name = ${name}`.execute(tx);
      // Articles naming the surname, read by id range so that memory stays small however many there are.
      const pending = new PendingEntityRows();
      let found = 0;
      for (let after = 0; ; ) {
        const part = await sql<{ id: number; title: string; body: string }>`SELECT id, title, body FROM articles
          WHERE id > ${after} AND strpos(body, ${surname}) > 0 ORDER BY id LIMIT 2000`.execute(tx);
        if (part.rows.length === 0) break;
        for (const r of part.rows) {
          const list = matcher.find(documentText(r.title, r.body.split('\n')));
          if (list.length === 0) continue;
          pending.mention(row.id, r.id, list.length, list.map((m) => `${m.start}-${m.end}`).join(','));
          found++;
        }
        await pending.flush(tx);
        after = part.rows.at(-1)!.id;
      }
      return found;
    });
    this.writer.changed();
    return { id: row.id, articles };
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.db.transaction().execute(async (tx) => {
      const row = await sql<{ name: string }>`DELETE FROM entities_added WHERE id = ${id} RETURNING name`.execute(tx);
      if (row.rows.length === 0) return false;
      await sql`DELETE FROM entity_mentions WHERE entity_id = ${id}`.execute(tx);
      await sql`UPDATE entity_candidates SET status = 'new' WHERE name = ${row.rows[0].name}`.execute(tx);
      return true;
    });
    this.writer.changed();
    return removed;
  }

  async reject(name: string): Promise<boolean> {
    const r = await sql`UPDATE entity_candidates SET status = 'rejected' WHERE name = ${name}`.execute(this.db);
    return Number(r.numAffectedRows ?? 0) > 0;
  }

  async restore(name: string): Promise<boolean> {
    const r = await sql`UPDATE entity_candidates SET status = 'new' WHERE name = ${name} AND status = 'rejected'`.execute(this.db);
    return Number(r.numAffectedRows ?? 0) > 0;
  }

  reindex(onProgress?: (done: number, total: number) => void): Promise<{ articles: number; seconds: number }> {
    return this.writer.reindex(this.db, onProgress);
  }

  async close(): Promise<void> {}
}
