// Everything clustering and language linking need from one article, computed once, off the main
// thread during imports (src/import/prepare.ts) and on the spot for crawled articles.

import { bodyAndMergedAnchors, type Anchors } from './anchors.js';
import { DEFAULT_STORY_CONFIG, type StoryConfig } from './config.js';
import { minhash, permutations } from './minhash.js';
import { shingleSet, storyText, uniqueShingles } from './shingles.js';

export interface StoryFeatures {
  /** Shingle hashes of the body (without the dateline), without repeats, in no particular order until compared. */
  shingles: Uint32Array;
  /** MinHash signature of `shingles`. */
  signature: Uint32Array;
  /** Names and numbers of title and body (language links). */
  anchors: Anchors;
  /** Names and numbers of the body alone (telling copies of a template apart). */
  bodyAnchors: Anchors;
}

export function storyFeatures(article: { title: string; paragraphs: readonly string[] }, config: StoryConfig = DEFAULT_STORY_CONFIG): StoryFeatures {
  const text = storyText(article.paragraphs);
  const shingles = uniqueShingles(text, config.wordShingle, config.hangulShingle);
  const { body, merged } = bodyAndMergedAnchors(text, article.title);
  return {
    shingles,
    signature: minhash(shingles, permutations(config.permutations)),
    anchors: merged,
    bodyAnchors: body,
  };
}

/** Shingles alone (to confirm a candidate read back from the archive). */
export function shinglesOf(paragraphs: readonly string[], config: StoryConfig = DEFAULT_STORY_CONFIG): Uint32Array {
  return shingleSet(storyText(paragraphs), config.wordShingle, config.hangulShingle);
}
