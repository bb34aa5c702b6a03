import { sql, type Kysely } from 'kysely';
import { CREATE_SEARCH_FTS, INDEX_PLAIN_ROWS, SEARCH_FTS_CONFIG, SELECT_HANGUL_ROWS } from '../../search/sqlite/ddl.js';
import { indexForm } from '../../search/text/tokens.js';

/** The search index (see src/search/sqlite/ddl.ts); articles already stored are indexed here. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(CREATE_SEARCH_FTS).execute(db);
  for (const stmt of SEARCH_FTS_CONFIG) await sql.raw(stmt).execute(db);
  const max = await sql<{ m: number | null }>`SELECT max(id) AS m FROM articles`.execute(db);
  const top = Number(max.rows[0]?.m ?? 0);
  if (top === 0) return;
  await sql.raw(INDEX_PLAIN_ROWS.replace('id > ? AND id <= ?', `id > 0 AND id <= ${top}`)).execute(db);
  const korean = await sql
    .raw<{ id: number; title: string; body: string }>(SELECT_HANGUL_ROWS.replace('id > ? AND id <= ?', `id > 0 AND id <= ${top}`))
    .execute(db);
  for (const r of korean.rows) {
    await sql`INSERT INTO search_fts(rowid, title, body) VALUES (${r.id}, ${indexForm(r.title)}, ${indexForm(r.body)})`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
}
