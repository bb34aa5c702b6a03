/** What the pages and the API know about stories and language versions. */

import type { ArticleSummary } from '../store/store.js';

export interface StoryRef {
  id: number;
  size: number;
}

export interface StoryMatch {
  articleId: number;
  /** Jaccard of the shingle sets (or containment, for a cut copy). */
  similarity: number;
}

/** An article of a story: its summary (without status) and how it joined. */
export interface StoryMember extends Omit<ArticleSummary, 'status'> {
  /** `founder`: the story grew from it; `exact`: the same normalized body; `near`: a close copy. */
  how: 'founder' | 'exact' | 'near';
  matchedId: number | null;
  similarity: number | null;
}

export interface LanguageLink {
  id: number;
  lang: string;
  confidence: number;
  /** Confidence reaches `StoryConfig.linkShown`: pages list the link; below it only the API returns it. */
  shown: boolean;
  title: string;
  published: string;
  url: string;
  sourceSlug: string;
  sourceName: string;
}

/** The earliest member: the first publication (ties go to the lowest id, the first stored). */
export function firstPublication<T extends { published: string; id: number }>(members: readonly T[]): T | null {
  let first: T | null = null;
  for (const m of members) if (!first || m.published < first.published || (m.published === first.published && m.id < first.id)) first = m;
  return first;
}
