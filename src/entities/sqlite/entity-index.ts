import type Database from 'better-sqlite3';
import type { DeferredWrites, IngestHook } from '../../store/sqlite-store.js';
import { GenerationMemo } from '../../store/generation-memo.js';
import type { StoredAppearance, TrackedEvent } from '../../tracker/events.js';
import type { CandidateRow, RejectedRow } from '../entity-index.js';
import { acceptedRow, addedEntity, appearanceRows, appearanceWindow, eventsOf, notWaiting, parseOffsets, reviewName, storedAppearance, type AddedRow, type AppearanceRow } from '../entity-rows.js';
import { documentText, mentionRows, prepareEntities, sharedExtractor, type Extractor, type MentionRows, type PreparedEntities } from '../extract.js';
import type { Entity, EntityKind } from '../gazetteer.js';
import { EntityMatcher, type Mention } from '../matcher.js';

/**
 * Writes mentions, candidates and appearances inside the ingest transaction, and answers queries on them.
 * Ingested articles' mention rows are gathered and written together at the end of the transaction (`flush`):
 * interleaved with the articles' own writes they took about half as long again (one row a statement is the
 * quickest: rows of many statements, sorted by entity or not, took twice as long; the history of BENCHMARKS.md).
 */
export class SqliteEntityIndex implements DeferredWrites {
  /** Gathered mention rows: entity, article, count, offsets (four values a row). */
  private pending: (string | number)[] = [];
  private givenExtractor: Extractor | null;
  /** Built on first use: imports extract on their worker thread, so the writer rarely needs the automaton. */
  private get extractor(): Extractor {
    return (this.givenExtractor ??= sharedExtractor());
  }

  private readonly s;
  /** Per-entity aggregates cost up to a few hundred ms for the most named; computed once per change. */
  private readonly memo: GenerationMemo;
  private added: { entities: Entity[]; matcher: EntityMatcher } | null = null;

  constructor(
    private readonly raw: Database.Database,
    extractor?: Extractor,
    opts: { foreignLagMs?: number } = {},
  ) {
    this.givenExtractor = extractor ?? null;
    this.memo = new GenerationMemo(raw, { foreignLagMs: opts.foreignLagMs ?? 10_000, maxEntries: 2000 });
    this.s = {
      delMentions: raw.prepare<[number]>('DELETE FROM entity_mentions WHERE article_id = ?'),
      insMention: raw.prepare<[string, number, number, string]>(
        'INSERT INTO entity_mentions (entity_id, article_id, count, offsets) VALUES (?, ?, ?, ?) ON CONFLICT (entity_id, article_id) DO UPDATE SET count = excluded.count, offsets = excluded.offsets',
      ),
      candidate: raw.prepare<[string, number, number, string]>(
        `INSERT INTO entity_candidates (name, articles, first_article, last_article, context) VALUES (?, 1, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET articles = articles + 1, last_article = excluded.last_article`,
      ),
      delAppearances: raw.prepare<[number]>('DELETE FROM tracker_appearances WHERE article_id = ?'),
      insAppearance: raw.prepare(
        `INSERT INTO tracker_appearances (article_id, person, seq, kind, date, until, report_date, place, companions, evidence, lang)
         VALUES (@article_id, @person, @seq, @kind, @date, @until, @report_date, @place, @companions, @evidence, @lang)
         ON CONFLICT (article_id, person, seq) DO UPDATE SET kind = excluded.kind, date = excluded.date, until = excluded.until,
           report_date = excluded.report_date, place = excluded.place, companions = excluded.companions, evidence = excluded.evidence, lang = excluded.lang`,
      ),
      current: raw.prepare<[number], { title: string; body: string; content_hash: string; lang: string; published: string }>(
        'SELECT title, body, content_hash, lang, published FROM articles WHERE id = ?',
      ),
      added: raw.prepare<[], AddedRow>('SELECT id, kind, name, data FROM entities_added ORDER BY id'),
    };
    this.loadAdded();
  }

  /** Entities accepted from review: matched beside the shipped gazetteer. */
  private loadAdded(): void {
    const rows = this.s.added.all();
    if (rows.length === 0) {
      this.added = null;
      return;
    }
    const entities = rows.map(addedEntity);
    this.added = { entities, matcher: new EntityMatcher(entities) };
  }

  addedEntities(): Entity[] {
    return this.added?.entities ?? [];
  }

