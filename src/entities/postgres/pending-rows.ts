import { sql } from 'kysely';
import type { PgDb } from '../../store/postgres/pg-ingest.js';
import type { Candidate } from '../candidates.js';
import type { AppearanceRow } from '../entity-rows.js';

/** Rows a statement: a few thousand keep each statement's parameters small. */
const CHUNK = 5000;

/**
 * Entity rows gathered over an ingest transaction and written together at its end, a statement a table
 * (the rows travel as arrays and are unnested by the server). Later rows for the same key replace earlier
 * ones; names awaiting review are counted once an article, written in name order so that two processes
 * counting the same names take their row locks in the same order.
 */
export class PendingEntityRows {
  private mentions = new Map<string, [string, number, number, string]>();
  private candidates = new Map<string, { articles: number; first: number; last: number; context: string }>();
  private appearances = new Map<string, AppearanceRow>();

  mention(entityId: string, articleId: number, count: number, offsets: string): void {
    this.mentions.set(`${entityId}\0${articleId}`, [entityId, articleId, count, offsets]);
  }

  candidate(c: Candidate, articleId: number): void {
    const seen = this.candidates.get(c.name);
    if (seen) {
      seen.articles++;
      seen.last = articleId;
    } else this.candidates.set(c.name, { articles: 1, first: articleId, last: articleId, context: c.context });
  }

  appearance(r: AppearanceRow): void {
    this.appearances.set(`${r.article_id}\0${r.person}\0${r.seq}`, r);
  }

  get empty(): boolean {
    return this.mentions.size === 0 && this.candidates.size === 0 && this.appearances.size === 0;
  }

  clear(): void {
    this.mentions = new Map();
    this.candidates = new Map();
    this.appearances = new Map();
  }

  async flush(tx: PgDb): Promise<void> {
    const mentions = [...this.mentions.values()];
    const candidates = [...this.candidates].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const appearances = [...this.appearances.values()];
    this.clear();
    for (let at = 0; at < mentions.length; at += CHUNK) {
      const part = mentions.slice(at, at + CHUNK);
      await sql`INSERT INTO entity_mentions (entity_id, article_id, count, offsets)
        SELECT * FROM unnest(${part.map((r) => r[0])}::text[], ${part.map((r) => r[1])}::bigint[], ${part.map((r) => r[2])}::int[], ${part.map((r) => r[3])}::text[])
        ON CONFLICT (entity_id, article_id) DO UPDATE SET count = excluded.count, offsets = excluded.offsets`.execute(tx);
    }
    for (let at = 0; at < candidates.length; at += CHUNK) {
      const part = candidates.slice(at, at + CHUNK);
      await sql`INSERT INTO entity_candidates AS c (name, articles, first_article, last_article, context)
        SELECT * FROM unnest(${part.map((r) => r[0])}::text[], ${part.map((r) => r[1].articles)}::int[], ${part.map((r) => r[1].first)}::bigint[],
          ${part.map((r) => r[1].last)}::bigint[], ${part.map((r) => r[1].context)}::text[])
        ON CONFLICT (name) DO UPDATE SET articles = c.articles + excluded.articles, last_article = excluded.last_article`.execute(tx);
    }
    for (let at = 0; at < appearances.length; at += CHUNK) {
      const part = appearances.slice(at, at + CHUNK);
      const col = <K extends keyof AppearanceRow>(k: K) => part.map((r) => r[k]);
      await sql`INSERT INTO tracker_appearances (article_id, person, seq, kind, date, until, report_date, place, companions, evidence, lang)
        SELECT * FROM unnest(${col('article_id')}::bigint[], ${col('person')}::text[], ${col('seq')}::int[], ${col('kind')}::text[], ${col('date')}::text[],
          ${col('until')}::text[], ${col('report_date')}::text[], ${col('place')}::text[], ${col('companions')}::text[], ${col('evidence')}::text[], ${col('lang')}::text[])
        ON CONFLICT (article_id, person, seq) DO UPDATE SET kind = excluded.kind, date = excluded.date, until = excluded.until,
          report_date = excluded.report_date, place = excluded.place, companions = excluded.companions, evidence = excluded.evidence, lang = excluded.lang`.execute(tx);
    }
  }
}
