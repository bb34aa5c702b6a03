const HOUR = 3_600_000;

/** Recheck delays after a capture: 1 h, 6 h, 1 d, 3 d, 7 d, 30 d, then every 30 days. */
export const DEFAULT_RECHECK_HOURS = [1, 6, 24, 72, 168, 720];

/** Delay before the recheck at `step` (0 = the first recheck after a capture); the last delay repeats. */
export function recheckDelayMs(step: number, hours: number[] = DEFAULT_RECHECK_HOURS): number {
  return hours[Math.min(Math.max(0, step), hours.length - 1)] * HOUR;
}

/** After a failed fetch (network, timeout, server error): 10 min, 20 min, 40 min … at most a day. */
export function failureDelayMs(failures: number): number {
  return Math.min(24 * HOUR, 10 * 60_000 * 2 ** Math.max(0, failures));
}

export function isoAfter(from: Date | number, ms: number): string {
  return new Date((typeof from === 'number' ? from : from.getTime()) + ms).toISOString();
}

/** For URLs that are never rechecked (a feed's own text has no page to recheck). */
export const NEVER = '9999-12-31T00:00:00.000Z';
