import type { Anchors } from './anchors.js';
import type { Maybe } from './steps.js';
import type { StoryMember } from './stories.js';

export interface StoredSignature {
  /** Number of distinct shingles the signature was made from. */
  shingles: number;
  signature: Uint32Array;
}

export interface StoredText {
  body: string;
  published: string;
}

/** What language linking compares, as stored for one article (`story_anchors`). */
export interface StoredAnchors {
  articleId: number;
  family: string;
  lang: string;
  /** `YYYY-MM-DD` */
  day: string;
  anchors: Anchors;
}

/** An article linked to another one, with the language of the other. */
export interface LinkedVersion {
  other: number;
  confidence: number;
  lang: string;
}

/**
 * The reads and writes story clustering and language linking make (src/stories/clustering.ts), inside the
 * ingest transaction: signatures and LSH buckets, stories and their members, anchors and language links.
 * Each backend supplies the query bodies; SQLite's answer at once, PostgreSQL's with promises.
 */
export interface StoryRepository {
  /** Stores an article's signature; called before its candidates are looked up. */
  putSignature(articleId: number, shingles: number, signature: Uint32Array): Maybe<void>;
  /** Article ids in the buckets of `keys`, once per bucket they share. */
  bucketMembers(keys: readonly number[]): Maybe<number[]>;
  /** Puts an article into the buckets of `keys`. */
  addBands(keys: readonly number[], articleId: number): Maybe<void>;
  signatures(articleIds: readonly number[]): Maybe<Map<number, StoredSignature>>;
  texts(articleIds: readonly number[]): Maybe<Map<number, StoredText>>;
  storyOfArticle(articleId: number): Maybe<number | null>;
  createStory(createdAt: string): Maybe<number>;
  /** Adds a member; an article already in a story stays where it is. */
  addMember(articleId: number, storyId: number, how: StoryMember['how'], matchedId: number | null, similarity: number | null): Maybe<void>;
  /** Sets a story's size to its number of members. */
  updateSize(storyId: number): Maybe<void>;
  sourceSlug(sourceId: number): Maybe<string | null>;
  /** Changes whenever stored anchors may have changed other than through this repository (cached windows are then read again). */
  windowStamp(): Maybe<number>;
  /** The anchors stored for a source family and day. */
  anchorsOn(family: string, day: string): Maybe<StoredAnchors[]>;
  putAnchors(row: StoredAnchors): Maybe<void>;
  linksOf(articleId: number): Maybe<LinkedVersion[]>;
  /** Stores a link, lower id first. */
  putLink(lowId: number, highId: number, confidence: number): Maybe<void>;
  deleteLink(lowId: number, highId: number): Maybe<void>;
}
