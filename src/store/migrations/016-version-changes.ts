import { CompiledQuery, sql, type Kysely } from 'kysely';
import { versionChange } from '../../versions/changes.js';
import {
  hunkIndexText,
  INSERT_CHANGE,
  INSERT_FTS,
  INSERT_HUNK,
  orderVersions,
  VERSION_CHANGES_DDL,
  versionPairs,
} from '../version-changes.js';

/**
 * What each version changed (see src/store/version-changes.ts), for `removed:` and `added:` queries;
 * every article stored with two versions or more gets its changes here, as ingest would record them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of VERSION_CHANGES_DDL) await sql.raw(stmt).execute(db);
  const articles = await sql<{ article_id: number }>`SELECT DISTINCT article_id FROM versions ORDER BY article_id`.execute(db);
  for (const { article_id: id } of articles.rows) {
    const cur = (
      await sql<{ title: string; body: string; hash: string; seenAt: string; lang: string }>`
        SELECT title, body, content_hash AS hash, coalesce(text_seen_at, first_seen) AS "seenAt", lang FROM articles WHERE id = ${id}`.execute(db)
    ).rows[0];
    if (!cur) continue;
    const older = (
      await sql<{ title: string; body: string; hash: string; seenAt: string }>`
        SELECT title, body, content_hash AS hash, seen_at AS "seenAt" FROM versions WHERE article_id = ${id} ORDER BY seen_at, id`.execute(db)
    ).rows;
    const texts = new Map<string, { title: string; body: string }>([[cur.hash, cur]]);
    for (const v of older) if (!texts.has(v.hash)) texts.set(v.hash, v);
    const text = (hash: string) => ({ title: texts.get(hash)!.title, body: texts.get(hash)!.body.split('\n') });
    for (const p of versionPairs(orderVersions(older, cur))) {
      const change = versionChange(text(p.from), text(p.to), cur.lang);
      const inserted = await db.executeQuery(CompiledQuery.raw(INSERT_CHANGE, [id, p.version, p.from, p.to, p.seenAt, change.granularity]));
      const changeId = Number(inserted.insertId);
      for (const h of change.hunks) {
        const hunk = await db.executeQuery(CompiledQuery.raw(INSERT_HUNK, [changeId, id, h.part, h.removed, h.added, h.before, h.after]));
        await db.executeQuery(CompiledQuery.raw(INSERT_FTS, [Number(hunk.insertId), ...hunkIndexText(h)]));
      }
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['version_change_fts', 'version_change_hunks', 'version_changes']) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
