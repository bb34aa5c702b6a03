import type { TextCapture, VersionRow } from '../store/crawl-store.js';

/** Where a version's text came from: the first capture that read it, and how often it was read while current. */
export interface VersionCapture {
  /** The first capture of this text while it was the article's text (null: none recorded). */
  first: TextCapture | null;
  /** Captures that read this text while it was current. */
  count: number;
  lastAt: string | null;
}

/**
 * Captures are matched to a version by the hash of the text they read, within the time the version was
 * current (from its first sighting to the next version's): a text that comes back later is another version.
 */
export function versionCapture(versions: VersionRow[], captures: TextCapture[], n: number): VersionCapture {
  const i = versions.findIndex((v) => v.n === n);
  if (i < 0) return { first: null, count: 0, lastAt: null };
  const v = versions[i];
  const until = versions[i + 1]?.seenAt ?? null;
  const same = captures.filter((c) => c.contentHash === v.contentHash);
  const inWindow = same.filter((c) => c.takenAt >= v.seenAt && (until === null || c.takenAt < until));
  // A capture stamped slightly before the version's first sighting (clock, import dates) still read this text.
  const matched = inWindow.length ? inWindow : same.slice(0, 1);
  return { first: matched[0] ?? null, count: matched.length, lastAt: matched.at(-1)?.takenAt ?? null };
}