  readonly hook: IngestHook = (_raw, id, item, outcome) => {
    if (outcome.kind === 'imported') {
      const a = item.article;
      const found = a.entities ?? prepareEntities(this.extractor.extract({ title: a.title, paragraphs: a.paragraphs, lang: a.lang, published: a.published }));
      this.write(id, found, () => documentText(a.title, a.paragraphs), a.lang);
    } else if (outcome.kind === 'merged') {
      const cur = this.s.current.get(id);
      if (cur && cur.content_hash === item.article.contentHash) this.refresh(id);
    }
  };

  /** Writes the gathered mention rows (inside the caller's transaction). */
  flush(): void {
    const rows = this.pending;
    this.pending = [];
    for (let at = 0; at < rows.length; at += 4) this.s.insMention.run(rows[at] as string, rows[at + 1] as number, rows[at + 2] as number, rows[at + 3] as string);
  }

  discard(): void {
    this.pending = [];
  }

  /** Re-reads one stored article (after its text changed, or for a reindex). */
  refresh(id: number, candidates = false): void {
    // Gathered rows first: one of them may be this article's, and must not come back over what is read now.
    this.flush();
    const cur = this.s.current.get(id);
    this.s.delMentions.run(id);
    this.s.delAppearances.run(id);
    if (!cur) return;
    const paragraphs = cur.body.split('\n');
    const found = prepareEntities(this.extractor.extract({ title: cur.title, paragraphs, lang: cur.lang, published: cur.published }));
    this.write(id, found, () => documentText(cur.title, paragraphs), cur.lang, candidates);
    this.flush();
  }

  /** `text` is asked for only when entities accepted in review are matched beside the gazetteer's. */
  private write(id: number, found: PreparedEntities, text: () => string, lang: string, candidates = true): void {
    const pend = (rows: MentionRows) => {
      for (let r = 0; r < rows.ids.length; r++) this.pending.push(rows.ids[r], id, rows.counts[r], rows.offsets[r]);
    };
    pend(found.rows);
    // Accepted entities have ids of their own (never the gazetteer's): their rows are separate rows.
    if (this.added) pend(mentionRows(this.added.matcher.find(text())));
    if (candidates) for (const c of found.candidates) this.s.candidate.run(c.name, id, id, c.context);
    for (const row of appearanceRows(id, found.appearances, lang)) this.s.insAppearance.run(row);
  }

  /** Reads every stored article again (after a gazetteer change or for an archive stored before extraction). */
  reindex(onProgress?: (done: number, total: number) => void): { articles: number; seconds: number } {
    const started = performance.now();
    const ids = this.raw.prepare<[], number>('SELECT id FROM articles ORDER BY id').pluck().all();
    // Names awaiting review are counted again; accepted and rejected ones keep their status.
    this.raw.prepare(`DELETE FROM entity_candidates WHERE status = 'new'`).run();
    const chunk = this.raw.transaction((part: number[]) => {
      for (const id of part) this.refresh(id, true);
    });
    for (let i = 0; i < ids.length; i += 2000) {
      chunk(ids.slice(i, i + 2000));
      onProgress?.(Math.min(ids.length, i + 2000), ids.length);
    }
    return { articles: ids.length, seconds: (performance.now() - started) / 1000 };
  }

  // --- review -------------------------------------------------------------------------------------

  candidates(limit = 200, minArticles = 3): CandidateRow[] {
    return this.raw
      .prepare<[number, number], CandidateRow>(
        `SELECT name, articles, first_article AS firstArticle, last_article AS lastArticle, context FROM entity_candidates
         WHERE status = 'new' AND articles >= ? ORDER BY articles DESC, name LIMIT ?`,
      )
      .all(minArticles, limit);
  }

