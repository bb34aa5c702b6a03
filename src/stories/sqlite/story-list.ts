import type Database from 'better-sqlite3';
import { storyListItems, type ListMemberRow } from '../reads.js';
import type { StoryListItem } from '../stories.js';

export type { StoryListItem } from '../stories.js';

/**
 * Stories of two or more copies, newest first by first publication (then the newer story first), one page
 * at a time, with the total.
 */
export function recentStories(raw: Database.Database, page: number, perPage: number): { total: number; items: StoryListItem[] } {
  const grouped = `SELECT m.story_id, min(a.published) AS first FROM story_members m JOIN articles a ON a.id = m.article_id
                   GROUP BY m.story_id HAVING count(*) >= 2`;
  const total = Number(raw.prepare(`SELECT count(*) FROM (${grouped})`).pluck().get());
  const ids = raw
    .prepare<[number, number], number>(`SELECT story_id FROM (${grouped}) ORDER BY first DESC, story_id DESC LIMIT ? OFFSET ?`)
    .pluck()
    .all(perPage, Math.max(0, page - 1) * perPage);
  if (ids.length === 0) return { total, items: [] };
  const rows = raw
    .prepare<number[], ListMemberRow>(
      `SELECT m.story_id, a.id, a.title, a.published, a.lang, s.slug, s.name
       FROM story_members m JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = a.source_id
       WHERE m.story_id IN (${ids.map(() => '?').join(',')}) ORDER BY a.published, a.id`,
    )
    .all(...ids);
  return { total, items: storyListItems(ids, rows) };
}
