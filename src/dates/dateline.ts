import { inferYear, type Ymd } from './calendar.js';

const EN_MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};
const ES_MONTHS: Record<string, number> = {
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9,
  setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
};

// "Pyongyang, May 4 (KCNA) --", "Moscow, Sept. 3 (KCNA) --"
const AGENCY = String.raw`\(\s*[A-Za-z][A-Za-z -]{1,14}\s*\)`;
const EN = new RegExp(String.raw`^\s*[\p{Lu}][\p{L} .'’-]{1,40}?,\s*([A-Za-z]{3,10})\.?\s+(\d{1,2})\s*` + AGENCY, 'u');
// "Pyongyang, 25 de julio (ACNC) --"
const ES = new RegExp(String.raw`^\s*[\p{Lu}][\p{L} .'’-]{1,40}?,\s*(\d{1,2})\s+de\s+([a-zA-Z]+)\s*` + AGENCY, 'u');
// "(평양 8월 21일발 조선중앙통신)"
const KO = /^\s*\(?\s*[\p{Script=Hangul}]{1,10}\s+(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*발/u;

export interface Dateline {
  month: number;
  day: number;
  /** Index of the paragraph that carried it. */
  paragraph: number;
}

/** Finds a dateline at the start of one of the first paragraphs. */
export function findDateline(paragraphs: string[], lookahead = 3): Dateline | null {
  for (let i = 0; i < Math.min(lookahead, paragraphs.length); i++) {
    const found = matchDateline(paragraphs[i]);
    if (found) return { ...found, paragraph: i };
  }
  return null;
}

export function matchDateline(p: string): { month: number; day: number } | null {
  let m = EN.exec(p);
  if (m) {
    // Typos occur ("Janurary"): a month is known by its first three letters.
    const word = m[1].toLowerCase();
    const month = EN_MONTHS[word] ?? (EN_MONTHS[word.slice(0, 3)] && /^[a-z]+$/.test(word) ? EN_MONTHS[word.slice(0, 3)] : undefined);
    if (month) return { month, day: +m[2] };
  }
  m = ES.exec(p);
  if (m) {
    const month = ES_MONTHS[m[2].toLowerCase()];
    if (month) return { month, day: +m[1] };
  }
  m = KO.exec(p);
  if (m) return { month: +m[1], day: +m[2] };
  return null;
}

export function isDatelineStart(p: string): boolean {
  return matchDateline(p) !== null;
}

/** Resolves a dateline's month and day against a reference date (listing or capture). */
export function datelineDate(dl: { month: number; day: number }, reference: Ymd): Ymd | null {
  return inferYear(dl.month, dl.day, reference);
}
