import { sql } from 'kysely';
import { bodyText } from '../../normalize/body-text.js';
import { sameTextIn } from '../fold-copies.js';
import type { IngestItem, IngestOutcome } from '../store.js';
import type { PgTx } from './pg-ingest.js';

/**
 * Locks what a batch may write, in one order, until its transaction ends: every URL it names and every
 * (source, text key) it may fold into. Two processes storing the same URL, or two URLs of the same text,
 * then take turns, and the second sees what the first committed: no article, version or capture twice.
 * Advisory locks belong to the database: the keys name the archive's schema, so archives side by side in
 * one database (tests, staging copies) never wait on each other.
 */
export async function lockBatch(tx: PgTx, items: IngestItem[]): Promise<void> {
  const keys = new Set<string>();
  for (const { sourceId, article: a } of items) {
    keys.add(`u:${a.url}`);
    for (const alias of a.aliases) keys.add(`u:${alias}`);
    keys.add(`t:${sourceId}:${a.textKey}`);
  }
  await sql`SELECT pg_advisory_xact_lock(k) FROM (
    SELECT DISTINCT hashtextextended(current_schema() || ':' || key, 0) AS k FROM unnest(${[...keys]}::text[]) AS key ORDER BY 1) AS keys`.execute(tx);
}

interface Candidate {
  id: number;
  body_hash: string;
  published: string;
  title: string;
  content_hash: string;
}

/** Candidates per (source, text key) kept, as the SQLite store reads them: the first 32 by id. */
const CANDIDATES = 32;

/**
 * What a batch's ingest reads, fetched for the whole batch in three queries (a round trip per statement
 * costs more than the statement), then kept current with the batch's own writes, so each article is
 * judged exactly as one-by-one reads would judge it.
 */
export class BatchView {
  private readonly urls = new Map<string, number>();
  private readonly currentHash = new Map<number, string>();
  private readonly versions = new Set<string>();
  private readonly candidates = new Map<string, Candidate[]>();
  /** Unchanged articles: the latest time each was seen, and their URLs not stored yet. */
  private readonly seen = new Map<number, string>();
  private readonly knownUrls: { url: string; id: number }[] = [];

  private constructor(private readonly tx: PgTx) {}

  static async load(tx: PgTx, items: IngestItem[]): Promise<BatchView> {
    const view = new BatchView(tx);
    const urls = [...new Set(items.flatMap((it) => [it.article.url, ...it.article.aliases]))];
    const known = await sql<{ url: string; article_id: number; content_hash: string }>`
      SELECT u.url, u.article_id, a.content_hash FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = ANY(${urls}::text[])`.execute(tx);
    for (const r of known.rows) {
      view.urls.set(r.url, r.article_id);
      view.currentHash.set(r.article_id, r.content_hash);
    }
    const keys = [...new Set(items.map((it) => `${it.sourceId}:${it.article.textKey}`))];
    const sources = keys.map((k) => Number(k.split(':')[0]));
    const textKeys = keys.map((k) => Number(k.split(':')[1]));
    const found = await sql<Candidate & { source_id: number; text_key: number; n: number }>`
      SELECT id, source_id, text_key, body_hash, published, title, content_hash FROM (
        SELECT a.*, row_number() OVER (PARTITION BY a.source_id, a.text_key ORDER BY a.id) AS n
        FROM articles a JOIN unnest(${sources}::bigint[], ${textKeys}::bigint[]) AS k(source_id, text_key)
          ON a.source_id = k.source_id AND a.text_key = k.text_key) AS c
      WHERE n <= ${CANDIDATES} ORDER BY id`.execute(tx);
    for (const r of found.rows) {
      const key = `${r.source_id}:${r.text_key}`;
      view.candidates.set(key, [...(view.candidates.get(key) ?? []), { id: r.id, body_hash: r.body_hash, published: r.published, title: r.title, content_hash: r.content_hash }]);
    }
    const ids = [...new Set([...view.currentHash.keys(), ...found.rows.map((r) => r.id)])];
    if (ids.length) {
      const versions = await sql<{ article_id: number; content_hash: string }>`
        SELECT DISTINCT article_id, content_hash FROM versions WHERE article_id = ANY(${ids}::bigint[])`.execute(tx);
      for (const v of versions.rows) view.versions.add(`${v.article_id}:${v.content_hash}`);
    }
    return view;
  }

