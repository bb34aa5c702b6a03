import type Database from 'better-sqlite3';
import { firstPublication } from '../stories.js';

/** One story in the list of stories: its first publication's headline and date, where and in what languages it ran. */
export interface StoryListItem {
  id: number;
  /** The first publication's title, language and article. */
  title: string;
  lang: string;
  firstId: number;
  firstPublished: string;
  lastPublished: string;
  /** Stored copies (articles) in the story. */
  copies: number;
  /** The outlets that ran it, in order of their first copy. */
  sources: { slug: string; name: string }[];
  /** The languages of its copies, in order of their first copy. */
  languages: string[];
}

interface MemberRow {
  story_id: number;
  id: number;
  title: string;
  published: string;
  lang: string;
  slug: string;
  name: string;
}

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
    .prepare<number[], MemberRow>(
      `SELECT m.story_id, a.id, a.title, a.published, a.lang, s.slug, s.name
       FROM story_members m JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = a.source_id
       WHERE m.story_id IN (${ids.map(() => '?').join(',')}) ORDER BY a.published, a.id`,
    )
    .all(...ids);
  const byStory = new Map<number, MemberRow[]>(ids.map((id) => [id, []]));
  for (const r of rows) byStory.get(r.story_id)!.push(r);
  return {
    total,
    items: ids.map((id) => {
      const members = byStory.get(id)!;
      const first = firstPublication(members)!;
      const sources = new Map<string, string>();
      for (const m of members) if (!sources.has(m.slug)) sources.set(m.slug, m.name);
      return {
        id,
        title: first.title,
        lang: first.lang,
        firstId: first.id,
        firstPublished: first.published,
        lastPublished: members[members.length - 1].published,
        copies: members.length,
        sources: [...sources].map(([slug, name]) => ({ slug, name })),
        languages: [...new Set(members.map((m) => m.lang))],
      };
    }),
  };
}
