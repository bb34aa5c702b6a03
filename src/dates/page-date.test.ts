import { expect, it } from 'vitest';
import { formatYmd } from './calendar.js';
import { parsePageDate } from './page-date.js';

const p = (s: string, dayFirst = false) => {
  const d = parsePageDate(s, { dayFirst });
  return d ? formatYmd(d) : null;
};

it('reads Juche dates (Juche year = CE − 1911)', () => {
  expect(p('Juche110.4.9')).toBe('2021-04-09');
  expect(p('www.kcna.kp (Juche108.12.10.)')).toBe('2019-12-10');
  expect(p('[Juche113.1.2.]')).toBe('2024-01-02');
  expect(p('주체115(2026)년 8월 20일')).toBe('2026-08-20');
});

it('reads dotted, Korean and English forms', () => {
  expect(p('(2025.12.14.)')).toBe('2025-12-14');
  expect(p('2023.3.13.')).toBe('2023-03-13');
  expect(p('2026년 8월 20일')).toBe('2026-08-20');
  expect(p('Feb. 19, 2026 Thursday')).toBe('2026-02-19');
  expect(p('Mar. 10, Juche 111 (2022) Thursday')).toBe('2022-03-10');
  expect(p('December 3, Juche 110 Friday')).toBe('2021-12-03');
  expect(p('November 08, 2024')).toBe('2024-11-08');
  expect(p('２０２６.８.２５.')).toBe('2026-08-25');
});

it('reads slashed dates day-first only where the source says so (Pyongyang Times)', () => {
  expect(p('09/04/2021', true)).toBe('2021-04-09');
  expect(p('09/04/2021', false)).toBe('2021-09-04');
});

it('rejects impossible dates and text without a date', () => {
  expect(p('Juche110.13.9')).toBeNull();
  expect(p('31/02/2021', true)).toBeNull();
  expect(p('no date here')).toBeNull();
});
