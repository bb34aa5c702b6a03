import { describe, expect, it } from 'vitest';
import { foldHangul, foldLatin } from './fold.js';
import { indexForm, runTokens, tokenize } from './tokens.js';

describe('foldHangul (두음법칙)', () => {
  it.each([
    ['로동', '노동'],
    ['리용', '이용'],
    ['력사', '역사'],
    ['녀성', '여성'],
    ['련합', '연합'],
    ['락원', '낙원'],
    ['료리', '요리'],
    ['류학', '유학'],
    ['래일', '내일'],
    ['례절', '예절'],
    ['뉴대', '유대'],
  ])('%s and %s fold to one form', (north, south) => {
    expect(foldHangul(north)).toBe(foldHangul(south));
  });

  it('keeps length and leaves other syllables and scripts alone', () => {
    const s = '조선 Korea 2026 平壤 김정은';
    expect(foldHangul(s)).toBe(s);
    // Folding is applied to every syllable, not only word-initially: 년 folds like 연.
    expect(foldHangul('2026년')).toBe('2026연');
    expect(foldHangul('조선로동당').length).toBe(5);
  });
});

describe('tokens', () => {
  it('folds Latin case and diacritics', () => {
    expect(foldLatin('CAFÉ')).toBe('cafe');
    expect(foldLatin('Pyongyang')).toBe('pyongyang');
  });

  it('splits at punctuation and between Hangul and other letters', () => {
    expect(tokenize("Kim Jong-un's 18일 visit").map((t) => t.text)).toEqual(['kim', 'jong', 'un', 's', '18', '일', 'visit']);
  });

  it('turns Hangul runs into overlapping bigrams plus the last syllable', () => {
    expect(runTokens('노동당')).toEqual(['노동', '동당', '당']);
    expect(runTokens('당')).toEqual(['당']);
    expect(indexForm('조선로동당 중앙위원회 plenary')).toBe(' 조선 선노 노동 동당 당   중앙 앙위 위원 원회 회  plenary');
    expect(indexForm('no Korean here')).toBe('no Korean here');
  });
});
