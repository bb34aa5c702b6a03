// Locality-sensitive hashing by banding: a signature of bands × rows values is cut into bands; two
// articles are candidates when any band hashes to the same bucket.

import { fmix32 } from './shingles.js';

/**
 * One bucket key per band: the band's number in the high bits and a 32-bit hash of its rows in the low
 * bits, so one integer column holds every band (keys stay below 2^53).
 */
export function bandKeys(sig: Uint32Array, bands: number, rows: number): number[] {
  if (sig.length < bands * rows) throw new Error(`signature of ${sig.length} values is shorter than ${bands} bands × ${rows} rows`);
  const keys: number[] = [];
  for (let b = 0; b < bands; b++) {
    let h = 0x2545f491 ^ b;
    for (let r = 0; r < rows; r++) h = fmix32((h ^ sig[b * rows + r]) >>> 0);
    keys.push(b * 0x100000000 + h);
  }
  return keys;
}

/** Probability that a pair with Jaccard similarity `s` shares at least one band: 1 − (1 − s^r)^b. */
export function candidateProbability(s: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

/** The similarity at which the candidate probability rises fastest, about (1/b)^(1/r). */
export function bandingThreshold(bands: number, rows: number): number {
  return Math.pow(1 / bands, 1 / rows);
}

/**
 * A bucket key (band · 2³² + 32-bit hash) mixed into 32 bits, both parts: in-memory tables of keys take
 * their slot from its top bits.
 */
export function bandKeyHash(key: number): number {
  const low = key >>> 0;
  const band = (key - low) / 4294967296;
  return Math.imul(low ^ Math.imul(band + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
}
