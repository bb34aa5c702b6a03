import { expect, it } from 'vitest';
import { stripRepeatedTitle } from './headline.js';

it('drops the title repeated as the first line', () => {
  expect(stripRepeatedTitle(['Abolition of Fascist Law Demanded in S. Korea', 'Pyongyang, January 5 (KCNA) -- Text.'], 'Abolition of Fascist Law Demanded in S. Korea')).toEqual([
    'Pyongyang, January 5 (KCNA) -- Text.',
  ]);
  // The index title has a typo the body line does not: still the same headline.
  expect(stripRepeatedTitle(['New Year editorial calls for stepping up general onward movement', 'Body.'], 'New Year editorial calls for stepping up general onwar movement')).toEqual(['Body.']);
});

it('drops a short headline line standing before the dateline even when the index title differs', () => {
  expect(stripRepeatedTitle(['Greetings to Albanian Foreign Minister', 'Pyongyang, November 28 (KCNA) -- DPRK Foreign Minister sent greetings.'], 'Greetings to Albanian President')).toEqual([
    'Pyongyang, November 28 (KCNA) -- DPRK Foreign Minister sent greetings.',
  ]);
});

it('keeps a first paragraph that is text, not a headline', () => {
  const p = ['Kim Jong Un, general secretary, met the creators.', 'They were overwhelmed.'];
  expect(stripRepeatedTitle(p, 'Respected Comrade Kim Jong Un Meets Creators')).toEqual(p);
});

it('keeps a lead sentence that restates the headline with more words (Rodong Sinmun, 11 February 2022)', () => {
  const p = ['The 2nd grand workshop for officials in the construction sector continues.', 'More speeches were made in the Wednesday second-day sitting of the meeting.'];
  expect(stripRepeatedTitle(p, '2nd Grand Workshop for Officials in Construction Sector Continues')).toEqual(p);
  // The headline itself, or a headline line glued to the dateline, still goes.
  expect(stripRepeatedTitle(['2nd Grand Workshop for Officials in Construction Sector Continues', p[1]], '2nd Grand Workshop for Officials in Construction Sector Continues')).toEqual([p[1]]);
});
