import type { Appearance } from '../tracker/detect.js';
import { foldEvents, type StoredAppearance, type TrackedEvent } from '../tracker/events.js';
import type { AcceptOptions, ArticleMention } from './entity-index.js';
import type { Entity, EntityKind, Gazetteer } from './gazetteer.js';

// What every backend stores the same way: rows of `entities_added`, `entity_mentions` and
// `tracker_appearances`, and the rules of review.

export interface AddedRow {
  id: string;
  kind: string;
  name: string;
  /** `{aliases, hangul}` as JSON. */
  data: string;
}

export function addedEntity(r: AddedRow): Entity {
  const data = JSON.parse(r.data) as Partial<Entity>;
  return { ...data, id: r.id, kind: r.kind as EntityKind, name: r.name, aliases: data.aliases ?? [], hangul: data.hangul ?? [] } as Entity;
}

/** A name as review compares it: trimmed, single spaces. */
export function reviewName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** The row a reviewed name is added as, or an error saying why it cannot be. */
export function acceptedRow(name: string, opts: AcceptOptions, gazetteer: Gazetteer, added: readonly Entity[]): AddedRow & { aliases: string[]; hangul: string[]; kind: EntityKind } {
  // A name has at least two words of letters: "the" or "!!!" is no name.
  if ((name.match(/\p{L}{2,}/gu) ?? []).length < 2) throw new Error(`"${name}" does not look like a name (two words of letters at least)`);
  const id = opts.id ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`"${id}" is not a usable id: give --id with letters, digits and hyphens`);
  if (gazetteer.get(id)) throw new Error(`${id} is already in the gazetteer`);
  if (added.some((e) => e.id === id)) throw new Error(`${id} was already added`);
  const aliases = opts.aliases ?? [];
  const hangul = opts.hangul ?? [];
  return { id, kind: opts.kind ?? 'person', name, data: JSON.stringify({ aliases, hangul }), aliases, hangul };
}

export function notWaiting(name: string): Error {
  return new Error(`"${name}" is not a name waiting for review`);
}

export function parseOffsets(offsets: string): ArticleMention['offsets'] {
  return offsets.split(',').map((p) => p.split('-').map(Number) as [number, number]);
}

/** The report dates read for a year's appearances: a fortnight either side catches reports of its first and last days. */
export function appearanceWindow(year?: number): [string, string] {
  return [year ? `${year - 1}-12-15` : '0000', year ? `${year + 1}-01-16` : '9999'];
}

export function eventsOf(appearances: readonly StoredAppearance[], year?: number): TrackedEvent[] {
  const events = foldEvents(appearances);
  return year ? events.filter((e) => e.day.startsWith(String(year))) : events;
}

export interface AppearanceRow {
  article_id: number;
  person: string;
  /** Order of the appearance in its report (a report may tell several separate visits). */
  seq: number;
  kind: string;
  date: string | null;
  until: string | null;
  report_date: string;
  place: string | null;
  companions: string;
  evidence: string;
  lang: string;
}

/** An article's appearances as rows, numbered per person in the order the report tells them. */
export function appearanceRows(articleId: number, appearances: readonly Appearance[], lang: string): AppearanceRow[] {
  const seq = new Map<string, number>();
  return appearances.map((ap) => {
    const n = seq.get(ap.person) ?? 0;
    seq.set(ap.person, n + 1);
    return {
      article_id: articleId,
      person: ap.person,
      seq: n,
      kind: ap.kind,
      date: ap.date,
      until: ap.until ?? null,
      report_date: ap.reportDate,
      place: ap.place,
      companions: JSON.stringify(ap.companions),
      evidence: JSON.stringify(ap.evidence),
      lang,
    };
  });
}

export function storedAppearance(r: AppearanceRow): StoredAppearance {
  return {
    articleId: r.article_id,
    person: r.person,
    kind: r.kind,
    date: r.date,
    until: r.until,
    reportDate: r.report_date,
    place: r.place,
    companions: JSON.parse(r.companions) as StoredAppearance['companions'],
    lang: r.lang,
  };
}
