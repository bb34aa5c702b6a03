import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awkwardChar, awkwardText, FUZZ_TIMEOUT_MS, fuzzParams, HANG_MS, millis } from '../../testing/fuzz.js';
import type { QueryNode } from './ast.js';
import { QuerySyntaxError } from './errors.js';
import { FILTER_FIELDS } from './fields.js';
import { parseQuery } from './parse.js';
import { planQuery } from './plan.js';

/** Pieces a query is made of, including every piece of syntax, so random queries reach the parser's branches. */
const piece = fc.oneof(
  fc.constantFrom('AND', 'OR', 'NOT', '-', '(', ')', '"', '*', ' ', '  ', '\t', ':', '..', 'title:', 'source:', 'lang:', 'date:', 'entity:', 'author:'),
  fc.constantFrom('kim', 'Jong', 'Un', '김정은', 'nucl*', 'date:2013-12', 'date:..2000', 'date:2014..2013', 'lang:ko', 'source:kcna', '2013-02-30', 'a-b'),
  awkwardChar,
  fc.string({ maxLength: 5 }),
);
const query = fc.array(piece, { maxLength: 40 }).map((ps) => ps.join(''));

/** Runs `fn`; returns what it gave or the QuerySyntaxError it threw; anything else thrown fails the property. */
function valueOrSyntaxError<T>(q: string, fn: (q: string) => T): T | QuerySyntaxError {
  try {
    return fn(q);
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw new Error(`${q}: threw ${String(e)}`);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.position).toBeGreaterThanOrEqual(0);
    expect(e.position).toBeLessThanOrEqual(q.length);
    expect(e.query).toBe(q);
    expect(e.toJSON().message).toContain(`position ${e.position + 1}`);
    return e;
  }
}

function* nodes(n: QueryNode): Generator<QueryNode> {
  yield n;
  if (n.type === 'not') yield* nodes(n.child);
  else if (n.type === 'and' || n.type === 'or') for (const c of n.children) yield* nodes(c);
}

describe('parseQuery and planQuery on any text', () => {
  it('give a tree or a QuerySyntaxError with a position inside the query', () => {
    fc.assert(
      fc.property(fc.oneof(query, awkwardText()), (q) => {
        const tree = valueOrSyntaxError(q, parseQuery);
        valueOrSyntaxError(q, (s) => planQuery(s));
        if (tree instanceof QuerySyntaxError) return;
        let terms = 0;
        for (const n of nodes(tree)) {
          if (n.type === 'text') {
            terms++;
            // Each word points at where it was typed.
            expect(q.startsWith(n.phrase ? `"${n.value}"` : n.value, n.pos)).toBe(true);
          } else if (n.type === 'filter') {
            terms++;
            expect(q.slice(n.pos).toLowerCase().startsWith(`${n.field}:`)).toBe(true);
          } else if (n.type !== 'not') expect(n.children.length).toBeGreaterThan(1);
        }
        expect(terms).toBeGreaterThan(0);
        expect(terms).toBeLessThanOrEqual(64);
      }),
      fuzzParams(500),
    );
  }, FUZZ_TIMEOUT_MS);

  it('finish quickly on large adversarial queries', () => {
    const huge = [
      'NOT '.repeat(100_000) + 'a',
      '('.repeat(100_000) + 'a' + ')'.repeat(100_000),
      '"' + 'word '.repeat(100_000) + '"',
      '"' + 'Kim Jong Un '.repeat(30_000) + '"',
      'a'.repeat(1_000_000),
      '"'.repeat(100_001),
      '-'.repeat(100_000) + 'a',
      'title:'.repeat(100_000) + 'a',
      'date:' + '2013..'.repeat(50_000),
      'a '.repeat(100_000),
      '김정은'.repeat(100_000),
      '\u202e'.repeat(100_000),
    ];
    for (const q of huge) {
      const ms = millis(() => valueOrSyntaxError(q, (s) => planQuery(s)));
      expect(ms, q.slice(0, 20)).toBeLessThan(HANG_MS);
    }
  });

  it('keeps the counterexamples fuzzing found', () => {
    // 100,000 NOTs overflowed the stack: a RangeError instead of a syntax error.
    expect(valueOrSyntaxError('NOT '.repeat(100_000) + 'a', parseQuery)).toBeInstanceOf(QuerySyntaxError);
    expect(valueOrSyntaxError('NOT NOT a', parseQuery)).toMatchObject({ type: 'not', child: { type: 'not' } });
    // A phrase of 20,000 words took 1 s to plan and 100,000 took 55 s (every variant copied at every word);
    // 1,000 names in one phrase took 10 s, 30,000 ran out of memory. Now a phrase holds at most 256 words.
    expect(millis(() => valueOrSyntaxError('"' + 'x '.repeat(100_000) + '"', planQuery))).toBeLessThan(HANG_MS);
    const names = valueOrSyntaxError('"' + 'Kim Jong Un '.repeat(1000) + '"', planQuery);
    expect(names).toMatchObject({ message: 'too many words in one phrase (at most 256)', position: 0 });
    expect(() => planQuery('"' + 'Kim Jong Un '.repeat(85) + '"')).not.toThrow();
  });
});

