// What both backends do with the rows they read for the pages: links scored again, members grouped into the story list.

import type { StoryConfig } from './config.js';
import { preparedConfidence, prepareSide, type PreparedSide } from './language-links.js';
import type { StoredAnchors } from './repository.js';
import { firstPublication, type LanguageLink, type StoryListItem, type StoryMember } from './stories.js';

export interface LinkRow {
  id: number;
  title: string;
  published: string;
  url: string;
  lang: string;
  source_slug: string;
  source_name: string;
  confidence: number;
}

export function linkingSide(r: StoredAnchors | null): PreparedSide | null {
  return r ? prepareSide({ lang: r.lang, published: r.day, family: r.family, anchors: r.anchors }) : null;
}

/**
 * Language links most confident first, each marked `shown`. The confidence is scored again from the stored
 * anchors, so a link stored by an earlier version of the score reads as the current score rates it.
 */
export function scoredLinks(rows: readonly LinkRow[], me: PreparedSide | null, sides: ReadonlyMap<number, PreparedSide | null>, config: StoryConfig): LanguageLink[] {
  return rows
    .map((r) => {
      const other = me ? sides.get(r.id) ?? null : null;
      const confidence = me && other ? Math.round(preparedConfidence(me, other, config.linkWindowDays) * 1000) / 1000 : r.confidence;
      return {
        id: r.id,
        lang: r.lang,
        confidence,
        shown: confidence >= config.linkShown,
        title: r.title,
        published: r.published,
        url: r.url,
        sourceSlug: r.source_slug,
        sourceName: r.source_name,
      };
    })
    .sort((a, b) => b.confidence - a.confidence || a.id - b.id);
}

export interface MemberRow {
  id: number;
  title: string;
  published: string;
  url: string;
  lang: string;
  duplicate_of: number | null;
  source_slug: string;
  source_name: string;
  how: string;
  matched_id: number | null;
  similarity: number | null;
}

export function toMember(r: MemberRow): StoryMember {
  return {
    id: r.id,
    title: r.title,
    published: r.published,
    url: r.url,
    lang: r.lang,
    sourceSlug: r.source_slug,
    sourceName: r.source_name,
    duplicateOf: r.duplicate_of,
    how: r.how as StoryMember['how'],
    matchedId: r.matched_id,
    similarity: r.similarity,
  };
}

export interface ListMemberRow {
  story_id: number;
  id: number;
  title: string;
  published: string;
  lang: string;
  slug: string;
  name: string;
}

/** The list entries of the stories `ids` (in that order) from their members, ordered by publication then id. */
export function storyListItems(ids: readonly number[], rows: readonly ListMemberRow[]): StoryListItem[] {
  const byStory = new Map<number, ListMemberRow[]>(ids.map((id) => [id, []]));
  for (const r of rows) byStory.get(r.story_id)!.push(r);
  return ids.map((id) => {
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
  });
}
