/**
 * Which days the archive covers, read from the sources' own article counts per day.
 *
 * The rule: a day on which the outlets read hold at least a quarter of their usual daily volume (the
 * median of their days with articles; at least one article) is covered; so is a run of at most `MAX_HOLE`
 * days below that between two covered days (an outlet's day off, a day the mirror did not list). A longer
 * run, and everything before the first and after the last covered day, is not covered: the archive has no
 * data there (or only stray articles of a thinly collected stretch), and a leader's absence cannot be read
 * from it.
 */
export const MAX_HOLE = 3;
/** The share of the usual daily volume that makes a day covered. */
export const MIN_SHARE = 0.25;

export interface Span {
  from: string;
  to: string;
  /** Calendar days from `from` to `to`, both counted. */
  days: number;
}

export interface Coverage {
  /** Covered stretches, oldest first. */
  spans: Span[];
  /** Stretches without data between the first and the last covered day, oldest first. */
  gaps: Span[];
  first: string | null;
  last: string | null;
}

/** Day numbers already read: pages look up the same few thousand days many times over. */
const dayNos = new Map<string, number>();

export function dayNo(ymd: string): number {
  let n = dayNos.get(ymd);
  if (n === undefined) {
    n = Math.round(Date.parse(`${ymd}T00:00:00Z`) / 86_400_000);
    if (dayNos.size < 200_000) dayNos.set(ymd, n);
  }
  return n;
}

export function ymdOf(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

const span = (a: number, b: number): Span => ({ from: ymdOf(a), to: ymdOf(b), days: b - a + 1 });

/**
 * Coverage from article counts per day (days without articles may be left out). Each outlet (`source`) is
 * measured against its own usual volume, so a thin outlet (a few articles a day) is not judged by a busy
 * one; a day any outlet covers is covered. `alsoCovered` days (a reported appearance) are covered: the
 * archive plainly holds that day's reporting.
 */
export function coverageFromDays(
  days: readonly { day: string; articles: number; source?: string | number }[],
  maxHole = MAX_HOLE,
  alsoCovered: readonly string[] = [],
): Coverage {
  const perSource = new Map<string | number | undefined, Map<number, number>>();
  for (const d of days) {
    if (!(d.articles > 0) || !/^\d{4}-\d{2}-\d{2}$/.test(d.day)) continue;
    const perDay = perSource.get(d.source) ?? new Map<number, number>();
    perSource.set(d.source, perDay);
    perDay.set(dayNo(d.day), (perDay.get(dayNo(d.day)) ?? 0) + d.articles);
  }
  const covered = new Set<number>(alsoCovered.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).map(dayNo));
  for (const perDay of perSource.values()) {
    const counts = [...perDay.values()].sort((a, b) => a - b);
    const median = counts.length ? counts[Math.floor(counts.length / 2)] : 0;
    const least = Math.max(1, Math.floor(median * MIN_SHARE));
    for (const [d, n] of perDay) if (n >= least) covered.add(d);
  }
  const nums = [...covered].sort((a, b) => a - b);
  const spans: Span[] = [];
  const gaps: Span[] = [];
  if (nums.length === 0) return { spans, gaps, first: null, last: null };
  let start = nums[0];
  let prev = nums[0];
  for (const n of nums.slice(1)) {
    if (n - prev - 1 > maxHole) {
      spans.push(span(start, prev));
      gaps.push(span(prev + 1, n - 1));
      start = n;
    }
    prev = n;
  }
  spans.push(span(start, prev));
  return { spans, gaps, first: spans[0].from, last: spans.at(-1)!.to };
}

/**
 * The coverage within `from` … `to` (either open): a leader's absences and years are read only over his
 * public life, from his first reported appearance to his death, never over the years before it.
 */
