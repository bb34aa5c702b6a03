import type { FilterValue, TextField } from './ast.js';

/**
 * Fields a query may name. Text fields restrict words and phrases to a part of the article (or, for
 * `added:` and `removed:`, to what its versions added or removed); filter
 * fields match metadata. A new filter field (for example `entity:`) is one more entry here plus its
 * evaluation in each backend.
 */
export const TEXT_FIELDS: Record<string, TextField> = { title: 'title', added: 'added', removed: 'removed' };

export interface FilterField {
  describe: string;
  /** Parses the value; returns an error message when it is not acceptable. */
  parse(raw: string): FilterValue | string;
}

export const FILTER_FIELDS: Record<string, FilterField> = {
  source: {
    describe: 'source slug, e.g. source:kcna-co-jp',
    parse: (raw) => (/^[a-z0-9][a-z0-9._-]*$/i.test(raw) ? { kind: 'keyword', value: raw.toLowerCase() } : `'${raw}' is not a source slug`),
  },
  lang: {
    describe: 'language code, e.g. lang:en, lang:ko',
    parse: (raw) => (/^[a-z]{2,3}$/i.test(raw) ? { kind: 'keyword', value: raw.toLowerCase() } : `'${raw}' is not a language code (en, ko, es …)`),
  },
  entity: {
    describe: 'a person, organization or place by its id, e.g. entity:kim-jong-un (ids on /entities)',
    parse: (raw) => (/^[a-z0-9][a-z0-9-]*$/i.test(raw) ? { kind: 'keyword', value: raw.toLowerCase() } : `'${raw}' is not an entity id (see /entities)`),
  },
  date: {
    describe: 'date:2013, date:2013-12, date:2013-12-01, date:2013-12-01..2014-01-31 (either end may be left open)',
    parse: parseDateValue,
  },
};

export function parseDateValue(raw: string): FilterValue | string {
  const parts = raw.split('..');
  if (parts.length > 2) return `'${raw}' is not a date or date range`;
  if (parts.length === 1) {
    const r = dateBounds(parts[0]);
    return r ? { kind: 'date', from: r[0], to: r[1] } : `'${raw}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`;
  }
  const [a, b] = parts;
  if (!a && !b) return `'${raw}' is not a date range`;
  const from = a ? dateBounds(a) : null;
  const to = b ? dateBounds(b) : null;
  if ((a && !from) || (b && !to)) return `'${raw}' is not a date range (YYYY[-MM[-DD]]..YYYY[-MM[-DD]])`;
  if (from && to && from[0] > to[1]) return `date range ${raw} ends before it starts`;
  return { kind: 'date', from: from?.[0] ?? null, to: to?.[1] ?? null };
}

/** First and last day a date of any precision covers, or null when it is not a real date. */
function dateBounds(s: string): [string, string] | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  if (m[3]) {
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
    return [s, s];
  }
  if (m[2]) {
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    return [`${m[1]}-${m[2]}-01`, `${m[1]}-${m[2]}-${String(daysIn(y, mo)).padStart(2, '0')}`];
  }
  return [`${m[1]}-01-01`, `${m[1]}-12-31`];
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
