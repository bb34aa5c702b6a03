import { sql } from 'kysely';
import { bodyText } from '../../normalize/body-text.js';
import type { IngestItem, IngestOutcome } from '../store.js';
import type { PgTx } from './pg-ingest.js';

/** One article of a batch as decided (pg-ingest-article.ts), with what storing it writes. */
export interface IngestStep {
  item: IngestItem;
  /** A new article's id is provisional (negative) until it is written. */
  outcome: IngestOutcome;
  /** The item's URLs the archive does not hold yet, with whether each is the article's canonical one. */
  urls: string[];
  canonical: number[];
  /** merged or folded: the ingested wording is kept as a version. */
  version?: boolean;
  /** merged: the article's text before the edit. */
  from?: string;
}

/** New articles written in one statement at most (bounds the statement's size). */
export const NEW_ARTICLES_PER_STATEMENT = 500;

/**
 * Makes a batch's writes in the order decided. New articles are written many to a statement (their URLs
 * and captures with them), then get their ids; every later write names its article by the real id.
 * Unchanged articles write nothing that anything reads: gathered and written once, at the end.
 */
export class BatchWrites {
  private readonly ids = new Map<number, number>();
  /** Unchanged articles: the latest time each was seen, and their URLs not stored yet. */
  private readonly seen = new Map<number, string>();
  private readonly knownUrls: { url: string; id: number }[] = [];

  constructor(private readonly tx: PgTx) {}

  /** Writes new articles (in order, ids from the sequence in that order) and gives each step its real id. */
  async insertNew(steps: IngestStep[]): Promise<void> {
    if (steps.length === 0) return;
    const col = <T>(f: (it: IngestItem) => T) => steps.map((s) => f(s.item));
    const a = (it: IngestItem) => it.article;
    const urls = steps.flatMap((s) => s.urls);
    const owners = steps.flatMap((s) => s.urls.map(() => s.item.article.url));
    const canonical = steps.flatMap((s) => s.canonical);
    const r = await sql<{ id: number; url: string }>`WITH new AS (
        SELECT * FROM unnest(${col((it) => it.sourceId)}::bigint[], ${col((it) => a(it).url)}::text[], ${col((it) => a(it).lang)}::text[],
          ${col((it) => a(it).title)}::text[], ${col((it) => (a(it).titleDerived ? 1 : 0))}::int[], ${col((it) => a(it).published)}::text[],
          ${col((it) => a(it).publishedAt)}::text[], ${col((it) => a(it).datePrecision)}::text[], ${col((it) => a(it).dateFrom)}::text[],
          ${col((it) => bodyText(a(it)))}::text[], ${col((it) => a(it).bodyHash)}::text[], ${col((it) => a(it).contentHash)}::text[],
          ${col((it) => a(it).textKey)}::bigint[], ${col((it) => it.seenAt)}::text[], ${col((it) => (a(it).damaged ? 1 : 0))}::int[],
          ${col((it) => (a(it).repaired ? 1 : 0))}::int[], ${col((it) => a(it).listingDate)}::text[], ${col((it) => it.origin)}::text[],
          ${col((it) => it.httpStatus ?? null)}::int[], ${col((it) => it.rawSha256 ?? null)}::text[], ${col((it) => it.extractor ?? null)}::text[])
          WITH ORDINALITY AS n(source_id, url, lang, title, title_derived, published, published_at, date_precision, date_from, body, body_hash,
            content_hash, text_key, seen_at, damaged, repaired, listing_date, origin, http_status, raw_sha256, extractor, ord)),
      inserted AS (
        INSERT INTO articles (source_id, url, lang, title, title_derived, published, published_at, date_precision, date_from,
          body, body_hash, content_hash, text_key, first_seen, last_seen, status, damaged, repaired, listing_date)
        SELECT source_id, url, lang, title, title_derived, published, published_at, date_precision, date_from,
          body, body_hash, content_hash, text_key, seen_at, seen_at, 'live', damaged, repaired, listing_date FROM new ORDER BY ord
        RETURNING id, url),
      urls AS (INSERT INTO article_urls (url, article_id, is_canonical, is_copy)
        SELECT u.url, i.id, u.canonical, 0 FROM unnest(${urls}::text[], ${owners}::text[], ${canonical}::int[]) AS u(url, owner, canonical)
          JOIN inserted i ON i.url = u.owner ON CONFLICT (url) DO NOTHING),
      captured AS (INSERT INTO captures (article_id, taken_at, origin, url, http_status, content_hash, raw_sha256, extractor)
        SELECT i.id, n.seen_at, n.origin, n.url, n.http_status, n.content_hash, n.raw_sha256, n.extractor FROM new n JOIN inserted i ON i.url = n.url ORDER BY n.ord)
      SELECT id, url FROM inserted`.execute(this.tx);
    const byUrl = new Map(r.rows.map((row) => [row.url, row.id]));
    for (const step of steps) {
      const id = byUrl.get(step.item.article.url);
      if (id === undefined) throw new Error(`${step.item.article.url}: the new article's row was not written`);
      this.ids.set(step.outcome.id, id);
      step.outcome.id = id;
    }
  }

