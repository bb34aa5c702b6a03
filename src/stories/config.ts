/**
 * Story clustering and language-linking settings. The defaults are the thresholds chosen from the
 * labelled pairs in testdata/stories (`npm run eval:stories -- --sweep`; docs/stories.md has the figures).
 */
export interface StoryConfig {
  /** MinHash signature length (number of hash functions); must be at least bands × rows. */
  permutations: number;
  /** LSH bands and rows per band: a pair with Jaccard s becomes a candidate with probability 1 − (1 − s^rows)^bands. */
  bands: number;
  rows: number;
  /** Words per shingle (Latin and other space-separated scripts). */
  wordShingle: number;
  /** Syllables per shingle for Hangul text (character shingles; Korean spacing varies between copies). */
  hangulShingle: number;
  /**
   * Copies published at most `sameStoryDays` apart are one story when their shingle sets' Jaccard reaches
   * `jaccard` and at most `maxNovel` weight of names and numbers appears in only one of them…
   */
  sameStoryDays: number;
  jaccard: number;
  maxNovel: number;
  /**
   * …or when the Jaccard reaches `closeJaccard` (or the shorter text is `containment` contained in the
   * longer one: a cut copy) and names and numbers differ by at most `closeMaxNovel`.
   */
  closeJaccard: number;
  containment: number;
  closeMaxNovel: number;
  /** Copies further apart must reach `farJaccard`, have `farMinShingles` shingles and differ by ≤ `farMaxNovel`. */
  farJaccard: number;
  farMinShingles: number;
  farMaxNovel: number;
  /** No text shorter than this many shingles joins a story (tiny texts share boilerplate, not stories). */
  minShingles: number;
  /** Candidates whose MinHash estimate falls below this are not checked exactly. */
  estimateFloor: number;
  /** At most this many candidates (most band hits first) are checked for one article. */
  maxCandidates: number;
  /** Language links: days either side of the publication date searched for a translation. */
  linkWindowDays: number;
  /** Language links: the least confidence at which a link is kept (and returned by the API). */
  linkConfidence: number;
  /**
   * Language links: the least confidence at which a link is shown on the pages (`shown: true` in the API);
   * links between `linkConfidence` and this are kept and returned with `shown: false`. Chosen so that shown
   * links are right at least 95 % of the time on the labelled links (`npm run eval:stories`).
   */
  linkShown: number;
}

export const DEFAULT_STORY_CONFIG: StoryConfig = {
  permutations: 64,
  bands: 12,
  rows: 5,
  wordShingle: 3,
  hangulShingle: 4,
  sameStoryDays: 7,
  jaccard: 0.95,
  maxNovel: 8,
  closeJaccard: 0.8,
  containment: 0.9,
  closeMaxNovel: 1,
  farJaccard: 0.9,
  farMinShingles: 100,
  farMaxNovel: 2,
  minShingles: 12,
  estimateFloor: 0.5,
  maxCandidates: 40,
  linkWindowDays: 1,
  linkConfidence: 0.1,
  linkShown: 0.25,
};