  /**
   * Adds a reviewed name to the gazetteer of this archive and finds it in the stored articles. With
   * `candidateOnly` (the web form) only a name waiting on the review list can be accepted.
   */
  accept(name: string, opts: { id?: string; kind?: EntityKind; aliases?: string[]; hangul?: string[]; candidateOnly?: boolean } = {}): { id: string; articles: number } {
    name = reviewName(name);
    if (opts.candidateOnly && !this.raw.prepare(`SELECT 1 FROM entity_candidates WHERE name = ? AND status = 'new'`).get(name)) throw notWaiting(name);
    const row = acceptedRow(name, opts, this.extractor.gazetteer, this.addedEntities());
    const { id } = row;
    this.raw.prepare('INSERT OR REPLACE INTO entities_added (id, kind, name, data, added_at) VALUES (?, ?, ?, ?, ?)').run(id, row.kind, name, row.data, new Date().toISOString());
    this.raw.prepare(`UPDATE entity_candidates SET status = 'accepted' WHERE name = ?`).run(name);
    this.loadAdded();
    const matcher = new EntityMatcher([{ id, kind: row.kind, name, aliases: row.aliases, hangul: row.hangul }]);
    const surname = name.split(' ')[0];
    const rows = this.raw
      .prepare<[string], { id: number; title: string; body: string }>(`SELECT id, title, body FROM articles WHERE instr(body, ?) > 0`)
      .iterate(surname);
    let articles = 0;
    const write = this.raw.transaction((batch: { id: number; list: Mention[] }[]) => {
      for (const b of batch) this.s.insMention.run(id, b.id, b.list.length, b.list.map((m) => `${m.start}-${m.end}`).join(','));
    });
    const batch: { id: number; list: Mention[] }[] = [];
    for (const r of rows) {
      const list = matcher.find(documentText(r.title, r.body.split('\n')));
      if (list.length) batch.push({ id: r.id, list });
    }
    write(batch);
    articles = batch.length;
    return { id, articles };
  }

  /** Undoes an accepted name: it leaves this archive's gazetteer with its mentions, and waits for review again. */
  remove(id: string): boolean {
    const row = this.raw.prepare<[string], { name: string }>('SELECT name FROM entities_added WHERE id = ?').get(id);
    if (!row) return false;
    this.raw.transaction(() => {
      this.raw.prepare('DELETE FROM entity_mentions WHERE entity_id = ?').run(id);
      this.raw.prepare('DELETE FROM entities_added WHERE id = ?').run(id);
      this.raw.prepare(`UPDATE entity_candidates SET status = 'new' WHERE name = ?`).run(row.name);
    })();
    this.loadAdded();
    return true;
  }

  reject(name: string): boolean {
    return this.raw.prepare(`UPDATE entity_candidates SET status = 'rejected' WHERE name = ?`).run(name).changes > 0;
  }

  /** Undoes a rejection: the name waits for review again. False for a name that was not rejected. */
  restore(name: string): boolean {
    return this.raw.prepare(`UPDATE entity_candidates SET status = 'new' WHERE name = ? AND status = 'rejected'`).run(name).changes > 0;
  }

  /** Names rejected in review, most frequent first: each can be restored. */
  rejected(limit = 200): RejectedRow[] {
    return this.raw
      .prepare<[number], RejectedRow>(
        `SELECT name, articles, context FROM entity_candidates WHERE status = 'rejected' ORDER BY articles DESC, name LIMIT ?`,
      )
      .all(limit);
  }

  /**
   * The name accepted into this archive's gazetteer under this id, or undefined for a shipped or unknown
   * entity. Read from the table, not this connection's copy: another process may have added or removed it.
   */
  addedName(id: string): string | undefined {
    return this.raw.prepare<[string], { name: string }>('SELECT name FROM entities_added WHERE id = ?').get(id)?.name;
  }

  // --- queries ------------------------------------------------------------------------------------

  entity(id: string): Entity | undefined {
    return this.extractor.gazetteer.get(id) ?? this.added?.entities.find((e) => e.id === id);
  }

  allEntities(): Entity[] {
    return [...this.extractor.gazetteer.entities, ...(this.added?.entities ?? [])];
  }

  /** Mentioning articles and mentions per entity, for a list. */
  counts(ids: string[]): Map<string, { articles: number; mentions: number }> {
    const out = new Map<string, { articles: number; mentions: number }>();
    const stmt = this.raw.prepare<[string], { articles: number; mentions: number | null }>('SELECT count(*) AS articles, sum(count) AS mentions FROM entity_mentions WHERE entity_id = ?');
    for (const id of ids) {
      const r = stmt.get(id)!;
      out.set(id, { articles: r.articles, mentions: r.mentions ?? 0 });
    }
    return out;
  }

