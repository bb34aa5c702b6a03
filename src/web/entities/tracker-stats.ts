import { coveredPerYear, type Coverage } from '../../tracker/coverage.js';
import type { TrackedEvent } from '../../tracker/events.js';

/** Events per year. */
export function yearly(events: readonly TrackedEvent[]): { year: number; count: number }[] {
  const m = new Map<number, number>();
  for (const e of events) m.set(Number(e.day.slice(0, 4)), (m.get(Number(e.day.slice(0, 4))) ?? 0) + 1);
  return [...m].sort((a, b) => a[0] - b[0]).map(([year, count]) => ({ year, count }));
}

/**
 * Events per year beside the covered days of each year: every year with events or with coverage. A year
 * whose `coveredDays` is 0 has no data (its count says nothing about the leader).
 */
export function yearlyCovered(events: readonly TrackedEvent[], c: Coverage): { year: number; count: number; coveredDays: number; days: number }[] {
  const counts = new Map(yearly(events).map((y) => [y.year, y.count]));
  const cover = new Map(coveredPerYear(c).map((y) => [y.year, y]));
  const years = [...new Set([...counts.keys(), ...[...cover.values()].filter((y) => y.coveredDays > 0).map((y) => y.year)])].sort((a, b) => a - b);
  return years.map((year) => {
    const days = Date.UTC(year + 1, 0, 1) / 86_400_000 - Date.UTC(year, 0, 1) / 86_400_000;
    return { year, count: counts.get(year) ?? 0, coveredDays: cover.get(year)?.coveredDays ?? 0, days };
  });
}

/** The people most often named as companions, per year. */
export function topCompanions(events: readonly TrackedEvent[], n = 5): { year: number; people: { id: string | null; name: string; count: number }[] }[] {
  const byYear = new Map<number, Map<string, { id: string | null; name: string; count: number }>>();
  for (const e of events) {
    const y = Number(e.day.slice(0, 4));
    const m = byYear.get(y) ?? new Map();
    byYear.set(y, m);
    for (const c of e.companions) {
      const k = c.id ?? c.name;
      const cur = m.get(k) ?? { id: c.id, name: c.name, count: 0 };
      cur.count++;
      m.set(k, cur);
    }
  }
  return [...byYear]
    .sort((a, b) => a[0] - b[0])
    .map(([year, m]) => ({ year, people: [...m.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, n) }));
}
