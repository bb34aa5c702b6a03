import { expect, it } from 'vitest';
import { stripEndMark } from './end-marks.js';

it('strips -0- and (끝) end marks, alone or at the end of the last paragraph', () => {
  expect(stripEndMark(['A.', 'Leap forward. -0-'])).toEqual(['A.', 'Leap forward.']);
  expect(stripEndMark(['A.', '-0-'])).toEqual(['A.']);
  expect(stripEndMark(['소개한 글(끝)'])).toEqual(['소개한 글']);
  expect(stripEndMark(['Score was 1-0-2 today.'])).toEqual(['Score was 1-0-2 today.']);
});