  /** Stores one article by the rules of the SQLite store's ingest (URL lookup, folding of copies, versions, edits). */
  async ingest(item: IngestItem): Promise<IngestOutcome> {
    const a = item.article;
    const urls = [a.url, ...a.aliases];
    const knownId = urls.map((u) => this.urls.get(u)).find((id) => id !== undefined);
    let outcome: IngestOutcome;
    if (knownId !== undefined) {
      const id = knownId;
      const current = await this.current(id);
      if (current === a.contentHash || this.versions.has(`${id}:${a.contentHash}`)) {
        outcome = { kind: 'unchanged', id };
        // Nothing a hook reads: gathered and written once, at the end of the batch.
        const u = this.newUrls(id, item, outcome);
        this.seen.set(id, (this.seen.get(id) ?? '') > item.seenAt ? this.seen.get(id)! : item.seenAt);
        for (const url of u.urls) this.knownUrls.push({ url, id });
      } else {
        // Another text under the same URL: kept as a version, never dropped, and recorded as an edit as
        // the crawler records one (the events feed and saved searches' alerts hear of it).
        outcome = { kind: 'merged', id };
        await this.insertVersion(id, item);
        await this.tx
          .insertInto('events')
          .values({ type: 'edited', article_id: id, source_id: item.sourceId, at: item.seenAt, detail: JSON.stringify({ from: current, to: a.contentHash, via: 'import' }) })
          .execute();
        await this.touchAndAddUrls(id, item, outcome);
      }
    } else {
      const key = `${item.sourceId}:${a.textKey}`;
      const copy = sameTextIn(this.candidates.get(key) ?? [], a);
      if (copy) {
        // One text, one article: this URL becomes another address of it. A copy whose title or
        // boilerplate differs keeps its own wording as a version, so nothing is lost.
        if (copy.content_hash !== a.contentHash && !this.versions.has(`${copy.id}:${a.contentHash}`)) await this.insertVersion(copy.id, item);
        outcome = { kind: 'folded', id: copy.id, how: copy.body_hash === a.bodyHash ? 'exact' : 'near' };
        await this.touchAndAddUrls(copy.id, item, outcome);
      } else {
        const id = await this.insertArticle(item);
        outcome = { kind: 'imported', id };
        const list = this.candidates.get(key) ?? [];
        if (list.length < CANDIDATES) this.candidates.set(key, [...list, { id, body_hash: a.bodyHash, published: a.published, title: a.title, content_hash: a.contentHash }]);
        this.currentHash.set(id, a.contentHash);
      }
    }
    for (const url of urls) if (!this.urls.has(url)) this.urls.set(url, outcome.id);
    return outcome;
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

  private async current(id: number): Promise<string> {
    let hash = this.currentHash.get(id);
    if (hash === undefined) {
      hash = (await this.tx.selectFrom('articles').select('content_hash').where('id', '=', id).executeTakeFirstOrThrow()).content_hash;
      this.currentHash.set(id, hash);
    }
    return hash;
  }

  private async insertVersion(articleId: number, item: IngestItem): Promise<void> {
    const a = item.article;
    await this.tx.insertInto('versions').values({ article_id: articleId, title: a.title, body: bodyText(a), content_hash: a.contentHash, seen_at: item.seenAt }).execute();
    this.versions.add(`${articleId}:${a.contentHash}`);
  }

  /** The URLs the batch does not know yet, as rows of `article_urls` (a URL already stored keeps its article). */
  private newUrls(id: number, item: IngestItem, outcome: IngestOutcome) {
    const copy = outcome.kind === 'folded' ? 1 : 0;
    const rows = [item.article.url, ...item.article.aliases].map((url, i) => ({ url, canonical: i === 0 && outcome.kind === 'imported' ? 1 : 0 }));
    const seen = new Set<string>();
    const fresh = rows.filter((r) => !this.urls.has(r.url) && !seen.has(r.url) && seen.add(r.url));
    return { urls: fresh.map((r) => r.url), canonical: fresh.map((r) => r.canonical), copy, id };
  }

  /** last_seen moves on, new URLs are added and (for a new text) the capture recorded: one statement. */
  private async touchAndAddUrls(id: number, item: IngestItem, outcome: IngestOutcome): Promise<void> {
    const u = this.newUrls(id, item, outcome);
    const a = item.article;
    const capture = outcome.kind !== 'unchanged';
    await sql`WITH touched AS (UPDATE articles SET last_seen = greatest(last_seen, ${item.seenAt}) WHERE id = ${id} RETURNING id),
      urls AS (INSERT INTO article_urls (url, article_id, is_canonical, is_copy)
        SELECT url, ${id}::bigint, canonical, ${u.copy}::int FROM unnest(${u.urls}::text[], ${u.canonical}::int[]) AS n(url, canonical) ON CONFLICT (url) DO NOTHING),
      captured AS (INSERT INTO captures (article_id, taken_at, origin, url, http_status, content_hash, raw_sha256, extractor)
        SELECT ${id}::bigint, ${item.seenAt}, ${item.origin}, ${a.url}, ${item.httpStatus ?? null}::int, ${a.contentHash}, ${item.rawSha256 ?? null}, ${item.extractor ?? null} WHERE ${capture}::boolean)
      SELECT count(*) FROM touched`.execute(this.tx);
  }

  /** A new article with its URLs and capture: one statement. */
  private async insertArticle(item: IngestItem): Promise<number> {
    const a = item.article;
    const u = this.newUrls(0, item, { kind: 'imported', id: 0 });
    const r = await sql<{ id: number }>`WITH inserted AS (
        INSERT INTO articles (source_id, url, lang, title, title_derived, published, published_at, date_precision, date_from,
          body, body_hash, content_hash, text_key, first_seen, last_seen, status, damaged, repaired, listing_date)
        VALUES (${item.sourceId}, ${a.url}, ${a.lang}, ${a.title}, ${a.titleDerived ? 1 : 0}, ${a.published}, ${a.publishedAt}, ${a.datePrecision}, ${a.dateFrom},
          ${bodyText(a)}, ${a.bodyHash}, ${a.contentHash}, ${a.textKey}, ${item.seenAt}, ${item.seenAt}, 'live', ${a.damaged ? 1 : 0}, ${a.repaired ? 1 : 0}, ${a.listingDate})
        RETURNING id),
      urls AS (INSERT INTO article_urls (url, article_id, is_canonical, is_copy)
        SELECT n.url, inserted.id, n.canonical, 0 FROM inserted, unnest(${u.urls}::text[], ${u.canonical}::int[]) AS n(url, canonical) ON CONFLICT (url) DO NOTHING),
      captured AS (INSERT INTO captures (article_id, taken_at, origin, url, http_status, content_hash, raw_sha256, extractor)
        SELECT inserted.id, ${item.seenAt}, ${item.origin}, ${a.url}, ${item.httpStatus ?? null}::int, ${a.contentHash}, ${item.rawSha256 ?? null}, ${item.extractor ?? null} FROM inserted)
      SELECT id FROM inserted`.execute(this.tx);
    return r.rows[0].id;
  }
}
