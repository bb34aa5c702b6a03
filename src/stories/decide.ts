// Whether two articles are copies of one story: the exact similarity of their shingle sets, how far apart
// they were published, and whether names and numbers differ (the same template filled in for another
// ambassador, country or date is another story).

import { type Anchors } from './anchors.js';
import type { StoryConfig } from './config.js';
import { dayDistance } from './language-links.js';
import { similarity } from './minhash.js';

export interface StoryCopy {
  shingles: Uint32Array;
  anchors: Anchors;
  /** `YYYY-MM-DD` */
  published: string;
}

export interface StoryDecision {
  same: boolean;
  /** Jaccard, or containment for a cut copy: what ranks several matches. */
  score: number;
  jaccard: number;
  containment: number;
  days: number;
  /** Weight of names and numbers found in only one of the two texts. */
  novel: number;
}

/** Σ weight of anchors (names and numbers) present in exactly one of the two sets. */
export function novelAnchors(x: Anchors, y: Anchors): number {
  let i = 0;
  let j = 0;
  let novel = 0;
  while (i < x.hashes.length || j < y.hashes.length) {
    if (j >= y.hashes.length || (i < x.hashes.length && x.hashes[i] < y.hashes[j])) novel += x.weights[i++];
    else if (i >= x.hashes.length || y.hashes[j] < x.hashes[i]) novel += y.weights[j++];
    else {
      i++;
      j++;
    }
  }
  return novel;
}

export function decide(x: StoryCopy, y: StoryCopy, c: StoryConfig): StoryDecision {
  const sim = similarity(x.shingles, y.shingles);
  const days = dayDistance(x.published, y.published);
  const novel = novelAnchors(x.anchors, y.anchors);
  let same = false;
  if (sim.smaller >= c.minShingles) {
    if (days <= c.sameStoryDays) {
      // Near in time: nearly the same text (edits may touch a few names), or a close text with the same names and numbers.
      same =
        (sim.jaccard >= c.jaccard && novel <= c.maxNovel) ||
        ((sim.jaccard >= c.closeJaccard || sim.containment >= c.containment) && novel <= c.closeMaxNovel);
    } else {
      // Far apart only a long text re-run almost unchanged (a feature) stays one story; short notices are templates.
      same = sim.jaccard >= c.farJaccard && sim.smaller >= c.farMinShingles && novel <= c.farMaxNovel;
    }
  }
  return { same, score: Math.max(sim.jaccard, sim.containment * 0.99), jaccard: sim.jaccard, containment: sim.containment, days, novel };
}
