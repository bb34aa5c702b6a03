import fc from 'fast-check';
import { expect, it } from 'vitest';
import { matchesAfterNonLetter, SURNAMES } from './names.js';

const TAIL = String.raw` ([A-Z][a-z]{0,5})(?:[ -]([A-Za-z][a-z]{0,5}))?(?![\p{L}\p{N}-])`;
const withLookBehind = new RegExp(String.raw`(?<![\p{L}\p{N}])(${SURNAMES.join('|')})${TAIL}`, 'gu');
const without = new RegExp(String.raw`(${SURNAMES.join('|')})${TAIL}`, 'gu');
const summary = (ms: Iterable<RegExpExecArray>) => [...ms].map((m) => [m.index, ...m]);

it('finds the matches the look-behind form finds, after letters, digits, accents, Hangul and surrogate pairs', () => {
  const piece = fc.constantFrom('Kim', 'Ri', 'O', 'U', 'Pak', ' ', 'Yong', 'Nam', '-', 'Chol', 'x', 'X', '7', 'é', '김', '𝐀', '\ud835', 'Jo Ri', ', ', '.');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      const text = parts.join('');
      expect(summary(matchesAfterNonLetter(text, without))).toEqual(summary(text.matchAll(withLookBehind)));
    }),
    { numRuns: 3000 },
  );
  // A name right after a letter is skipped, and the search goes on inside it.
  expect(summary(matchesAfterNonLetter('XKim Ri Yong Nam', without)).map((m) => m[0])).toEqual([5]);
});
