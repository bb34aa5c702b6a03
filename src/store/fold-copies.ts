import { sql, type Kysely } from 'kysely';
import { bodyText } from '../normalize/body-text.js';

interface KeyedRow {
  id: number;
  source_id: number;
  text_key: number;
  body_hash: string;
  published: string;
  title: string;
  body_length: number;
}

/** Bodies shorter than this (in characters) are stubs many headlines share; they make one text only under one title. */
export const STUB_LENGTH = 200;

/**
 * A stub body is no text of its own: kcna.co.jp shows "For Spanish-speaking people" in place of 544
 * different reports, each under its own headline. Those stay separate articles.
 */
export function isStub(bodyLength: number): boolean {
  return bodyLength < STUB_LENGTH;
}

/**
 * Of a source's articles with the same text key, the one that already holds this text: the same body
 * exactly (under the same title for a stub), or (a near-exact copy) the same date and title.
 */
export function sameTextIn<C extends { body_hash: string; published: string; title: string }>(
  candidates: C[],
  a: { bodyHash: string; published: string; title: string; paragraphs: string[] },
): C | null {
  const stub = isStub(bodyText(a).length);
  return (
    candidates.find((c) => c.body_hash === a.bodyHash && (!stub || c.title === a.title)) ??
    candidates.find((c) => c.published === a.published && c.title === a.title) ??
    null
  );
}

/**
 * Which stored articles are copies of an earlier one in the same source (the rule of the ingest path:
 * the same body, under the same title when the body is a stub, or the same text key, date and title):
 * pairs of copy → article it folds into.
 */
export function findCopies(rows: KeyedRow[]): Map<number, number> {
  const folds = new Map<number, number>();
  let group: KeyedRow[] = [];
  const flush = () => {
    const kept: KeyedRow[] = [];
    for (const r of group) {
      const stub = isStub(r.body_length);
      const into =
        kept.find((k) => k.body_hash === r.body_hash && (!stub || k.title === r.title)) ??
        kept.find((k) => k.published === r.published && k.title === r.title);
      if (into) folds.set(r.id, into.id);
      else kept.push(r);
    }
    group = [];
  };
  for (const r of rows) {
    if (group.length > 0 && (group[0].source_id !== r.source_id || group[0].text_key !== r.text_key)) flush();
    group.push(r);
  }
  flush();
  return folds;
}

/**
 * Folds copies stored as articles of their own into the article holding the text: every URL, capture,
 * version and event moves over (a copy's differing wording becomes a version), the copy's index rows go,
 * and stories left with one member dissolve. Nothing a user could reach is lost: every URL still
 * resolves to the article. Returns how many articles were folded.
 */
export async function foldStoredCopies(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<KeyedRow>`
    SELECT id, source_id, text_key, body_hash, published, title, length(body) AS body_length FROM articles
    WHERE (source_id, text_key) IN (SELECT source_id, text_key FROM articles GROUP BY source_id, text_key HAVING count(*) > 1)
    ORDER BY source_id, text_key, id`.execute(db);
  const folds = findCopies(rows);
  if (folds.size === 0) return 0;
  await sql`CREATE TEMP TABLE fold_map (copy INTEGER PRIMARY KEY, into_id INTEGER NOT NULL)`.execute(db);
  const pairs = [...folds];
  for (let i = 0; i < pairs.length; i += 400) {
    const chunk = pairs.slice(i, i + 400);
    await sql`INSERT INTO fold_map (copy, into_id) VALUES ${sql.join(chunk.map(([c, k]) => sql`(${c}, ${k})`))}`.execute(db);
  }
  const into = sql`(SELECT into_id FROM fold_map WHERE copy = article_id)`;
  const copies = sql`(SELECT copy FROM fold_map)`;
  // The copy's wording, when it differs from the article's, is kept as a version.
  await sql`INSERT INTO versions (article_id, title, body, content_hash, seen_at)
    SELECT f.into_id, c.title, c.body, c.content_hash, c.first_seen FROM fold_map f
    JOIN articles c ON c.id = f.copy JOIN articles k ON k.id = f.into_id
    WHERE c.content_hash != k.content_hash
      AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.article_id = f.into_id AND v.content_hash = c.content_hash)`.execute(db);
  await sql`UPDATE article_urls SET article_id = ${into}, is_canonical = 0, is_copy = 1 WHERE article_id IN ${copies}`.execute(db);
  for (const table of ['captures', 'versions', 'events', 'crawl_urls']) {
    await sql`UPDATE ${sql.table(table)} SET article_id = ${into} WHERE article_id IN ${copies}`.execute(db);
  }
  await sql`UPDATE articles SET
      first_seen = min(first_seen, (SELECT min(c.first_seen) FROM fold_map f JOIN articles c ON c.id = f.copy WHERE f.into_id = articles.id)),
      last_seen = max(last_seen, (SELECT max(c.last_seen) FROM fold_map f JOIN articles c ON c.id = f.copy WHERE f.into_id = articles.id))
    WHERE id IN (SELECT into_id FROM fold_map)`.execute(db);
  // What the copy added to the indexes (search, stories, people) goes with it.
  await sql`DELETE FROM search_fts WHERE rowid IN ${copies}`.execute(db);
  for (const table of ['story_signatures', 'story_anchors', 'story_bands', 'entity_mentions', 'tracker_appearances']) {
    await sql`DELETE FROM ${sql.table(table)} WHERE article_id IN ${copies}`.execute(db);
  }
  await sql`DELETE FROM language_links WHERE a_id IN ${copies} OR b_id IN ${copies}`.execute(db);
  await sql`UPDATE story_members SET matched_id = (SELECT into_id FROM fold_map WHERE copy = matched_id) WHERE matched_id IN ${copies}`.execute(db);
  await sql`DELETE FROM story_members WHERE article_id IN ${copies}`.execute(db);
  await sql`UPDATE stories SET size = (SELECT count(*) FROM story_members m WHERE m.story_id = stories.id)`.execute(db);
  await sql`DELETE FROM story_members WHERE story_id IN (SELECT id FROM stories WHERE size < 2)`.execute(db);
  await sql`DELETE FROM stories WHERE size < 2`.execute(db);
  await sql`UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL`.execute(db);
  await sql`DELETE FROM articles WHERE id IN ${copies}`.execute(db);
  await sql`DROP TABLE fold_map`.execute(db);
  return folds.size;
}
