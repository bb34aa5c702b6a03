import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awkwardText, FUZZ_TIMEOUT_MS, fuzzParams, HANG_MS, millis } from '../testing/fuzz.js';
import { dayNumber, dayNumberOf, formatYmd, inferYear, isValidYmd, parseYmd, type Ymd } from './calendar.js';
import { datelineDate, findDateline, matchDateline } from './dateline.js';
import { parsePageDate } from './page-date.js';
import { pyongyangDate } from './pyongyang-time.js';

/** Any calendar date the archive accepts (1900–2200). */
const ymd: fc.Arbitrary<Ymd> = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true })
  .map((t) => ({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }));
/** Dates printed with a Juche year (Juche 1 = 1912). */
const jucheYmd = ymd.filter((v) => v.y >= 1912);

/** Text that looks like dates: digits, separators, month names, Juche, Hangul date units. */
const dateish = fc
  .array(
    fc.oneof(
      fc.constantFrom('Juche', 'Juche ', '주체', '년', '월', '일', '.', '-', '/', ',', ' ', '(', ')', 'Mar.', 'Sept', 'February', 'Thursday', 'de', 'julio', '(KCNA)', '--', '발'),
      fc.integer({ min: 0, max: 3000 }).map(String),
      fc.stringMatching(/^\d{1,4}$/),
      awkwardText(4),
    ),
    { maxLength: 16 },
  )
  .map((ps) => ps.join(''));

const MONTHS = ['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const MESES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Each printed form the readers document, for one date. */
const printed: [string, (v: Ymd) => string, boolean?][] = [
  ['Juche dotted', (v) => `Juche${v.y - 1911}.${v.m}.${v.d}`],
  ['Rodong English', (v) => `${MONTHS[v.m - 1]} ${v.d}, Juche ${v.y - 1911} (${v.y}) Thursday`],
  ['Korean with Juche', (v) => `주체${v.y - 1911}(${v.y})년 ${v.m}월 ${v.d}일`],
  ['Korean', (v) => `${v.y}년 ${v.m}월 ${v.d}일`],
  ['ISO', (v) => `${v.y}-${pad(v.m)}-${pad(v.d)}`],
  ['dotted in brackets', (v) => `(${v.y}.${v.m}.${v.d}.)`],
  ['day-first slashes', (v) => `${pad(v.d)}/${pad(v.m)}/${v.y}`, true],
  ['month-first slashes', (v) => `${pad(v.m)}/${pad(v.d)}/${v.y}`],
];

describe('date readers on any text', () => {
  it('parsePageDate gives null or a valid date, never throws', () => {
    fc.assert(
      fc.property(fc.oneof(dateish, awkwardText()), fc.boolean(), (text, dayFirst) => {
        const d = parsePageDate(text, { dayFirst });
        if (d) expect(isValidYmd(d)).toBe(true);
      }),
      fuzzParams(400),
    );
  }, FUZZ_TIMEOUT_MS);

  it('matchDateline gives null or a month 1–12; datelineDate then gives null or a date within half a year of the reference', () => {
    fc.assert(
      fc.property(fc.oneof(dateish, awkwardText()), ymd, (text, ref) => {
        const dl = matchDateline(text);
        if (!dl) return;
        expect(dl.month).toBeGreaterThanOrEqual(1);
        expect(dl.month).toBeLessThanOrEqual(12);
        const d = datelineDate(dl, ref);
        if (d) {
          expect(isValidYmd(d)).toBe(true);
          expect(Math.abs(dayNumber(d) - dayNumber(ref))).toBeLessThanOrEqual(183);
        }
      }),
      fuzzParams(400),
    );
  }, FUZZ_TIMEOUT_MS);

  it('parseYmd gives null or a valid date, and formatYmd / parseYmd / dayNumberOf agree', () => {
    fc.assert(
      fc.property(fc.oneof(dateish, fc.stringMatching(/^\d{4}-\d{2}-\d{2}/)), (s) => {
        const d = parseYmd(s);
        if (d) expect(isValidYmd(d)).toBe(true);
      }),
      fuzzParams(300),
    );
    fc.assert(
      fc.property(ymd, (v) => {
        expect(parseYmd(formatYmd(v))).toEqual(v);
        expect(dayNumberOf(formatYmd(v))).toBe(dayNumber(v));
      }),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);

  it('pyongyangDate of any instant is a calendar date at UTC+9 (UTC+8:30 from 2015-08-15 to 2018-05-05)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1950, 0, 1)), max: new Date(Date.UTC(2150, 0, 1)), noInvalidDate: true }), (t) => {
        const local = pyongyangDate(t);
        const half = t.getTime() >= Date.UTC(2015, 7, 14, 15) && t.getTime() < Date.UTC(2018, 4, 4, 15, 30);
        expect(local).toBe(new Date(t.getTime() + (half ? 510 : 540) * 60_000).toISOString().slice(0, 10));
      }),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('date readers read back what they document', () => {
  it.each(printed)('parsePageDate reads the %s form, with text around it', (_, print, dayFirst) => {
    const around = fc.stringMatching(/^[A-Za-z가-힣 ,:]{0,12}$/);
    fc.assert(
      fc.property(jucheYmd, around, around, (v, before, after) => {
        expect(parsePageDate(`${before} ${print(v)} ${after}`, { dayFirst })).toEqual(v);
      }),
      fuzzParams(200),
    );
  });

  it('parsePageDate rejects a Juche date that is no date (30 February, month 13, day 0)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.constantFrom('2.30', '2.31', '13.1', '0.5', '4.31', '6.0'), (juche, md) => {
        expect(parsePageDate(`Juche${juche}.${md}`)).toBeNull();
      }),
      fuzzParams(200),
    );
  });

  it('matchDateline reads English, Spanish and Korean datelines', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.constantFrom('Pyongyang', 'Moscow', 'Beijing', 'Phnom Penh'), (month, day, city) => {
        expect(matchDateline(`${city}, ${MONTHS[month - 1]} ${day} (KCNA) -- text`)).toEqual({ month, day });
        expect(matchDateline(`${city}, ${day} de ${MESES[month - 1]} (ACNC) -- texto`)).toEqual({ month, day });
        expect(matchDateline(`(평양 ${month}월 ${day}일발 조선중앙통신) 본문`)).toEqual({ month, day });
        expect(findDateline(['Title line', `${city}, ${MONTHS[month - 1]} ${day} (KCNA) -- text`])).toEqual({ month, day, paragraph: 1 });
      }),
      fuzzParams(200),
    );
  });

  it('inferYear picks the year nearest the reference', () => {
    fc.assert(
      fc.property(ymd.filter((v) => v.y > 1900 && v.y < 2200), fc.integer({ min: -150, max: 150 }), (ref, shift) => {
        const target = new Date(Date.UTC(ref.y, ref.m - 1, ref.d + shift));
        const want = { y: target.getUTCFullYear(), m: target.getUTCMonth() + 1, d: target.getUTCDate() };
        expect(inferYear(want.m, want.d, ref)).toEqual(isValidYmd(want) ? want : null);
      }),
      fuzzParams(300),
    );
  });
});