  summary(id: string): { articles: number; mentions: number; firstSeen: string | null; lastSeen: string | null; firstArticle: number | null; lastArticle: number | null } {
    return this.memo.get(`summary:${id}`, () => {
      const r = this.raw
        .prepare<[string], { articles: number; mentions: number | null; first: string | null; last: string | null }>(
          `SELECT count(*) AS articles, sum(m.count) AS mentions, min(a.published) AS first, max(a.published) AS last
           FROM entity_mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?`,
        )
        .get(id)!;
      const at = (date: string | null) =>
        date
          ? (this.raw
              .prepare<[string, string], number>(
                'SELECT a.id FROM entity_mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? AND a.published = ? ORDER BY a.id LIMIT 1',
              )
              .pluck()
              .get(id, date) ?? null)
          : null;
      return { articles: r.articles, mentions: r.mentions ?? 0, firstSeen: r.first, lastSeen: r.last, firstArticle: at(r.first), lastArticle: at(r.last) };
    });
  }

  /** Articles mentioning the entity per month (`YYYY-MM`). */
  monthly(id: string): { month: string; articles: number }[] {
    return this.memo.get(`monthly:${id}`, () => {
      return this.raw
        .prepare<[string], { month: string; articles: number }>(
          `SELECT substr(a.published, 1, 7) AS month, count(*) AS articles FROM entity_mentions m JOIN articles a ON a.id = m.article_id
           WHERE m.entity_id = ? GROUP BY month ORDER BY month`,
        )
        .all(id);
    });
  }

  /** People named in the same articles, most often first. */
  coMentioned(id: string, limit = 10, kind: EntityKind = 'person'): { id: string; articles: number }[] {
    return this.memo.get(`co:${id}:${limit}:${kind}`, () => {
      const rows = this.raw
        .prepare<[string, string], { id: string; articles: number }>(
          `SELECT m2.entity_id AS id, count(*) AS articles FROM entity_mentions m1 JOIN entity_mentions m2 ON m2.article_id = m1.article_id
           WHERE m1.entity_id = ? AND m2.entity_id <> ? GROUP BY m2.entity_id ORDER BY articles DESC, id`,
        )
        .all(id, id);
      return rows.filter((r) => this.entity(r.id)?.kind === kind).slice(0, limit);
    });
  }

  articleIds(id: string): number[] {
    return this.raw.prepare<[string], number>('SELECT article_id FROM entity_mentions WHERE entity_id = ? ORDER BY article_id').pluck().all(id);
  }

  mentionsOf(articleId: number): { id: string; count: number; offsets: [number, number][] }[] {
    return this.raw
      .prepare<[number], { id: string; count: number; offsets: string }>('SELECT entity_id AS id, count, offsets FROM entity_mentions WHERE article_id = ? ORDER BY count DESC, entity_id')
      .all(articleId)
      .map((r) => ({ id: r.id, count: r.count, offsets: parseOffsets(r.offsets) }));
  }

  /** Reports of a leader's appearances (all years, or one). */
  appearances(person: string, year?: number): StoredAppearance[] {
    const rows = this.raw
      .prepare<[string, string, string], AppearanceRow>(
        `SELECT t.* FROM tracker_appearances t JOIN articles a ON a.id = t.article_id
         WHERE t.person = ? AND t.report_date >= ? AND t.report_date <= ? ORDER BY t.report_date, t.article_id, t.seq`,
      )
      .all(person, ...appearanceWindow(year));
    return rows.map(storedAppearance);
  }

  /** Events (reports folded), for one year or all. */
  events(person: string, year?: number): TrackedEvent[] {
    return this.memo.get(`events:${person}:${year ?? ''}`, () => eventsOf(this.appearances(person, year), year));
  }

  /** Articles per day (per source and day for a tracked person: the outlets his appearances were read from). */
  articleDays(person?: string): { day: string; articles: number; source?: number }[] {
    return this.memo.get(`days:${person ?? ''}`, () => {
      if (!person) return this.raw.prepare<[], { day: string; articles: number }>('SELECT published AS day, count(*) AS articles FROM articles GROUP BY published ORDER BY published').all();
      const sources = this.raw
        .prepare<[string], number>('SELECT DISTINCT a.source_id FROM tracker_appearances t JOIN articles a ON a.id = t.article_id WHERE t.person = ?')
        .pluck()
        .all(person);
      if (sources.length === 0) return [];
      return this.raw
        .prepare<number[], { day: string; articles: number; source: number }>(
          `SELECT published AS day, source_id AS source, count(*) AS articles FROM articles WHERE source_id IN (${sources.map(() => '?').join(',')})
           GROUP BY source_id, published ORDER BY published, source_id`,
        )
        .all(...sources);
    });
  }

  trackedWithAppearances(): string[] {
    return this.raw.prepare<[], string>('SELECT DISTINCT person FROM tracker_appearances').pluck().all();
  }
}
