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

/** A story with its members, oldest publication first. */
export interface StoryDetail {
  id: number;
  size: number;
  createdAt: string;
  members: StoryMember[];
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

export interface RebuildSummary {
  articles: number;
  stories: number;
  links: number;
  seconds: number;
}

/**
 * Everything the pages, the API, search (collapse=story) and the CLI ask of stories, whatever the
 * archive's database. Clustering itself runs inside the ingest transaction (each backend's hook).
 */
export interface Stories {
  /** The story an article belongs to, or null. */
  storyOf(articleId: number): Promise<StoryRef | null>;
  story(storyId: number): Promise<StoryDetail | null>;
  /**
   * An article's versions in other languages, most confident first, each marked `shown` when its confidence
   * reaches `linkShown`.
   */
  languageLinks(articleId: number): Promise<LanguageLink[]>;
  /** The story of each given article that belongs to one (for collapsing search results). */
  storyIdsFor(articleIds: readonly number[]): Promise<Map<number, number>>;
  /** Stories of two or more copies, newest first by first publication, one page at a time, with the total. */
  recentStories(page: number, perPage: number): Promise<{ total: number; items: StoryListItem[] }>;
  /** Clusters and links every stored article again, from scratch, in id order. */
  rebuild(onProgress?: (done: number, total: number) => void): Promise<RebuildSummary>;
}

/** The earliest member: the first publication (ties go to the lowest id, the first stored). */
export function firstPublication<T extends { published: string; id: number }>(members: readonly T[]): T | null {
  let first: T | null = null;
  for (const m of members) if (!first || m.published < first.published || (m.published === first.published && m.id < first.id)) first = m;
  return first;
}