describe('date readers on large adversarial text', () => {
  it('finish quickly', () => {
    const huge = [
      'Mar. '.repeat(200_000),
      'the day after tomorrow '.repeat(40_000),
      '1'.repeat(1_000_000),
      '1 '.repeat(500_000),
      'Juche '.repeat(200_000),
      '2024.'.repeat(200_000),
      '주체 '.repeat(300_000),
      '2024 년 '.repeat(150_000),
      'Mar 1, Juche '.repeat(80_000),
      'Pyongyang, ' + 'A'.repeat(1_000_000),
      '(평양 ' + '1'.repeat(1_000_000),
    ];
    for (const text of huge) {
      expect(millis(() => parsePageDate(text, { dayFirst: true })), text.slice(0, 12)).toBeLessThan(HANG_MS);
      expect(millis(() => findDateline([text, text, text])), text.slice(0, 12)).toBeLessThan(HANG_MS);
    }
  });

  it('keeps the counterexample fuzzing found', () => {
    // chrono's time grows faster than its input: 1 MB of "Mar. " took 23 s in a date field.
    expect(millis(() => parsePageDate('Mar. '.repeat(200_000)))).toBeLessThan(HANG_MS);
    // A date at the start of a long field is still read.
    expect(parsePageDate(`Feb. 19, 2026 Thursday ${'x'.repeat(5000)}`)).toEqual({ y: 2026, m: 2, d: 19 });
  });
});
