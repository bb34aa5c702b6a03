import { describe, expect, it } from 'vitest';
import { compareArticles, compareParagraphs, countWords, DIFF_BUDGET, type DiffPiece, diffParagraphs, diffStats, diffWords, segmentWords, sharedWords } from './diff.js';

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

/** What a comparison says each side was: every piece but the added ones is the old text, but the removed ones the new. */
function sides(pieces: DiffPiece[]) {
  return {
    before: pieces.filter((p) => p.op !== 'added').map((p) => p.text).join(''),
    after: pieces.filter((p) => p.op !== 'removed').map((p) => p.text).join(''),
  };
}

const words = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `w${((i + 1) * seed) % 997}`).join(' ');

describe('bounded comparison', () => {
  it('compares word by word while the texts are close, as diffWords does', () => {
    const before = { title: 'Leader visits factory', body: ['The delegation left Pyongyang on Monday.', 'It met workers.'] };
    const after = { title: 'Leader visits farm', body: ['The delegation left Pyongyang on Tuesday.', 'It met workers.'] };
    const d = compareArticles(before, after);
    expect(d.granularity).toBe('word');
    expect(d.body).toEqual(diffWords(before.body.join('\n'), after.body.join('\n')));
    expect(d.title).toEqual(diffWords(before.title, after.title));
    expect({ added: d.added, removed: d.removed }).toEqual({ added: 2, removed: 2 });
  });

  it('keeps word diffs for a small change in a long text (common paragraphs set aside)', () => {
    const body = Array.from({ length: 3000 }, (_, i) => `Paragraph ${i} ${words(50, i + 1)}.`);
    const changed = [...body];
    changed[1500] = changed[1500].replace('Paragraph', 'Section');
    const d = compareParagraphs(body, changed);
    expect(d.granularity).toBe('word');
    expect(d.pieces.filter((p) => p.op !== 'same')).toEqual([
      { op: 'removed', text: 'Paragraph' },
      { op: 'added', text: 'Section' },
    ]);
    expect(sides(d.pieces)).toEqual({ before: body.join('\n'), after: changed.join('\n') });
  });

  it('falls back to paragraphs above the size budget, word diffs only in small similar pairs', () => {
    const before = ['Same opening.', 'The delegation left on Monday.', words(40, 3), 'Same ending.'];
    const after = ['Same opening.', 'The delegation left on Tuesday.', words(40, 7), 'Same ending.'];
    const d = compareParagraphs(before, after, 'en', { ...DIFF_BUDGET, wordChars: 10 });
    expect(d.granularity).toBe('paragraph');
    const paras = diffParagraphs(d.pieces);
    expect(paras[0]).toEqual([{ op: 'same', text: 'Same opening.' }]);
    // A close pair is compared word by word…
    expect(paras[1]).toContainEqual({ op: 'added', text: 'Tuesday' });
    // …an unrelated one is shown removed and added whole.
    expect(paras[2]).toEqual([{ op: 'removed', text: before[2] }]);
    expect(paras[3]).toEqual([{ op: 'added', text: after[2] }]);
    expect(paras[4]).toEqual([{ op: 'same', text: 'Same ending.' }]);
    expect(sides(d.pieces)).toEqual({ before: before.join('\n'), after: after.join('\n') });
    expect(d.added).toBe(1 + 40);
    expect(d.removed).toBe(1 + 40);
  });

  it('falls back when the word-level edit bound is exceeded', () => {
    const d = compareParagraphs([words(200, 3)], [words(200, 7)], 'en', { ...DIFF_BUDGET, wordEdits: 50 });
    expect(d.granularity).toBe('paragraph');
    expect(d.pieces).toEqual([
      { op: 'removed', text: words(200, 3) },
      { op: 'added', text: words(200, 7) },
    ]);
  });

  it('shows the differing middle as replaced when even paragraphs differ too much, text intact', () => {
    const before = Array.from({ length: 400 }, (_, i) => `old ${i} ${words(30, i + 2)}`);
    const after = Array.from({ length: 400 }, (_, i) => `new ${i} ${words(30, i + 5)}`);
    const d = compareParagraphs(before, after, 'en', { ...DIFF_BUDGET, paragraphEdits: 20, pairs: 0 });
    expect(d.granularity).toBe('paragraph');
    expect(d.pieces.map((p) => p.op)).toEqual(['removed', 'added']);
    expect(sides(d.pieces)).toEqual({ before: before.join('\n'), after: after.join('\n') });
  });

  it('gives up word diffs once the time budget is spent', () => {
    const d = compareParagraphs(['The delegation left on Monday.'], ['The delegation left on Tuesday.'], 'en', { ...DIFF_BUDGET, timeMs: 0 });
    expect(d.granularity).toBe('paragraph');
    expect(sides(d.pieces)).toEqual({ before: 'The delegation left on Monday.', after: 'The delegation left on Tuesday.' });
  });

  it('gives the same words for a long text segmented in pieces', () => {
    const long = Array.from({ length: 400 }, (_, i) => `Word${i}, said   the  party's leader.`).join(' ');
    const tokens = segmentWords(long);
    expect(tokens.join('')).toBe(long);
    expect(tokens.filter((t) => /\p{L}/u.test(t))).toEqual([...new Intl.Segmenter('en', { granularity: 'word' }).segment(long)].filter((s) => /\p{L}/u.test(s.segment)).map((s) => s.segment));
    const ko = '김정은동지께서 평양시를 현지지도하시였다. '.repeat(200);
    expect(segmentWords(ko, 'ko').join('')).toBe(ko);
  });

  it('counts words without segmentation', () => {
    expect(countWords("The party's 3.5 million members, 평양시를 현지지도하시였다")).toBe(7);
    expect(sharedWords(segmentWords('a b c d'), segmentWords('a b x y'))).toBe(0.5);
  });
});
