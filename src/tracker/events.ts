import type { Appearance } from './detect.js';

/**
 * What makes two reports one event: the same leader on the same day at the same place (or, with no
 * place named, doing the same kind of thing). An undated report stands for its report date.
 */
export function eventKey(a: Pick<Appearance, 'person' | 'date' | 'reportDate' | 'place' | 'kind'>): string {
  return `${a.person}|${a.date ?? `~${a.reportDate}`}|${a.place ?? a.kind}`;
}

export interface StoredAppearance {
  articleId: number;
  person: string;
  kind: string;
  date: string | null;
  until: string | null;
  reportDate: string;
  place: string | null;
  companions: { id: string | null; name: string }[];
  lang: string;
}

export interface TrackedEvent extends StoredAppearance {
  /** The event's day: its date, or the report's date when the report gives none. */
  day: string;
  /** Every report of it (articles, languages). */
  reports: number[];
}

// Kinds one occasion may be read as in two languages: a performance "given in the presence of" him is an
// attendance in English and "presencia la función" in Spanish.
const GROUP: Record<string, string> = { inspection: 'field', visit: 'field', observation: 'field', performance: 'occasion', meeting: 'meeting', tribute: 'tribute', attendance: 'occasion', photo: 'photo' };

function days(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

function sameEvent(e: TrackedEvent, a: StoredAppearance, day: string): boolean {
  if (e.person !== a.person) return false;
  const placeOk = e.place === a.place || e.place === null || a.place === null;
  if (e.date && a.date) return e.date === a.date && placeOk && (e.kind === a.kind || e.lang !== a.lang || e.place === a.place);
  // At least one undated: translations of one report come out within two days of each other.
  if (days(e.day, day) > 2) return false;
  if (e.lang === a.lang) return e.reportDate === a.reportDate && e.kind === a.kind && e.place === a.place && e.place !== null;
  const firstCompanion = (x: StoredAppearance) => x.companions[0]?.id ?? x.companions[0]?.name;
  if (e.place && a.place) return e.place === a.place;
  if (firstCompanion(e) && firstCompanion(a)) return firstCompanion(e) === firstCompanion(a);
  return GROUP[e.kind] === GROUP[a.kind];
}

/**
 * Folds reports into events: one event counts once however many articles or languages report it.
 * Input in any order; output sorted by day. The English report is preferred as the event's face.
 */
export function foldEvents(appearances: readonly StoredAppearance[]): TrackedEvent[] {
  const sorted = [...appearances].sort((x, y) => (x.date ?? x.reportDate).localeCompare(y.date ?? y.reportDate) || x.articleId - y.articleId);
  const events: TrackedEvent[] = [];
  for (const a of sorted) {
    const day = a.date ?? a.reportDate;
    let match: TrackedEvent | undefined;
    for (let i = events.length - 1; i >= 0 && days(events[i].day, day) <= 3; i--) {
      // Two appearances of one report are separate visits, never one event.
      if (!events[i].reports.includes(a.articleId) && sameEvent(events[i], a, day)) {
        match = events[i];
        break;
      }
    }
    if (!match) {
      events.push({ ...a, day, reports: [a.articleId] });
      continue;
    }
    match.reports.push(a.articleId);
    // Prefer a dated, English face; fill in what the first report lacked.
    if ((!match.date && a.date) || (match.lang !== 'en' && a.lang === 'en')) {
      Object.assign(match, { ...a, day: a.date ?? match.day, reports: match.reports, place: a.place ?? match.place, companions: a.companions.length ? a.companions : match.companions });
    } else {
      match.place ??= a.place;
      if (!match.companions.length) match.companions = a.companions;
    }
  }
  return events.sort((x, y) => x.day.localeCompare(y.day));
}
