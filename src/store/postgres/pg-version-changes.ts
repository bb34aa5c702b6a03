import { sql } from 'kysely';
import { versionChange, type VersionText } from '../../versions/changes.js';
import { orderVersions, planChanges, versionPairs, type StoredChange, type VersionPair } from '../version-changes.js';
import type { PgTx } from './pg-ingest.js';

/**
 * Keeps an article's stored changes equal to its versions on PostgreSQL, inside the ingest transaction
 * (the rules of src/store/version-changes.ts). Search indexes the hunks from its own tables; a hunk
 * removed here takes its index rows along through their foreign key.
 */
export async function recordVersionChanges(tx: PgTx, articleId: number): Promise<void> {
  const cur = (
    await sql<{ hash: string; seenAt: string; lang: string }>`
      SELECT content_hash AS hash, coalesce(text_seen_at, first_seen) AS "seenAt", lang FROM articles WHERE id = ${articleId}`.execute(tx)
  ).rows[0];
  if (!cur) return;
  const older = (
    await sql<{ hash: string; seenAt: string }>`
      SELECT content_hash AS hash, seen_at AS "seenAt" FROM versions WHERE article_id = ${articleId} ORDER BY seen_at, id`.execute(tx)
  ).rows;
  const pairs = versionPairs(orderVersions(older, cur));
  const stored = (
    await sql<StoredChange>`SELECT id, version, from_hash, to_hash FROM version_changes WHERE article_id = ${articleId} ORDER BY id`.execute(tx)
  ).rows;
  if (pairs.length === 0 && stored.length === 0) return;
  const plan = planChanges(pairs, stored);
  for (const r of plan.renumber) await sql`UPDATE version_changes SET version = ${r.version}, seen_at = ${r.seenAt} WHERE id = ${r.id}`.execute(tx);
  for (const p of plan.insert) await insertChange(tx, articleId, p, await textOf(tx, articleId, p.from), await textOf(tx, articleId, p.to), cur.lang);
  if (plan.remove.length) {
    await sql`DELETE FROM version_change_hunks WHERE change_id = ANY(${plan.remove}::bigint[])`.execute(tx);
    await sql`DELETE FROM version_changes WHERE id = ANY(${plan.remove}::bigint[])`.execute(tx);
  }
}

async function textOf(tx: PgTx, articleId: number, hash: string): Promise<VersionText> {
  const older = await sql<{ title: string; body: string }>`
    SELECT title, body FROM versions WHERE article_id = ${articleId} AND content_hash = ${hash} ORDER BY id LIMIT 1`.execute(tx);
  const row = older.rows[0] ?? (await sql<{ title: string; body: string }>`SELECT title, body FROM articles WHERE id = ${articleId}`.execute(tx)).rows[0];
  return { title: row.title, body: row.body.split('\n') };
}

async function insertChange(tx: PgTx, articleId: number, p: VersionPair, from: VersionText, to: VersionText, lang: string): Promise<void> {
  const change = versionChange(from, to, lang);
  const inserted = await sql<{ id: number }>`
    INSERT INTO version_changes (article_id, version, from_hash, to_hash, seen_at, granularity)
    VALUES (${articleId}, ${p.version}, ${p.from}, ${p.to}, ${p.seenAt}, ${change.granularity}) RETURNING id`.execute(tx);
  const changeId = inserted.rows[0].id;
  if (change.hunks.length === 0) return;
  await sql`INSERT INTO version_change_hunks (change_id, article_id, part, removed, added, before, after) VALUES ${sql.join(
    change.hunks.map((h) => sql`(${changeId}, ${articleId}, ${h.part}, ${h.removed}, ${h.added}, ${h.before}, ${h.after})`),
  )}`.execute(tx);
}
