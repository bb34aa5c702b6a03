import { sql } from 'kysely';
import { sameTextIn } from '../fold-copies.js';
import type { IngestItem } from '../store.js';
import type { PgTx } from './pg-ingest.js';
import type { IngestStep } from './pg-ingest-writes.js';

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
 * What a batch's ingest reads, fetched for the whole batch in one statement (a round trip per statement
 * costs more than the statement), then kept current with the batch's own decisions, so each article is
 * judged exactly as one-by-one reads would judge it. Deciding writes nothing: a new article gets a
 * provisional (negative) id until it is written (pg-ingest-writes.ts).
 */
export class BatchView {
  private readonly urls = new Map<string, number>();
  private readonly currentHash = new Map<number, string>();
  private readonly versions = new Set<string>();
  private readonly candidates = new Map<string, Candidate[]>();
  private provisional = 0;

  private constructor(private readonly tx: PgTx) {}

  static async load(tx: PgTx, items: IngestItem[]): Promise<BatchView> {
    const view = new BatchView(tx);
    const urls = [...new Set(items.flatMap((it) => [it.article.url, ...it.article.aliases]))];
    const keys = [...new Set(items.map((it) => `${it.sourceId}:${it.article.textKey}`))];
    const sources = keys.map((k) => Number(k.split(':')[0]));
    const textKeys = keys.map((k) => Number(k.split(':')[1]));
    // The URLs known, the copy candidates and the versions of both, in one statement (one snapshot).
    const r = await sql<Candidate & { kind: 'url' | 'candidate' | 'version'; url: string; source_id: number; text_key: number }>`
      WITH known AS (
        SELECT u.url, u.article_id AS id, a.content_hash FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = ANY(${urls}::text[])),
      candidates AS (
        SELECT id, source_id, text_key, body_hash, published, title, content_hash FROM (
          SELECT a.id, a.source_id, a.text_key, a.body_hash, a.published, a.title, a.content_hash,
            row_number() OVER (PARTITION BY a.source_id, a.text_key ORDER BY a.id) AS n
          FROM articles a JOIN unnest(${sources}::bigint[], ${textKeys}::bigint[]) AS k(source_id, text_key)
            ON a.source_id = k.source_id AND a.text_key = k.text_key) AS c
        WHERE n <= ${CANDIDATES}),
      versions AS (
        SELECT DISTINCT article_id AS id, content_hash FROM versions WHERE article_id IN (SELECT id FROM known UNION SELECT id FROM candidates))
      SELECT 'url' AS kind, id, url, NULL::bigint AS source_id, NULL::bigint AS text_key, NULL AS body_hash, NULL AS published, NULL AS title, content_hash FROM known
      UNION ALL SELECT 'candidate', id, NULL, source_id, text_key, body_hash, published, title, content_hash FROM candidates
      UNION ALL SELECT 'version', id, NULL, NULL, NULL, NULL, NULL, NULL, content_hash FROM versions`.execute(tx);
    const candidates = r.rows.filter((row) => row.kind === 'candidate').sort((x, y) => x.id - y.id);
    for (const row of r.rows) {
      if (row.kind === 'url') {
        view.urls.set(row.url, row.id);
        view.currentHash.set(row.id, row.content_hash);
      } else if (row.kind === 'version') view.versions.add(`${row.id}:${row.content_hash}`);
    }
    for (const c of candidates) {
      const key = `${c.source_id}:${c.text_key}`;
      view.candidates.set(key, [...(view.candidates.get(key) ?? []), { id: c.id, body_hash: c.body_hash, published: c.published, title: c.title, content_hash: c.content_hash }]);
      view.currentHash.set(c.id, c.content_hash);
    }
    return view;
  }

  /**
   * What storing one article does, by the rules of the SQLite store's ingest (URL lookup, folding of
   * copies, versions, edits), given the decisions before it in the batch.
   */
  async decide(item: IngestItem): Promise<IngestStep> {
    const a = item.article;
    const urls = [a.url, ...a.aliases];
    const knownId = urls.map((u) => this.urls.get(u)).find((id) => id !== undefined);
    let step: IngestStep;
    if (knownId !== undefined) {
      const id = knownId;
      const current = await this.current(id);
      if (current === a.contentHash || this.versions.has(`${id}:${a.contentHash}`)) {
        step = { item, outcome: { kind: 'unchanged', id }, ...this.newUrls(item, false) };
      } else {
        // Another text under the same URL: kept as a version, never dropped, and recorded as an edit.
        step = { item, outcome: { kind: 'merged', id }, ...this.newUrls(item, false), version: true, from: current };
        this.versions.add(`${id}:${a.contentHash}`);
      }
    } else {
      const key = `${item.sourceId}:${a.textKey}`;
      const copy = sameTextIn(this.candidates.get(key) ?? [], a);
      if (copy) {
        // One text, one article: this URL becomes another address of it. A copy whose title or
        // boilerplate differs keeps its own wording as a version, so nothing is lost.
        const version = copy.content_hash !== a.contentHash && !this.versions.has(`${copy.id}:${a.contentHash}`);
        if (version) this.versions.add(`${copy.id}:${a.contentHash}`);
        step = { item, outcome: { kind: 'folded', id: copy.id, how: copy.body_hash === a.bodyHash ? 'exact' : 'near' }, ...this.newUrls(item, false), version };
      } else {
        const id = -++this.provisional;
        step = { item, outcome: { kind: 'imported', id }, ...this.newUrls(item, true) };
        const list = this.candidates.get(key) ?? [];
        if (list.length < CANDIDATES) this.candidates.set(key, [...list, { id, body_hash: a.bodyHash, published: a.published, title: a.title, content_hash: a.contentHash }]);
        this.currentHash.set(id, a.contentHash);
      }
    }
    for (const url of urls) if (!this.urls.has(url)) this.urls.set(url, step.outcome.id);
    return step;
  }

  private async current(id: number): Promise<string> {
    let hash = this.currentHash.get(id);
    if (hash === undefined) {
      hash = (await this.tx.selectFrom('articles').select('content_hash').where('id', '=', id).executeTakeFirstOrThrow()).content_hash;
      this.currentHash.set(id, hash);
    }
    return hash;
  }

  /** The item's URLs the batch does not know yet (a URL already stored keeps its article); the first is canonical for a new article. */
  private newUrls(item: IngestItem, isNew: boolean): { urls: string[]; canonical: number[] } {
    const seen = new Set<string>();
    const fresh = [item.article.url, ...item.article.aliases]
      .map((url, i) => ({ url, canonical: i === 0 && isNew ? 1 : 0 }))
      .filter((r) => !this.urls.has(r.url) && !seen.has(r.url) && seen.add(r.url));
    return { urls: fresh.map((r) => r.url), canonical: fresh.map((r) => r.canonical) };
  }
}
