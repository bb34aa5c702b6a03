import { describe, expect, it } from 'vitest';
import { planQuery, positiveSeqs } from './query/plan.js';
import { highlight, matchSpans, snippet } from './snippet.js';

const seqs = (q: string) => positiveSeqs(planQuery(q));

describe('snippets', () => {
  it('marks words and phrases as the text writes them, escaping the rest', () => {
    const text = 'The <DPRK> said: Kim Jong-un visited the Café.';
    expect(highlight(text, matchSpans(text, seqs('"kim jong un" cafe')))).toBe(
      'The &lt;DPRK&gt; said: <mark>Kim Jong-un</mark> visited the <mark>Café</mark>.',
    );
  });

  it('marks the Korean spelling the text uses, inside compounds', () => {
    const text = '조선로동당 중앙위원회';
    expect(highlight(text, matchSpans(text, seqs('노동')))).toBe('조선<mark>로동</mark>당 중앙위원회');
  });

  it('does not mark negated words and starts the window at a word', () => {
    const body = `${'word '.repeat(60)}\nPyongyang, March 1 -- nuclear test ${'tail '.repeat(80)}`;
    const s = snippet(body, seqs('nuclear -test'));
    expect(s).toContain('<mark>nuclear</mark> test');
    expect(s).toMatch(/^… (word |Pyongyang)/);
    expect(s.endsWith(' …')).toBe(true);
  });
});
