// Relevance respects the query's language: a Latin-script query ranks English and Spanish articles
// first, a Hangul query Korean first, each group in BM25 order; `lang:` turns the grouping off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../query/parse.js';
import { planQuery } from '../query/plan.js';
import { queryScript } from '../query/script.js';
import { toFts } from './fts-query.js';
import { searchFixture, type Fixture } from '../test-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await searchFixture();
}, 120_000);
afterAll(async () => {
  await fx.store.close();
});

const langOf = (id: number) => fx.docs.find((d) => d.id === id)!.lang;

/** The plain BM25 order of every match, as SQLite ranks it. */
async function bm25(q: string): Promise<number[]> {
  const ev = await fx.search.evaluate(planQuery(q));
  const ranked = fx.store.raw.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts, 3.0, 1.0), rowid').pluck().all(toFts(ev.text!)) as number[];
  const ids = new Set(ev.ids);
  return ranked.filter((id) => ids.has(id));
}

/** Every result in relevance order, read page by page as a client would. */
async function pages(q: string, perPage: number): Promise<number[]> {
  const out: number[] = [];
  for (let page = 1; ; page++) {
    const r = await fx.search.search({ q, page, perPage });
    out.push(...r.results.map((h) => h.id));
    if (r.results.length < perPage) return out;
  }
}

describe('ranking by the query language', () => {
  it('reads the script of the searched words, not of NOT terms, and none when lang: is given', () => {
    expect(queryScript(parseQuery('Kim Jong Un'))).toBe('latin');
    expect(queryScript(parseQuery('김정은 -Kim'))).toBe('hangul');
    expect(queryScript(parseQuery('김정은 OR Kim'))).toBeNull();
    expect(queryScript(parseQuery('Kim Jong Un lang:ko'))).toBeNull();
    expect(queryScript(parseQuery('date:2013 "2013"'))).toBeNull();
  });

  it.each([
    ['Kim Jong Un', ['en', 'es'], 'latin', true],
    ['Kim Jong Il', ['en', 'es'], 'latin', true],
    ['김정은', ['ko'], 'hangul', false],
  ] as const)('%s: %s first, each group in BM25 order, on every page', async (q, first, script, otherOnTop) => {
    const plain = await bm25(q);
    const isFirst = (id: number) => (first as readonly string[]).includes(langOf(id));
    // On these real articles plain BM25 puts Korean on top of an English query (short texts score high).
    if (otherOnTop) expect(isFirst(plain[0])).toBe(false);
    const expected = [...plain.filter(isFirst), ...plain.filter((id) => !isFirst(id))];
    const r = await fx.search.search({ q, perPage: 1000 });
    expect(r.ranking).toBe('bm25');
    expect(r.languageFirst).toBe(script);
    expect(r.results.map((h) => h.id)).toEqual(expected);
    expect(await pages(q, 7)).toEqual(expected);
    expect(r.results.some((h) => !isFirst(h.id))).toBe(true);
  });

  it('keeps plain BM25 when the query names a language, and date order when asked for it', async () => {
    const q = 'Kim Jong Un -lang:es';
    expect((await fx.search.search({ q, perPage: 1000 })).results.map((h) => h.id)).toEqual(await bm25(q));
    const newest = await fx.search.search({ q: 'Kim Jong Un', sort: 'newest', perPage: 5 });
    expect(newest.languageFirst).toBeNull();
    expect(newest.results.map((h) => h.lang)).toContain('ko');
  });
});
