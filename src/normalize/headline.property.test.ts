import fc from 'fast-check';
import { expect, it } from 'vitest';
import { sameHeadline } from './headline.js';
import { titleKey } from './title.js';

/** The definition, keying the whole line. */
function sameHeadlineByDefinition(line: string, title: string): boolean {
  const a = titleKey(line);
  const b = titleKey(title);
  if (!a || !b) return false;
  if (a === b || a.startsWith(b) || b.startsWith(a)) return true;
  const wa = new Set(a.split(' '));
  const wb = b.split(' ');
  // A sentence saying more than the title is the lead, not the headline.
  if (/[.!?。]$/u.test(line.trim()) && !/[.!?。]$/u.test(title.trim()) && wa.size > wb.length) return false;
  return wb.filter((w) => wa.has(w)).length / Math.max(wa.size, wb.length) >= 0.75;
}

const word = fc.constantFrom('Kim', 'Jong', 'Un', 'the', 'of', 'Korea', 'ΟΔΟΣ', 'İstanbul', '조선', '2024', 'party', 'a', 'Σ', "'", '--', '.', 'meets');
const text = (max: number) => fc.array(fc.oneof(word, fc.string({ maxLength: 6 })), { maxLength: max }).map((ws) => ws.join(' '));

it('decides as the whole-line definition does, for long lines and repetitive ones', () => {
  const line = (title: string) =>
    fc
      .array(fc.oneof(text(30), fc.constant(title), fc.shuffledSubarray(title.split(' ')).map((ws) => ws.join(' '))), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join(' '));
  fc.assert(
    fc.property(
      text(12).chain((title) => fc.tuple(fc.constant(title), line(title))),
      ([title, l]) => {
        expect(sameHeadline(l, title)).toBe(sameHeadlineByDefinition(l, title));
      },
    ),
    { numRuns: 5000 },
  );
});

it('keys only the start of a long paragraph when the start decides', () => {
  const title = 'Kim Jong Un Inspects Factory';
  const long = `Kim Jong Un inspected the factory on Tuesday. ${'Workers explained how production lines were modernized and output rose again. '.repeat(6)}`;
  expect(sameHeadline(long, title)).toBe(false);
  expect(sameHeadline(`Kim Jong Un Inspects Factory ${long}`, title)).toBe(true);
  expect(sameHeadline(`${'-- '.repeat(200)}Kim Jong Un Inspects Factory`, title)).toBe(true);
});
