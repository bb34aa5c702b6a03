import { expect, it } from 'vitest';
import { pyongyangDate, pyongyangOffsetMinutes } from './pyongyang-time.js';

it('uses UTC+9, and UTC+8:30 from 2015-08-15 to 2018-05-04', () => {
  expect(pyongyangOffsetMinutes(new Date('2015-08-14T14:59:00Z'))).toBe(540);
  expect(pyongyangOffsetMinutes(new Date('2015-08-14T15:00:00Z'))).toBe(510);
  expect(pyongyangOffsetMinutes(new Date('2018-05-04T15:29:00Z'))).toBe(510);
  expect(pyongyangOffsetMinutes(new Date('2018-05-04T15:30:00Z'))).toBe(540);
});

it('gives the Pyongyang calendar date of an instant', () => {
  // 15:20 UTC is 00:20 next day at UTC+9 but still 23:50 at UTC+8:30.
  expect(pyongyangDate(new Date('2014-06-01T15:20:00Z'))).toBe('2014-06-02');
  expect(pyongyangDate(new Date('2016-06-01T15:20:00Z'))).toBe('2016-06-01');
  expect(pyongyangDate(new Date('2016-06-01T15:31:00Z'))).toBe('2016-06-02');
});
