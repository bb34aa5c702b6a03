import { describe, expect, it } from 'vitest';
import { QuerySyntaxError } from './errors.js';
import { parseQuery } from './parse.js';
import { planQuery } from './plan.js';

function error(q: string): QuerySyntaxError {
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof QuerySyntaxError) return e;
    throw e;
  }
  throw new Error(`expected ${q} to fail`);
}

describe('parseQuery', () => {
  it('joins neighbouring terms with AND and honours precedence', () => {
    expect(parseQuery('a b OR c')).toEqual({
      type: 'or',
      children: [
        {
          type: 'and',
          children: [
            { type: 'text', value: 'a', phrase: false, prefix: false, field: null, pos: 0 },
            { type: 'text', value: 'b', phrase: false, prefix: false, field: null, pos: 2 },
          ],
        },
        { type: 'text', value: 'c', phrase: false, prefix: false, field: null, pos: 7 },
      ],
    });
  });

  it('reads phrases, prefixes, NOT and -word, parentheses and fields', () => {
    const n = parseQuery('"nuclear test" nucl* -war NOT (peace OR talks) title:summit title:"party congress" source:kcna-co-jp lang:EN date:2013');
    expect(n.type).toBe('and');
    const c = (n as { children: unknown[] }).children;
    expect(c[0]).toMatchObject({ type: 'text', value: 'nuclear test', phrase: true });
    expect(c[1]).toMatchObject({ type: 'text', value: 'nucl', prefix: true });
    expect(c[2]).toMatchObject({ type: 'not', child: { value: 'war' } });
    expect(c[3]).toMatchObject({ type: 'not', child: { type: 'or' } });
    expect(c[4]).toMatchObject({ type: 'text', value: 'summit', field: 'title' });
    expect(c[5]).toMatchObject({ type: 'text', value: 'party congress', field: 'title', phrase: true });
    expect(c[6]).toMatchObject({ type: 'filter', field: 'source', value: { kind: 'keyword', value: 'kcna-co-jp' } });
    expect(c[7]).toMatchObject({ type: 'filter', field: 'lang', value: { kind: 'keyword', value: 'en' } });
    expect(c[8]).toMatchObject({ type: 'filter', field: 'date', value: { kind: 'date', from: '2013-01-01', to: '2013-12-31' } });
  });

  it('applies title: to a group', () => {
    expect(parseQuery('title:(a OR "b c")')).toMatchObject({ type: 'or', children: [{ field: 'title' }, { field: 'title', phrase: true }] });
  });

  it('reads every date form', () => {
    const d = (q: string) => (parseQuery(q) as { value: unknown }).value;
    expect(d('date:2013-12')).toEqual({ kind: 'date', from: '2013-12-01', to: '2013-12-31' });
    expect(d('date:2012-02')).toEqual({ kind: 'date', from: '2012-02-01', to: '2012-02-29' });
    expect(d('date:2013-12-01..2014-01-31')).toEqual({ kind: 'date', from: '2013-12-01', to: '2014-01-31' });
    expect(d('date:2013..2014-06')).toEqual({ kind: 'date', from: '2013-01-01', to: '2014-06-30' });
    expect(d('date:..2000')).toEqual({ kind: 'date', from: null, to: '2000-12-31' });
    expect(d('date:2016..')).toEqual({ kind: 'date', from: '2016-01-01', to: null });
  });

  it('treats lower-case and/or/not as words', () => {
    expect(parseQuery('war and peace')).toMatchObject({ type: 'and', children: [{ value: 'war' }, { value: 'and' }, { value: 'peace' }] });
  });

  it.each([
    ['"nuclear test', 0, 'quote is never closed'],
    ['a (b OR c', 2, "'(' is never closed"],
    ['a b) c', 3, "')' has no matching '('"],
    ['author:kim', 0, "unknown field 'author:'"],
    ['date:2013-13', 5, 'date:'],
    ['date:2013-02-30', 5, 'date:'],
    ['date:2014..2013', 5, 'ends before it starts'],
    ['a OR', 2, 'OR needs a term after it'],
    ['OR a', 0, 'OR needs a term before it'],
    ['a AND', 2, 'AND needs a term after it'],
    ['NOT', 0, 'NOT needs a term after it'],
    ['()', 0, 'empty parentheses'],
    ['   ', 0, 'the query is empty'],
    ['*', 0, "'*' needs letters"],
    ['title: x', 0, 'title: needs'],
    ['lang:english', 5, 'not a language code'],
  ])('rejects %j at position %i', (q, position, message) => {
    const e = error(q);
    expect(e.position).toBe(position);
    expect(e.message).toContain(message);
    expect(e.toJSON().message).toContain(`position ${position + 1}`);
  });

  it('rejects more than 64 terms, pointing at the 65th', () => {
    const words = Array.from({ length: 65 }, (_, i) => `w${i}`);
    const e = error(words.join(' '));
    expect(e.message).toContain('too many terms');
    expect(e.position).toBe(words.slice(0, 64).join(' ').length + 1);
    expect(() => parseQuery(words.slice(0, 64).join(' '))).not.toThrow();
  });

  it('never throws anything but QuerySyntaxError', () => {
    for (const q of ['((((', '"', '-', '--a', 'a:b:c', 'title:', 'title:(', ')(', 'NOT NOT a', 'a -', '-"x"', 'date:', 'source:"x y"', 'a*b*']) {
      try {
        planQuery(q);
      } catch (e) {
        expect(e).toBeInstanceOf(QuerySyntaxError);
      }
    }
  });
});

describe('planQuery', () => {
  it('splits words at punctuation into phrases and folds case and diacritics', () => {
    expect(planQuery('Jong-Un')).toMatchObject({ type: 'seq', tokens: [{ text: 'jong' }, { text: 'un' }] });
    expect(planQuery('Café')).toMatchObject({ type: 'seq', tokens: [{ text: 'cafe' }] });
  });

  it('expands a name written as bare words to all its listed forms', () => {
    const plan = planQuery('Kim Jong Un visited');
    expect(plan.type).toBe('and');
    const [name, visited] = (plan as { children: { type: string; children?: { tokens: { text: string }[] }[] }[] }).children;
    expect(visited).toMatchObject({ type: 'seq', tokens: [{ text: 'visited' }] });
    const forms = name.children!.map((c) => c.tokens.map((t) => t.text).join(' '));
    expect(forms).toEqual(expect.arrayContaining(['kim jong un', 'kim jongun', 'kim jong eun', '김정은']));
  });

  it('expands names inside phrases, and Choe Son-hui like Choe Son Hui', () => {
    const forms = (q: string) => {
      const p = planQuery(q) as { children: { tokens: { text: string }[] }[] };
      return p.children.map((c) => c.tokens.map((t) => t.text).join(' ')).sort();
    };
    expect(forms('"Choe Son-hui said"')).toEqual(forms('"choe son hui said"'));
    expect(forms('"Choe Son-hui said"')).toContain('choe sonhui said');
  });
});
