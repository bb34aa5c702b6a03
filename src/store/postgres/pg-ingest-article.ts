import { sql } from 'kysely';
import { bodyText } from '../../normalize/body-text.js';
import { sameTextIn } from '../fold-copies.js';
import type { IngestItem, IngestOutcome } from '../store.js';
import type { PgTx } from './pg-ingest.js';

/**
 * Locks what a batch may write, in one order, until its transaction ends: every URL it names and every
 * (source, text key) it may fold into. Two processes storing the same URL, or two URLs of the same text,
 * then take turns, and the second sees what the first committed: no article, version or capture twice.
 */
export async function lockBatch(tx: PgTx, items: IngestItem[]): Promise<void> {
  const keys = new Set<string>();
  for (const { sourceId, article: a } of items) {
    keys.add(`u:${a.url}`);
    for (const alias of a.aliases) keys.add(`u:${alias}`);
    keys.add(`t:${sourceId}:${a.textKey}`);
  }
  await sql`SELECT pg_advisory_xact_lock(k) FROM (
    SELECT DISTINCT hashtextextended(key, 0) AS k FROM unnest(${[...keys]}::text[]) AS key ORDER BY 1) AS keys`.execute(tx);
}

/** Stores one article by the rules of the SQLite store's ingest (URL lookup, folding of copies, versions, edits). */
export async function ingestArticle(tx: PgTx, item: IngestItem): Promise<IngestOutcome> {
  const a = item.article;
  const urls = [a.url, ...a.aliases];
  const found = await tx.selectFrom('article_urls').select(['url', 'article_id']).where('url', '=', sql<string>`ANY(${urls}::text[])`).execute();
  const byUrl = new Map(found.map((r) => [r.url, r.article_id]));
  const knownId = urls.map((u) => byUrl.get(u)).find((id) => id !== undefined);
  let outcome: IngestOutcome;
  if (knownId !== undefined) {
    const id = knownId;
    const cur = await tx.selectFrom('articles').select('content_hash').where('id', '=', id).executeTakeFirstOrThrow();
    if (cur.content_hash === a.contentHash || (await versionExists(tx, id, a.contentHash))) {
      outcome = { kind: 'unchanged', id };
    } else {
      // Another text under the same URL: kept as a version, never dropped, and recorded as an edit as
      // the crawler records one (the events feed and saved searches' alerts hear of it).
      await insertVersion(tx, id, item);
      await tx
        .insertInto('events')
        .values({ type: 'edited', article_id: id, source_id: item.sourceId, at: item.seenAt, detail: JSON.stringify({ from: cur.content_hash, to: a.contentHash, via: 'import' }) })
        .execute();
      outcome = { kind: 'merged', id };
    }
    await touch(tx, id, item.seenAt);
  } else {
    const candidates = await tx
      .selectFrom('articles')
      .select(['id', 'body_hash', 'published', 'title', 'content_hash'])
      .where('source_id', '=', item.sourceId)
      .where('text_key', '=', a.textKey)
      .orderBy('id')
      .limit(32)
      .execute();
    const copy = sameTextIn(candidates, a);
    if (copy) {
      // One text, one article: this URL becomes another address of it. A copy whose title or
      // boilerplate differs keeps its own wording as a version, so nothing is lost.
      if (copy.content_hash !== a.contentHash && !(await versionExists(tx, copy.id, a.contentHash))) await insertVersion(tx, copy.id, item);
      await touch(tx, copy.id, item.seenAt);
      outcome = { kind: 'folded', id: copy.id, how: copy.body_hash === a.bodyHash ? 'exact' : 'near' };
    } else {
      const inserted = await tx
        .insertInto('articles')
        .values({
          source_id: item.sourceId,
          url: a.url,
          lang: a.lang,
          title: a.title,
          title_derived: a.titleDerived ? 1 : 0,
          published: a.published,
          published_at: a.publishedAt,
          date_precision: a.datePrecision,
          date_from: a.dateFrom,
          body: bodyText(a),
          body_hash: a.bodyHash,
          content_hash: a.contentHash,
          text_key: a.textKey,
          first_seen: item.seenAt,
          last_seen: item.seenAt,
          status: 'live',
          damaged: a.damaged ? 1 : 0,
          repaired: a.repaired ? 1 : 0,
          duplicate_of: null,
          listing_date: a.listingDate,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      outcome = { kind: 'imported', id: inserted.id };
    }
  }
  const copyUrl = outcome.kind === 'folded' ? 1 : 0;
  const id = outcome.id;
  await tx
    .insertInto('article_urls')
    .values(urls.map((url, i) => ({ url, article_id: id, is_canonical: i === 0 && outcome.kind === 'imported' ? 1 : 0, is_copy: copyUrl })))
    .onConflict((oc) => oc.column('url').doNothing())
    .execute();
  if (outcome.kind !== 'unchanged') {
    await tx
      .insertInto('captures')
      .values({
        article_id: id,
        taken_at: item.seenAt,
        origin: item.origin,
        url: a.url,
        http_status: item.httpStatus ?? null,
        content_hash: a.contentHash,
        raw_sha256: item.rawSha256 ?? null,
        extractor: item.extractor ?? null,
      })
      .execute();
  }
  return outcome;
}

async function versionExists(tx: PgTx, articleId: number, contentHash: string): Promise<boolean> {
  return !!(await tx.selectFrom('versions').select('id').where('article_id', '=', articleId).where('content_hash', '=', contentHash).limit(1).executeTakeFirst());
}

async function insertVersion(tx: PgTx, articleId: number, item: IngestItem): Promise<void> {
  const a = item.article;
  await tx.insertInto('versions').values({ article_id: articleId, title: a.title, body: bodyText(a), content_hash: a.contentHash, seen_at: item.seenAt }).execute();
}

async function touch(tx: PgTx, articleId: number, seenAt: string): Promise<void> {
  await sql`UPDATE articles SET last_seen = greatest(last_seen, ${seenAt}) WHERE id = ${articleId}`.execute(tx);
}
