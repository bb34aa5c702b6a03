import { describe, expect, it } from 'vitest';
import { cleanText, decodeEntities, isDamaged } from './text.js';

describe('text cleaning', () => {
  it('decodes entities, including literal &nbsp; left in scraped bodies', () => {
    expect(decodeEntities('&nbsp;&nbsp;&nbsp; Pyongyang, May 4 (KCNA)')).toBe('\u00A0\u00A0\u00A0 Pyongyang, May 4 (KCNA)');
    expect(decodeEntities('Tom &amp;amp; Jerry &quot;x&quot; &#8220;y&#8221;')).toBe('Tom & Jerry "x" “y”');
  });
  it('turns odd spaces into plain spaces and composes Hangul (NFC)', () => {
    expect(cleanText('a\u3000b\u00A0c\u200Bd')).toBe('a b cd');
    const decomposed = '\u1105\u1169\u1103\u1169\u11BC'; // 로동 as jamo
    expect(cleanText(decomposed)).toBe('로동');
  });
  it('folds full-width digits (Rodong writes ２０２６)', () => {
    expect(cleanText('주체１１５(２０２６)년')).toBe('주체115(2026)년');
  });
  it('flags U+FFFD damage without removing it', () => {
    const s = 'issue a joint \uFFFDmew Year editorial';
    expect(cleanText(s)).toContain('\uFFFD');
    expect(isDamaged(s)).toBe(true);
    expect(isDamaged('clean')).toBe(false);
  });
});
