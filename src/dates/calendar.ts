/** Calendar helpers on plain `YYYY-MM-DD` strings: no time zones involved. */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function isValidYmd({ y, m, d }: Ymd): boolean {
  if (!Number.isInteger(y) || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function formatYmd({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parseYmd(s: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return null;
  const v = { y: +m[1], m: +m[2], d: +m[3] };
  return isValidYmd(v) ? v : null;
}

export function dayNumber({ y, m, d }: Ymd): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` string, any year (shifted test corpora go past 2200); 0 when it is not a date. */
export function dayNumberOf(ymd: string): number {
  const t = Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10)));
  return Number.isNaN(t) ? 0 : Math.floor(t / 86_400_000);
}

/** Juche year = CE year − 1911 (Juche 1 = 1912). */
export function jucheToCe(juche: number): number {
  return juche + 1911;
}

/**
 * A dateline gives month and day only. Picks the year that puts the date nearest the reference
 * (listing or capture) date, so a 31 December dateline listed on 1 January is last year's.
 */
export function inferYear(month: number, day: number, reference: Ymd): Ymd | null {
  let best: Ymd | null = null;
  let bestDist = Infinity;
  for (const y of [reference.y - 1, reference.y, reference.y + 1]) {
    const cand = { y, m: month, d: day };
    if (!isValidYmd(cand)) continue;
    const dist = Math.abs(dayNumber(cand) - dayNumber(reference));
    if (dist < bestDist) {
      best = cand;
      bestDist = dist;
    }
  }
  // Farther than ~half a year means the month/day did not belong to this reference at all.
  return best && bestDist <= 183 ? best : null;
}
