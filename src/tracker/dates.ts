import { dayNumber, formatYmd, inferYear, isValidYmd, parseYmd, type Ymd } from '../dates/calendar.js';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9, octubre: 10,
  noviembre: 11, diciembre: 12,
};
const WEEKDAYS: Record<string, number> = {
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  domingo: 0, lunes: 1, martes: 2, miercoles: 3, miércoles: 3, jueves: 4, viernes: 5, sabado: 6, sábado: 6,
};

/** How far before its report an event may lie. */
export const MAX_DAYS_BEFORE = 14;

export interface EventDate {
  date: string;
  /** The last day of a range ("from September 16 to 18"). */
  until?: string;
  /** The words the date was read from. */
  text: string;
}

const MONTH = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const ES_MONTH = String.raw`(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)`;
const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => { m1: number; d1: number; m2?: number; d2?: number; year?: number } | { weekday: number } | { back: number } | { day: number } }[] = [
  // from September 16 to 18 / from Sept. 30 to Oct. 2
  { re: new RegExp(String.raw`\bfrom ${MONTH} (\d{1,2}) (?:to|till|until) (?:${MONTH} )?(\d{1,2})\b`, 'g'), read: (m) => ({ m1: mon(m[1]), d1: +m[2], m2: m[3] ? mon(m[3]) : mon(m[1]), d2: +m[4] }) },
  // on June 8 / on June 8, 2012 / on the morning of June 8
  { re: new RegExp(String.raw`\b(?:on|of) (?:the (?:morning|afternoon|evening|night) of )?${MONTH} (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?\b(?!,? Juche)`, 'g'), read: (m) => ({ m1: mon(m[1]), d1: +m[2], year: m[3] ? +m[3] : undefined }) },
  // del 16 al 18 de septiembre / el 8 de junio
  { re: new RegExp(String.raw`\bdel (\d{1,2}) al (\d{1,2}) de ${ES_MONTH}\b`, 'gi'), read: (m) => ({ m1: mon(m[3]), d1: +m[1], m2: mon(m[3]), d2: +m[2] }) },
  { re: new RegExp(String.raw`\bel (\d{1,2}) de ${ES_MONTH}\b`, 'gi'), read: (m) => ({ m1: mon(m[2]), d1: +m[1] }) },
  // el dia 18: a day of the report's month (or the month before)
  { re: /\bel d[ií]a (\d{1,2})\b/gi, read: (m) => ({ day: +m[1] }) },
  { re: /\b(?:on |el )?(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|domingo|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado)\b/gi, read: (m) => ({ weekday: WEEKDAYS[m[1].toLowerCase()] }) },
  { re: /\b(today|hoy)\b/gi, read: () => ({ back: 0 }) },
  { re: /\b(yesterday|ayer)\b/gi, read: () => ({ back: 1 }) },
];

function mon(s: string): number {
  return MONTHS[s.toLowerCase().replace('.', '')] ?? MONTHS[s.toLowerCase().slice(0, 3)];
}

function addDays(ymd: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(ymd.y, ymd.m - 1, ymd.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function inWindow(event: Ymd, report: Ymd): boolean {
  const diff = dayNumber(report) - dayNumber(event);
  return diff >= 0 && diff <= MAX_DAYS_BEFORE;
}

/**
 * The event date a report's sentence gives, resolved against the report's date: the first date
 * expression that falls 0–14 days before the report. Null when the sentence gives none.
 */
export function eventDate(sentence: string, reportDate: string): EventDate | null {
  const report = parseYmd(reportDate);
  if (!report) return null;
  const found: { index: number; value: EventDate }[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(sentence); m; m = p.re.exec(sentence)) {
      const r = p.read(m);
      let value: EventDate | null = null;
      if ('day' in r) {
        let cand = { y: report.y, m: report.m, d: r.day };
        if (!isValidYmd(cand) || dayNumber(cand) > dayNumber(report)) cand = report.m === 1 ? { y: report.y - 1, m: 12, d: r.day } : { y: report.y, m: report.m - 1, d: r.day };
        if (!isValidYmd(cand) || !inWindow(cand, report)) continue;
        value = { date: formatYmd(cand), text: m[0] };
      } else if ('back' in r) value = { date: formatYmd(addDays(report, -r.back)), text: m[0] };
      else if ('weekday' in r) {
        const today = new Date(Date.UTC(report.y, report.m - 1, report.d)).getUTCDay();
        const back = (today - r.weekday + 7) % 7;
        value = { date: formatYmd(addDays(report, -back)), text: m[0] };
      } else {
        const start = r.year ? { y: r.year, m: r.m1, d: r.d1 } : inferYear(r.m1, r.d1, report);
        if (!start || !isValidYmd(start) || !inWindow(start, report)) continue;
        value = { date: formatYmd(start), text: m[0] };
        if (r.m2 && r.d2) {
          const endYear = r.m2 < r.m1 ? start.y + 1 : start.y;
          const end = { y: endYear, m: r.m2, d: r.d2 };
          if (isValidYmd(end) && dayNumber(end) >= dayNumber(start)) value.until = formatYmd(end);
        }
      }
      found.push({ index: m.index, value });
    }
  }
  found.sort((a, b) => a.index - b.index);
  return found[0]?.value ?? null;
}