/** Query trees as a user could type them, printed and parsed back. */
const word = fc.stringMatching(/^[a-z가-힣][a-z0-9가-힣'.-]{0,7}$/);
const phrase = fc.string({ maxLength: 12 }).filter((s) => !s.includes('"'));
const textNode = fc.record({ value: fc.oneof(word, phrase), quoted: fc.boolean(), prefix: fc.boolean(), title: fc.boolean() }).map(({ value, quoted, prefix, title }) => {
  const phraseValue = quoted || !/^[a-z가-힣][a-z0-9가-힣'.-]*$/.test(value);
  return { type: 'text', value, phrase: phraseValue, prefix, field: title ? 'title' : null, pos: 0 } as QueryNode;
});
const filterRaw = fc.oneof(
  fc.tuple(fc.constant('source'), fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,8}$/)),
  fc.tuple(fc.constant('lang'), fc.stringMatching(/^[a-z]{2,3}$/)),
  fc.tuple(fc.constant('entity'), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}$/)),
  fc.tuple(fc.constant('date'), fc.constantFrom('2013', '2013-12', '2012-02-29', '..2000', '2016..', '2013-12-01..2014-01-31', '1900..1999-12')),
);
const filterNode = filterRaw.map(([field, raw]) => ({ type: 'filter', field, value: FILTER_FIELDS[field].parse(raw), raw, pos: 0 }) as QueryNode);
const tree: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textNode,
    filterNode,
    tie('node').map((child) => ({ type: 'not', child }) as QueryNode),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((children) => ({ type: 'and', children }) as QueryNode),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((children) => ({ type: 'or', children }) as QueryNode),
  ),
})).node;

function print(n: QueryNode): string {
  const group = (c: QueryNode) => (c.type === 'and' || c.type === 'or' ? `(${print(c)})` : print(c));
  switch (n.type) {
    case 'text':
      return `${n.field ? 'title:' : ''}${n.phrase ? `"${n.value}"` : n.value}${n.prefix ? '*' : ''}`;
    case 'filter':
      return `${n.field}:${n.raw}`;
    case 'not':
      return `NOT ${group(n.child)}`;
    default:
      return n.children.map(group).join(n.type === 'or' ? ' OR ' : ' ');
  }
}

function withoutPositions(n: QueryNode): unknown {
  if (n.type === 'text' || n.type === 'filter') return { ...n, pos: 0 };
  if (n.type === 'not') return { type: 'not', child: withoutPositions(n.child) };
  return { type: n.type, children: n.children.map(withoutPositions) };
}

const termsOf = (n: QueryNode): number => [...nodes(n)].filter((c) => c.type === 'text' || c.type === 'filter').length;

describe('parseQuery round trip', () => {
  it('parses a printed tree back to the same tree', () => {
    fc.assert(
      fc.property(
        tree.filter((t) => termsOf(t) <= 64),
        (t) => {
          expect(withoutPositions(parseQuery(print(t)))).toEqual(withoutPositions(t));
        },
      ),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);
});
