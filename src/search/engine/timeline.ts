import type { Interval } from '../backend.js';
import { ymdOf, type ArticleMeta } from './meta.js';

export interface TimelineAxis {
  generation: number;
  firstDay: number;
  /** Bucket index for each day from firstDay on. */
  bucketOfDay: Int32Array;
  labels: string[];
  /** Articles per bucket (stories per bucket on a collapsed axis). */
  totals: Uint32Array;
  /** Articles per bucket, whatever the counting: 0 means the archive holds nothing there. */
  articles: Uint32Array;
}

/** Buckets from the first to the last article (of a source, when sourceId ≥ 0), and all articles per bucket; `counted` (stories) when collapsed. */
export function buildAxis(m: ArticleMeta, interval: Interval, sourceId: number, counted: Int32Array | null): TimelineAxis {
  let lo = Infinity;
  let hi = -Infinity;
  for (let id = 1; id <= m.maxId; id++) {
    if (!m.has(id) || (sourceId >= 0 && m.source[id] !== sourceId)) continue;
    const d = m.day[id];
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const axis: TimelineAxis = { generation: m.generation, firstDay: 0, bucketOfDay: new Int32Array(0), labels: [], totals: new Uint32Array(0), articles: new Uint32Array(0) };
  if (lo > hi) return axis;
  const bucketOf = bucketFn(interval);
  const next = stepFn(interval);
  const first = bucketOf(lo);
  const last = bucketOf(hi);
  const index = new Map<number, number>();
  for (let b = first; b <= last; b = next(b)) {
    index.set(b, axis.labels.length);
    axis.labels.push(periodLabel(interval, b));
  }
  axis.firstDay = lo;
  axis.bucketOfDay = new Int32Array(hi - lo + 1);
  for (let d = lo; d <= hi; d++) axis.bucketOfDay[d - lo] = index.get(bucketOf(d))!;
  axis.articles = new Uint32Array(axis.labels.length);
  for (let id = 1; id <= m.maxId; id++) {
    if (!m.has(id) || (sourceId >= 0 && m.source[id] !== sourceId)) continue;
    axis.articles[axis.bucketOfDay[m.day[id] - lo]]++;
  }
  axis.totals = axis.articles;
  if (counted) {
    axis.totals = new Uint32Array(axis.labels.length);
    for (const id of counted) if (sourceId < 0 || m.source[id] === sourceId) axis.totals[axis.bucketOfDay[m.day[id] - lo]]++;
  }
  return axis;
}

/** Bucket number for a day (days since 1970-01-01). */
function bucketFn(interval: Interval): (day: number) => number {
  switch (interval) {
    case 'day':
      return (d) => d;
    case 'week':
      // Weeks start on Monday; 1970-01-01 was a Thursday.
      return (d) => d - ((((d + 3) % 7) + 7) % 7);
    case 'month':
      return (d) => {
        const t = new Date(d * 86400000);
        return t.getUTCFullYear() * 12 + t.getUTCMonth();
      };
    case 'year':
      return (d) => new Date(d * 86400000).getUTCFullYear();
  }
}

function stepFn(interval: Interval): (b: number) => number {
  return interval === 'week' ? (b) => b + 7 : (b) => b + 1;
}

function periodLabel(interval: Interval, b: number): string {
  switch (interval) {
    case 'day':
    case 'week':
      return ymdOf(b);
    case 'month':
      return `${Math.floor(b / 12)}-${String((b % 12) + 1).padStart(2, '0')}`;
    case 'year':
      return String(b);
  }
}