export function clipCoverage(c: Coverage, from: string | null, to: string | null): Coverage {
  const lo = from ?? '0000-01-01';
  const hi = to ?? '9999-12-31';
  const clip = (s: Span): Span | null => {
    const a = s.from > lo ? s.from : lo;
    const b = s.to < hi ? s.to : hi;
    return a <= b ? span(dayNo(a), dayNo(b)) : null;
  };
  const spans = c.spans.map(clip).filter((s): s is Span => s !== null);
  const first = spans[0]?.from ?? null;
  const last = spans.at(-1)?.to ?? null;
  const gaps = first && last ? c.gaps.map(clip).filter((g): g is Span => g !== null && g.from > first && g.to < last) : [];
  return { spans, gaps, first, last };
}

/** Covered days from `from` to `to`, both counted. */
export function coveredDays(c: Coverage, from: string, to: string): number {
  const a = dayNo(from);
  const b = dayNo(to);
  let n = 0;
  for (const s of c.spans) {
    const lo = Math.max(a, dayNo(s.from));
    const hi = Math.min(b, dayNo(s.to));
    if (hi >= lo) n += hi - lo + 1;
  }
  return n;
}

export function isCovered(c: Coverage, day: string): boolean {
  return coveredDays(c, day, day) === 1;
}

/** Covered days of each year from the first to the last year with coverage. */
export function coveredPerYear(c: Coverage): { year: number; coveredDays: number; days: number }[] {
  if (!c.first || !c.last) return [];
  const out = [];
  for (let y = Number(c.first.slice(0, 4)); y <= Number(c.last.slice(0, 4)); y++) {
    const days = dayNo(`${y + 1}-01-01`) - dayNo(`${y}-01-01`);
    out.push({ year: y, coveredDays: coveredDays(c, `${y}-01-01`, `${y}-12-31`), days });
  }
  return out;
}

export interface Absence {
  /** The last reported appearance before it, or the first covered day after a stretch without data. */
  from: string;
  /** The next reported appearance, or the last covered day before a stretch without data (or the newest). */
  to: string;
  /** Days from `from` to `to` (as between two appearances: consecutive days are 1 apart). */
  days: number;
  /** Covered days strictly between the two ends: the days the archive could have shown an appearance. */
  coveredDays: number;
  /** What bounds it: an appearance, or a stretch without data (the absence may have been longer). */
  start: 'appearance' | 'gap';
  end: 'appearance' | 'gap' | 'now';
}

/**
 * The longest stretches of covered days without a reported appearance. A stretch never runs through a
 * span without data: it ends there, and says so.
 */
export function absences(eventDays: readonly string[], c: Coverage, n = 5): Absence[] {
  const days = [...new Set(eventDays)].map(dayNo).sort((a, b) => a - b);
  const out: Absence[] = [];
  const push = (from: number, to: number, coveredDays: number, start: Absence['start'], end: Absence['end']) => {
    if (coveredDays > 0) out.push({ from: ymdOf(from), to: ymdOf(to), days: to - from, coveredDays, start, end });
  };
  c.spans.forEach((s, i) => {
    const lo = dayNo(s.from);
    const hi = dayNo(s.to);
    const inside = days.filter((d) => d >= lo && d <= hi);
    const end: Absence['end'] = i === c.spans.length - 1 ? 'now' : 'gap';
    if (inside.length === 0) return push(lo, hi, hi - lo + 1, 'gap', end);
    push(lo, inside[0], inside[0] - lo, 'gap', 'appearance');
    for (let k = 1; k < inside.length; k++) push(inside[k - 1], inside[k], inside[k] - inside[k - 1] - 1, 'appearance', 'appearance');
    push(inside.at(-1)!, hi, hi - inside.at(-1)!, 'appearance', end);
  });
  return out.sort((a, b) => b.coveredDays - a.coveredDays || a.from.localeCompare(b.from)).slice(0, n);
}

/** Days since the last appearance, counted to the newest covered day, and how many of them are covered. */
export function sinceLast(lastAppearance: string | null, c: Coverage): { days: number; coveredDays: number; to: string } | null {
  if (!lastAppearance || !c.last) return null;
  const to = c.last > lastAppearance ? c.last : lastAppearance;
  const days = dayNo(to) - dayNo(lastAppearance);
  return { days, coveredDays: days > 0 ? coveredDays(c, ymdOf(dayNo(lastAppearance) + 1), to) : 0, to };
}
