import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanText } from './text.js';
import { toParagraphs } from './paragraphs.js';

/** The former form, which squashed the whole body in one pass before splitting it: the rules to keep. */
function referenceParagraphs(body: string): string[] {
  const SENTENCE_END = new Set([...'.!?:;"\'”’»)]。」』…-']);
  const INDENTED = /^ \S/;
  const lines = cleanText(body).replace(/[ \t\f\v]+/g, ' ').split(/\r\n|\r|\n/);
  let indented = 0;
  for (const l of lines) if (INDENTED.test(l)) indented++;
  const capitalized = lines.filter((l) => /^\s*[A-Z]/.test(l)).length;
  const lowercaseMeansWrap = capitalized * 3 >= lines.filter((l) => l.trim().length > 0).length;
  const out: string[] = [];
  let prevBlank = true;
  for (const line of lines) {
    const text = line.trim();
    if (text.length === 0) {
      prevBlank = true;
      continue;
    }
    const prev = out[out.length - 1];
    const lower = text[0] !== text[0].toUpperCase() && text[0] === text[0].toLowerCase();
    const continues =
      prev !== undefined && !prevBlank && out.length > 1 && !SENTENCE_END.has(prev[prev.length - 1]) &&
      ((indented >= 2 && !INDENTED.test(line)) || (lowercaseMeansWrap && lower));
    if (continues) out[out.length - 1] = `${prev} ${text}`;
    else out.push(text);
    prevBlank = false;
  }
  return out;
}

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
  it('gives what squashing the whole body first gave, on any mix of spaces, tabs, line breaks and text', () => {
    const unit = fc.constantFrom(' ', '  ', '\t', '\f', '\v', '\r\n', '\n', '\r', 'A', 'b', 'Kim', 'word', '.', ',', '\u2028', '\u00a0', '&nbsp;', '조선');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
        const body = parts.join('');
        expect(toParagraphs(body)).toEqual(referenceParagraphs(body));
      }),
      { numRuns: 2000 },
    );
  });
});
