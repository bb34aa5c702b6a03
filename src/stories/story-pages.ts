import { sql, type Kysely } from 'kysely';
import { storyListItems, type ListMemberRow } from './reads.js';
import type { StoryListItem } from './stories.js';

/** Stories of two or more copies, each with its first publication. */
const grouped = sql`SELECT m.story_id, min(a.published) AS first FROM story_members m JOIN articles a ON a.id = m.article_id
                    GROUP BY m.story_id HAVING count(*) >= 2`;

/** How many stories of two or more copies there are (the list's total). */
export async function storyCount(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM (${grouped}) g`.execute(db);
  return Number(rows[0].n);
}

/**
 * Stories of two or more copies after `after` in the list's order (first publication descending, then
 * the newer story first), at most `limit`; either backend. The key is the story's first publication and
 * id, as the list shows them (`firstPublished`, `id`).
 */
export async function storiesAfter(db: Kysely<any>, after: { first: string; id: number } | null, limit: number): Promise<StoryListItem[]> {
  const { rows } = await sql<{ story_id: number }>`SELECT g.story_id FROM (${grouped}) g
    ${after ? sql`WHERE (g.first, g.story_id) < (${after.first}, ${after.id})` : sql``}
    ORDER BY g.first DESC, g.story_id DESC LIMIT ${limit}`.execute(db);
  const ids = rows.map((r) => Number(r.story_id));
  if (ids.length === 0) return [];
  const members = await sql<ListMemberRow>`SELECT m.story_id, a.id, a.title, a.published, a.lang, s.slug, s.name
     FROM story_members m JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = a.source_id
     WHERE m.story_id IN (${sql.join(ids)}) ORDER BY a.published, a.id`.execute(db);
  return storyListItems(ids, members.rows.map((r) => ({ ...r, story_id: Number(r.story_id), id: Number(r.id) })));
}