  /** Makes the writes of a step that stores no new article (new articles it refers to are written already). */
  async write(step: IngestStep): Promise<void> {
    const { item, outcome } = step;
    const id = (outcome.id = this.resolve(outcome.id));
    if (outcome.kind === 'unchanged') {
      this.seen.set(id, (this.seen.get(id) ?? '') > item.seenAt ? this.seen.get(id)! : item.seenAt);
      for (const url of step.urls) this.knownUrls.push({ url, id });
      return;
    }
    if (step.version) await this.insertVersion(id, item);
    if (outcome.kind === 'merged') {
      // Recorded as an edit, as the crawler records one (the events feed and saved searches' alerts hear of it).
      await this.tx
        .insertInto('events')
        .values({ type: 'edited', article_id: id, source_id: item.sourceId, at: item.seenAt, detail: JSON.stringify({ from: step.from, to: item.article.contentHash, via: 'import' }) })
        .execute();
    }
    await this.touchAndAddUrls(id, step);
  }

  /** Writes what the batch's unchanged articles gathered: last_seen moved on, URLs not stored yet. */
  async finish(): Promise<void> {
    if (this.seen.size) {
      await sql`UPDATE articles SET last_seen = greatest(articles.last_seen, s.seen_at)
        FROM unnest(${[...this.seen.keys()]}::bigint[], ${[...this.seen.values()]}::text[]) AS s(id, seen_at) WHERE articles.id = s.id`.execute(this.tx);
    }
    if (this.knownUrls.length) {
      await sql`INSERT INTO article_urls (url, article_id, is_canonical, is_copy)
        SELECT url, id, 0, 0 FROM unnest(${this.knownUrls.map((u) => u.url)}::text[], ${this.knownUrls.map((u) => u.id)}::bigint[]) AS n(url, id)
        ON CONFLICT (url) DO NOTHING`.execute(this.tx);
    }
    this.seen.clear();
    this.knownUrls.length = 0;
  }

  private resolve(id: number): number {
    if (id > 0) return id;
    const real = this.ids.get(id);
    if (real === undefined) throw new Error('an article of the batch is referred to before it is written');
    return real;
  }

  private async insertVersion(articleId: number, item: IngestItem): Promise<void> {
    const a = item.article;
    await this.tx.insertInto('versions').values({ article_id: articleId, title: a.title, body: bodyText(a), content_hash: a.contentHash, seen_at: item.seenAt }).execute();
  }

  /** last_seen moves on, new URLs are added and the capture recorded: one statement. */
  private async touchAndAddUrls(id: number, step: IngestStep): Promise<void> {
    const { item, outcome } = step;
    const a = item.article;
    const copy = outcome.kind === 'folded' ? 1 : 0;
    await sql`WITH touched AS (UPDATE articles SET last_seen = greatest(last_seen, ${item.seenAt}) WHERE id = ${id} RETURNING id),
      urls AS (INSERT INTO article_urls (url, article_id, is_canonical, is_copy)
        SELECT url, ${id}::bigint, canonical, ${copy}::int FROM unnest(${step.urls}::text[], ${step.canonical}::int[]) AS n(url, canonical) ON CONFLICT (url) DO NOTHING),
      captured AS (INSERT INTO captures (article_id, taken_at, origin, url, http_status, content_hash, raw_sha256, extractor)
        VALUES (${id}::bigint, ${item.seenAt}, ${item.origin}, ${a.url}, ${item.httpStatus ?? null}::int, ${a.contentHash}, ${item.rawSha256 ?? null}, ${item.extractor ?? null}))
      SELECT count(*) FROM touched`.execute(this.tx);
  }
}
