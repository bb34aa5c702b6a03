/**
 * Story clustering and language-linking settings. The defaults are the thresholds chosen from the
 * labelled pairs in testdata/stories (see docs/stories.md for the measurements behind each one).
 */
export interface StoryConfig {
  /** MinHash signature length (number of hash functions); must equal bands × rows. */
  permutations: number;
  /** LSH bands and rows per band: a pair with Jaccard s becomes a candidate with probability 1 − (1 − s^rows)^bands. */
  bands: number;
  rows: number;
  /** Words per shingle (Latin and other space-separated scripts). */
  wordShingle: number;
  /** Syllables per shingle for Hangul text (character shingles; Korean spacing varies between copies). */
  hangulShingle: number;
  /** A candidate joins the story when the exact Jaccard of the shingle sets reaches this… */
  jaccard: number;
  /** …or when the shorter text's shingles are this much contained in the longer one (a cut reprint)… */
  containment: number;
  /** …and the shorter text has at least this many shingles (tiny texts share boilerplate, not stories). */
  minShingles: number;
  /** Candidates whose MinHash estimate falls below this are not checked exactly. */
  estimateFloor: number;
  /** At most this many candidates (most band hits first) are checked for one article. */
  maxCandidates: number;
  /** Language links: days either side of the publication date searched for a translation. */
  linkWindowDays: number;
  /** Language links: the least confidence at which a link is kept. */
  linkConfidence: number;
}

export const DEFAULT_STORY_CONFIG: StoryConfig = {
  permutations: 64,
  bands: 16,
  rows: 4,
  wordShingle: 3,
  hangulShingle: 4,
  jaccard: 0.5,
  containment: 0.8,
  minShingles: 12,
  estimateFloor: 0.25,
  maxCandidates: 40,
  linkWindowDays: 3,
  linkConfidence: 0.35,
};
