import { expect, it } from 'vitest';
import { cleanTitle, deriveTitle, truncateAtWord } from './title.js';

it('derives a title from the first sentence, without the dateline', () => {
  expect(deriveTitle(['Pyongyang, May 4 (KCNA) -- A delegation left here. It will visit Laos.'])).toBe('A delegation left here.');
  expect(deriveTitle(['(평양 8월 21일발 조선중앙통신)', '세계보건기구 총국장이 경고하였다. 그는 밝혔다.'])).toBe('세계보건기구 총국장이 경고하였다.');
});

it('cuts a long derived title at a word boundary with an ellipsis', () => {
  const long = 'Officials and working people in North Hamgyong Province have built standard pharmacies in its cities and counties across the whole province this year';
  const t = truncateAtWord(long, 60);
  expect(t.endsWith('…')).toBe(true);
  expect(t.length).toBeLessThanOrEqual(61);
  expect(long.startsWith(t.slice(0, -1))).toBe(true);
  expect(t.slice(0, -1)).not.toMatch(/\s$/);
});

it('removes outlet prefixes and embedded page dates from titles', () => {
  expect(cleanTitle('조선중앙통신 | 2026년 8월 21일 신문개관')).toBe('2026년 8월 21일 신문개관');
  expect(cleanTitle('Floral Tribute Paid [Juche113.1.2.] to Statues')).toBe('Floral Tribute Paid to Statues');
});
