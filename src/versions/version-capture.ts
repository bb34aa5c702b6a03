import type { TextCapture, VersionRow } from '../store/crawl-store.js';

/** Where a version's text came from: the first capture that read it, and how often it was read while current. */
export interface VersionCapture {
  /**
   * The capture cited for this text while it was the article's text: the first HTTP capture by this
   * archive, else the first capture (an import); null when none is recorded.
   */
  first: TextCapture | null;
  /** When this text was first read from a dump, if it was (it may also have been fetched since). */
  importedAt: string | null;
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
  if (i < 0) return { first: null, importedAt: null, count: 0, lastAt: null };
  const v = versions[i];
  const until = versions[i + 1]?.seenAt ?? null;
  const same = captures.filter((c) => c.contentHash === v.contentHash);
  const inWindow = same.filter((c) => c.takenAt >= v.seenAt && (until === null || c.takenAt < until));
  // A capture stamped slightly before the version's first sighting (clock, import dates) still read this text.
  const matched = inWindow.length ? inWindow : same.slice(0, 1);
  // An imported text that the crawler later fetched unchanged has an HTTP capture: that one is cited.
  const fetched = matched.find((c) => c.origin === 'crawl');
  const importedAt = matched.find((c) => c.origin !== 'crawl')?.takenAt ?? null;
  return { first: fetched ?? matched[0] ?? null, importedAt, count: matched.length, lastAt: matched.at(-1)?.takenAt ?? null };
}
