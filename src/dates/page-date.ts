// The English parser alone: the package's main entry loads every locale (~20 MB more in each thread).
import * as chronoEn from 'chrono-node/en';
import { isValidYmd, jucheToCe, type Ymd } from './calendar.js';

export interface PageDateOptions {
  /** Pyongyang Times writes 09/04/2021 for 9 April 2021. */
  dayFirst?: boolean;
}

/**
 * Parses a date printed on a page: `Juche110.4.9`, `(2025.12.14.)`, `2023.3.13.`, `2026년 8월 20일`,
 * `09/04/2021` (day-first when the source says so), `Feb. 19, 2026 Thursday`, `Mar. 10, Juche 111 (2022) Thursday`, `2021-04-09`.
 */
export function parsePageDate(text: string, opts: PageDateOptions = {}): Ymd | null {
  const s = text.normalize('NFKC');
  let m = /Juche\s*(\d{1,3})\s*[.\/-]\s*(\d{1,2})\s*[.\/-]\s*(\d{1,2})/i.exec(s);
  if (m) return valid({ y: jucheToCe(+m[1]), m: +m[2], d: +m[3] });
  // Rodong's `Mar. 10, Juche 111 (2022) Thursday`: the CE year in brackets, else from the Juche year.
  m = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*(\d{1,2})\s*,?\s*Juche\s*(\d{1,3})(?:\s*\(\s*(\d{4})\s*\))?/i.exec(s);
  if (m) return valid({ y: m[4] ? +m[4] : jucheToCe(+m[3]), m: MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1, d: +m[2] });
  m = /주체\s*(\d{1,3})\s*\(?\s*(\d{4})?\s*\)?\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일/.exec(s);
  if (m) return valid({ y: m[2] ? +m[2] : jucheToCe(+m[1]), m: +m[3], d: +m[4] });
  m = /(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일/.exec(s);
  if (m) return valid({ y: +m[1], m: +m[2], d: +m[3] });
  m = /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/.exec(s);
  if (m) return valid({ y: +m[1], m: +m[2], d: +m[3] });
  m = /(?<!\d)(\d{4})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})(?!\d)/.exec(s);
  if (m) return valid({ y: +m[1], m: +m[2], d: +m[3] });
  m = /(?<!\d)(\d{1,2})[\/.](\d{1,2})[\/.](\d{4})(?!\d)/.exec(s);
  if (m) {
    const [a, b] = [+m[1], +m[2]];
    return valid(opts.dayFirst ? { y: +m[3], m: b, d: a } : { y: +m[3], m: a, d: b });
  }
  // A printed date is short; chrono's time grows faster than the text (1 MB of "Mar. " took 23 s), so a
  // huge date field (a selector matching a whole page) is read by its start only.
  const parsed = chronoEn.parse(s.slice(0, MAX_CHRONO_CHARS), undefined, { forwardDate: false });
  for (const r of parsed) {
    if (r.start.isCertain('year') && r.start.isCertain('month') && r.start.isCertain('day')) {
      return valid({ y: r.start.get('year')!, m: r.start.get('month')!, d: r.start.get('day')! });
    }
  }
  return null;
}

const MAX_CHRONO_CHARS = 1000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function valid(v: Ymd): Ymd | null {
  return isValidYmd(v) ? v : null;
}
