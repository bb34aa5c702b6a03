import { describe, expect, it } from 'vitest';
import { cleanText, decodeEntities, isDamaged } from './text.js';

describe('text cleaning', () => {
  it('decodes entities, including literal &nbsp; left in scraped bodies', () => {
    expect(decodeEntities('&nbsp;&nbsp;&nbsp; Pyongyang, May 4 (KCNA)')).toBe('\u00A0\u00A0\u00A0 Pyongyang, May 4 (KCNA)');
    expect(decodeEntities('&quot;x&quot; &#8220;y&#8221; &#x27;z&#39;')).toBe('"x" “y” \'z\'');
  });
  it('decodes exactly once: an encoded entity is text as published', () => {
    expect(decodeEntities('a text about markup: &amp;lt;script&amp;gt;')).toBe('a text about markup: &lt;script&gt;');
    expect(decodeEntities('Tom &amp;amp; Jerry')).toBe('Tom &amp; Jerry');
    expect(cleanText('&amp;nbsp; is how HTML writes a space')).toBe('&nbsp; is how HTML writes a space');
    expect(cleanText('&lt;script&gt;')).toBe('<script>');
  });
  it('leaves bare ampersands as they are (R&D, S&P, KFP&MCHA in the corpus)', () => {
    expect(cleanText('the R & D of nuclear power, the S&P, the KFP&MCHA')).toBe('the R & D of nuclear power, the S&P, the KFP&MCHA');
  });
  it('does not decode text taken out of parsed HTML again', () => {
    expect(cleanText('&lt;p&gt; &amp;', { decoded: true })).toBe('&lt;p&gt; &amp;');
  });
  it('turns odd spaces into plain spaces and composes Hangul (NFC)', () => {
    expect(cleanText('a\u3000b\u00A0c\u200Bd')).toBe('a b cd');
    const decomposed = '\u1105\u1169\u1103\u1169\u11BC'; // 로동 as jamo
    expect(cleanText(decomposed)).toBe('로동');
  });
  it('folds full-width digits (Rodong writes ２０２６)', () => {
    expect(cleanText('주체１１５(２０２６)년')).toBe('주체115(2026)년');
  });
  it('drops control characters but tab and line breaks, and reports the repair', () => {
    const report = { repaired: false };
    expect(cleanText('a\u0000b\u0001c\u000Bd\u000Ce\u001Af\u007Fg\u0085h\u009Fi\tj\nk\r\nl', { report })).toBe('abcdefghi\tj\nk\r\nl');
    expect(report.repaired).toBe(true);
    // A control between a letter and its combining mark does not keep them from composing.
    expect(cleanText('e\u0000\u0301')).toBe('é');
    // Zero-width characters are removed without counting as a repair; so is a clean text.
    const clean = { repaired: false };
    expect(cleanText('a\u200Bb\uFEFFc 한글 text', { report: clean })).toBe('abc 한글 text');
    expect(clean.repaired).toBe(false);
    // A control written as an entity is a control too.
    const entity = { repaired: false };
    expect(cleanText('a&#1;b', { report: entity })).toBe('ab');
    expect(entity.repaired).toBe(true);
  });
  it('makes a lone surrogate one U+FFFD, and keeps pairs', () => {
    expect(cleanText('a\uD800b')).toBe('a\uFFFDb');
    expect(cleanText('a\uDC00\uD800b')).toBe('a\uFFFD\uFFFDb');
    expect(cleanText('a\uD83D\uDE00b \uD800')).toBe('a😀b \uFFFD');
    expect(isDamaged(cleanText('x\uDBFF'))).toBe(true);
  });
  it('flags U+FFFD damage without removing it', () => {
    const s = 'issue a joint \uFFFDmew Year editorial';
    expect(cleanText(s)).toContain('\uFFFD');
    expect(isDamaged(s)).toBe(true);
    expect(isDamaged('clean')).toBe(false);
  });
});
