// Cross-language links: versions of one story in different languages, found without URLs from the
// publication dates, the source family, what survives translation (anchors) and the length ratio.

import { anchorWeights, sharedWeight, type Anchors } from './anchors.js';
import { dayNumberOf } from '../dates/calendar.js';
import { DEFAULT_STORY_CONFIG } from './config.js';

export interface LinkSide {
  lang: string;
  /** `YYYY-MM-DD` */
  published: string;
  family: string;
  anchors: Anchors;
}

/** Letters and digits of a version in `lang` per letter and digit of its English original (measured on labelled pairs). */
const LENGTH_PER_ENGLISH: Record<string, number> = { en: 1, es: 1.13, ko: 0.36 };

/** The outlet behind a source, whatever its language or mirror: `kcna-kp-ko`, `kcna-co-jp` → `kcna`. */
export function sourceFamily(slug: string): string {
  return slug.replace(/-(en|ko|es|fr|ru|zh|ja|ar|de)$/, '').replace(/-(kp|co-jp|rep-kp)$/, '');
}

const dayNumbers = new Map<string, number>();

/** Days since 1970 of a `YYYY-MM-DD` date (memoized: linking compares the same few days many times). */
function dayNumber(day: string): number {
  let n = dayNumbers.get(day);
  if (n === undefined) {
    n = dayNumberOf(day);
    if (dayNumbers.size > 100_000) dayNumbers.clear();
    dayNumbers.set(day, n);
  }
  return n;
}

export function dayDistance(a: string, b: string): number {
  return Math.abs(dayNumber(a) - dayNumber(b));
}

export interface LinkScore {
  confidence: number;
  dice: number;
  shared: number;
  lengthFactor: number;
  dateFactor: number;
}

/**
 * The score's factor for the days between the two publication dates. In the labelled pairs
 * (testdata/stories) a translation appears the same day (347 pairs) or the next (55), never later, while
 * wrong links are spread over the whole window (61 the same day, 106 one day, 88 two or three days apart):
 * one day apart costs much, more is not a candidate (`linkWindowDays`).
 */
const DATE_FACTOR = [1, 0.6];

/** A side with what scoring needs worked out once: it is compared with every article in its window. */
export interface PreparedSide {
  lang: string;
  family: string;
  day: number;
  anchors: Anchors;
  /** Letters and digits per letter and digit of the English original. */
  englishLength: number;
  korean: boolean;
  weights: { all: number; withoutNames: number };
}

export function prepareSide(x: LinkSide): PreparedSide {
  return {
    lang: x.lang,
    family: x.family,
    day: dayNumber(x.published),
    anchors: x.anchors,
    englishLength: x.anchors.length / (LENGTH_PER_ENGLISH[x.lang] ?? 1),
    korean: x.lang === 'ko',
    weights: anchorWeights(x.anchors),
  };
}

/**
 * Confidence in [0, 1] that two articles in different languages are versions of one story: the weighted
 * overlap of their anchors, lowered when their lengths do not fit a translation or their dates lie apart.
 * Zero across source families or for the same language.
 */
export function linkScore(x: LinkSide, y: LinkSide, windowDays = DEFAULT_STORY_CONFIG.linkWindowDays, floor = 0): LinkScore {
  return preparedLinkScore(prepareSide(x), prepareSide(y), windowDays, floor);
}

const NONE: LinkScore = { confidence: 0, dice: 0, shared: 0, lengthFactor: 0, dateFactor: 0 };

/** `linkScore` of prepared sides. */
function preparedLinkScore(x: PreparedSide, y: PreparedSide, windowDays = DEFAULT_STORY_CONFIG.linkWindowDays, floor = 0): LinkScore {
  const parts = scoreParts(x, y, windowDays, floor);
  if (parts === null) return NONE;
  const { lengthFactor, dateFactor } = scratch;
  if (parts === false) return { ...NONE, lengthFactor, dateFactor };
  const { dice, shared } = scratch;
  return { confidence: confidenceOf(scratch), dice, shared, lengthFactor, dateFactor };
}

/** Only the confidence of `preparedLinkScore`, allocating nothing (the linker scores every article in a window). */
export function preparedConfidence(x: PreparedSide, y: PreparedSide, windowDays = DEFAULT_STORY_CONFIG.linkWindowDays, floor = 0): number {
  // Most pairs of a window fail on length alone: a ratio outside the bounds for their date distance is
  // turned away without the logarithm and exponential (the bounds are a hair wider than the exact test).
  if (floor > 0) {
    const bounds = ratioBounds(floor);
    const days = Math.abs(x.day - y.day);
    if (days < bounds.length) {
      const r = x.englishLength / y.englishLength;
      if (r > bounds[days] || r * bounds[days] < 1) return 0;
    }
  }
  return scoreParts(x, y, windowDays, floor) === true ? confidenceOf(scratch) : 0;
}

let boundsFloor = -1;
let bounds: number[] = [];

/**
 * For each date distance, the length ratio beyond which (or below whose inverse) length and date alone keep
 * a pair under `floor`: lengthFactor · dateFactor < floor ⇔ |ln ratio| > 0.35·√ln(dateFactor / floor).
 * 0 where the date factor alone is under `floor` (every ratio fails).
 */
function ratioBounds(floor: number): number[] {
  if (floor !== boundsFloor) {
    boundsFloor = floor;
    bounds = DATE_FACTOR.map((dateFactor) => {
      if (dateFactor < floor) return 0;
      return Math.exp(0.35 * Math.sqrt(Math.log(dateFactor / floor))) * (1 + 1e-9);
    });
  }
  return bounds;
}

const scratch = { dice: 0, shared: 0, lengthFactor: 0, dateFactor: 0 };

function confidenceOf(p: typeof scratch): number {
  // Two shared anchors could be chance; the confidence grows with the evidence.
  const evidence = Math.min(1, p.shared / 4);
  return p.dice * p.lengthFactor * p.dateFactor * (0.5 + 0.5 * evidence);
}

/** Fills `scratch`: null when the pair cannot link at all, false when length and date keep it under `floor`. */
function scoreParts(x: PreparedSide, y: PreparedSide, windowDays: number, floor: number): boolean | null {
  if (x.lang === y.lang || x.family !== y.family) return null;
  const days = Math.abs(x.day - y.day);
  if (days > windowDays) return null;
  // Hangul has no names spelled as in Latin script: only numbers and gazetteer names can match there.
  const lx = x.englishLength;
  const ly = y.englishLength;
  const dev = lx > 0 && ly > 0 ? Math.abs(Math.log(lx / ly)) : 10;
  // A translation's length stays within about ±30 % of the expected ratio.
  scratch.lengthFactor = Math.exp(-Math.pow(dev / 0.35, 2));
  scratch.dateFactor = DATE_FACTOR[days] ?? DATE_FACTOR[DATE_FACTOR.length - 1];
  // The anchor overlap is at most 1: a pair whose length and date already keep it under `floor` is not compared.
  if (scratch.lengthFactor * scratch.dateFactor < floor) return false;
  const namesAlike = x.korean === y.korean;
  const sx = namesAlike ? x.weights.all : x.weights.withoutNames;
  const sy = namesAlike ? y.weights.all : y.weights.withoutNames;
  const shared = sharedWeight(x.anchors, y.anchors, namesAlike);
  scratch.shared = shared;
  scratch.dice = sx + sy === 0 ? 0 : (2 * shared) / (sx + sy);
  return true;
}
