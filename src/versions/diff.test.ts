import { describe, expect, it } from 'vitest';
import { diffParagraphs, diffStats, diffWords, segmentWords } from './diff.js';

describe('word diff', () => {
  it('marks changed words in English', () => {
    const d = diffWords('The delegation left Pyongyang on Monday.', 'The delegation left Pyongyang on Tuesday.');
    expect(d).toEqual([
      { op: 'same', text: 'The delegation left Pyongyang on ' },
      { op: 'removed', text: 'Monday' },
      { op: 'added', text: 'Tuesday' },
      { op: 'same', text: '.' },
    ]);
    expect(diffStats(d)).toEqual({ added: 1, removed: 1 });
  });

  it('segments Hangul by words, never inside a syllable', () => {
    const words = segmentWords('김정은동지께서 평양시를 현지지도하시였다', 'ko').filter((w) => w.trim());
    expect(words).toEqual(['김정은동지께서', '평양시를', '현지지도하시였다']);
    const d = diffWords('평양시를 현지지도하시였다', '남포시를 현지지도하시였다', 'ko');
    expect(d[0]).toEqual({ op: 'removed', text: '평양시를' });
    expect(d[1]).toEqual({ op: 'added', text: '남포시를' });
  });

  it('keeps paragraphs apart', () => {
    const paras = diffParagraphs(diffWords('One.\nTwo words.', 'One.\nTwo new words.\nThree.'));
    expect(paras).toHaveLength(3);
    expect(paras[1].some((p) => p.op === 'added' && p.text.includes('new'))).toBe(true);
    expect(paras[2]).toEqual([{ op: 'added', text: 'Three.' }]);
  });
});
