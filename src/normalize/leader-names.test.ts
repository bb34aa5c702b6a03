import { expect, it } from 'vitest';
import { unglueLeaderNames } from './leader-names.js';

it('unglues leader names from their neighbours (kcna.kp scrape defect)', () => {
  expect(unglueLeaderNames('held atKim Il SungSquare on January 1')).toBe('held at Kim Il Sung Square on January 1');
  expect(unglueLeaderNames('The respected ComradeKim Jong Unreceived messages')).toBe('The respected Comrade Kim Jong Un received messages');
  expect(unglueLeaderNames('"Song of GeneralKim Jong Il" resounded')).toBe('"Song of General Kim Jong Il" resounded');
  expect(unglueLeaderNames('ChairmanKim Jong Ilon')).toBe('Chairman Kim Jong Il on');
});

it('leaves correct text and solid-written derived words alone', () => {
  const ok = "Kim Jong Un's speech at Kim Il Sung Square; Kimilsungism-Kimjongilism; Kim Il Sungism";
  expect(unglueLeaderNames(ok)).toBe(ok);
  expect(unglueLeaderNames('Kim Jong Il.')).toBe('Kim Jong Il.');
});
