import { describe, expect, it } from 'vitest';
import { formatYmd, inferYear, parseYmd } from './calendar.js';
import { datelineDate, findDateline, matchDateline } from './dateline.js';

describe('datelines', () => {
  it('reads English, Spanish and Korean datelines', () => {
    expect(matchDateline('Pyongyang, May 4 (KCNA) -- Text')).toEqual({ month: 5, day: 4 });
    expect(matchDateline('Moscow, Sept. 3 (KCNA) -- Text')).toEqual({ month: 9, day: 3 });
    expect(matchDateline('Pyongyang, 25 de julio (ACNC) -- Texto')).toEqual({ month: 7, day: 25 });
    expect(matchDateline('Pyongyang, 5 de mayo (ATCC) -- Texto')).toEqual({ month: 5, day: 5 });
    expect(matchDateline('(평양 8월 21일발 조선중앙통신)')).toEqual({ month: 8, day: 21 });
    expect(matchDateline('(모스크바 3월 2일발 조선중앙통신)')).toEqual({ month: 3, day: 2 });
  });
  it('copes with the corpus variants: other agencies and misspelt months', () => {
    expect(matchDateline('Tokyo, January 8 (kns-KCNA) -- The Japan-Korea')).toEqual({ month: 1, day: 8 });
    expect(matchDateline('Pyongyang, Janurary 12 (KCNA) --Binod Tiwary')).toEqual({ month: 1, day: 12 });
  });
  it('does not take ordinary sentences for datelines', () => {
    expect(matchDateline('On May 4 the delegation left.')).toBeNull();
    expect(matchDateline('Kim Jong Un, general secretary (WPK) said')).toBeNull();
  });
  it('finds the dateline among the first paragraphs', () => {
    expect(findDateline(['Headline', 'Pyongyang, May 4 (KCNA) -- Text'])).toEqual({ month: 5, day: 4, paragraph: 1 });
  });
});

describe('year inference from the listing date', () => {
  const ref = (s: string) => parseYmd(s)!;
  it('a December dateline listed in January belongs to the year before', () => {
    expect(formatYmd(datelineDate({ month: 12, day: 31 }, ref('2004-01-01'))!)).toBe('2003-12-31');
  });
  it('a January dateline captured on 31 December belongs to the next year', () => {
    expect(formatYmd(inferYear(1, 1, ref('2015-12-31'))!)).toBe('2016-01-01');
  });
  it('same year otherwise, and 29 February only in leap years', () => {
    expect(formatYmd(inferYear(5, 4, ref('2021-05-05'))!)).toBe('2021-05-04');
    expect(formatYmd(inferYear(2, 29, ref('2016-03-01'))!)).toBe('2016-02-29');
    expect(inferYear(2, 30, ref('2016-03-01'))).toBeNull();
  });
});
