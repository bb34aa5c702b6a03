import { describe, expect, it } from 'vitest';
import { toParagraphs } from './paragraphs.js';

describe('toParagraphs', () => {
  it('splits \\r\\n plus tab indentation (kcna.co.jp 2008+)', () => {
    const body = 'Title here\r\n Pyongyang, January 5 (KCNA) -- First sentence.\n\t\t\t\t\t Second paragraph. \n\t\t\t\t\t Third.';
    expect(toParagraphs(body)).toEqual(['Title here', 'Pyongyang, January 5 (KCNA) -- First sentence.', 'Second paragraph.', 'Third.']);
  });
  it('turns literal &nbsp; indents into nothing', () => {
    const body = 'Day of Bikini observed \r\n&nbsp;&nbsp;&nbsp; Pyongyang, March 1 (KCNA) -- The disaster. &nbsp;&nbsp;&nbsp;\r\n Earlier, A-bombs were dropped.';
    expect(toParagraphs(body)).toEqual(['Day of Bikini observed', 'Pyongyang, March 1 (KCNA) -- The disaster.', 'Earlier, A-bombs were dropped.']);
  });
  it('joins hard-wrapped lines back where indentation marks paragraphs (kcna.co.jp 1997)', () => {
    const body =
      '3rd meeting of J-K joint investigation comm\r\n   Tokyo, January 8 (kns-KCNA) -- The Japan-Korea Joint \r\nInvestigation Committee had its 3rd meeting on Dec. 27 last \r\nyear in connection with the fact.\r\n   An agreement was reached at the meeting upon continuing \r\nto urge the police. \r\n\r\n\r\n';
    expect(toParagraphs(body)).toEqual([
      '3rd meeting of J-K joint investigation comm',
      'Tokyo, January 8 (kns-KCNA) -- The Japan-Korea Joint Investigation Committee had its 3rd meeting on Dec. 27 last year in connection with the fact.',
      'An agreement was reached at the meeting upon continuing to urge the police.',
    ]);
  });
  it('keeps Korean blank-line paragraphs', () => {
    expect(toParagraphs('제목\n\n(평양 8월 21일발 조선중앙통신)\n\n첫 문단이다.\n\n둘째 문단이다.(끝)')).toEqual([
      '제목',
      '(평양 8월 21일발 조선중앙통신)',
      '첫 문단이다.',
      '둘째 문단이다.(끝)',
    ]);
  });
  it('accepts a list of paragraphs', () => {
    expect(toParagraphs(['  One. ', '', 'Two.'])).toEqual(['One.', 'Two.']);
  });
});
