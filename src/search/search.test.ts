// The search engine on every backend (testBackends()): the index equals a brute-force scan of the texts
// under the same rules, Korean folding, totals, facets, pages, streams and timelines.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesDoc } from './match.js';
import { planQuery } from './query/plan.js';
import { testBackends } from '../testing/backends.js';
import { collect, searchFixtureAt, type AnyFixture } from './test-fixture.js';

describe.each(testBackends())('search ($name)', (backend) => {
  let fx: AnyFixture;
  beforeAll(async () => {
    fx = await searchFixtureAt(await backend.location());
  }, 300_000);
  afterAll(async () => {
    await fx?.store.close();
    await backend.cleanup();
  });

  /** Ids the index finds, and ids a scan over the texts with the same rules finds. */
  async function both(q: string): Promise<{ index: number[]; scan: number[] }> {
    const plan = planQuery(q);
    return { index: Array.from((await fx.search.evaluate(plan)).ids), scan: fx.docs.filter((d) => matchesDoc(plan, d)).map((d) => d.id) };
  }

  async function expectSame(q: string): Promise<number> {
    const { index, scan } = await both(q);
    expect(index, q).toEqual(scan);
    return index.length;
  }

  /** Picks a document, a field and a run of consecutive tokens; returns the original text they span. */
  const textPick = (opts: { maxTokens: number; korean?: boolean; field?: 'title' | 'body' }) =>
    fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: opts.maxTokens }), fc.boolean()).map(([d, t, len, title]) => {
      const pool = fx.docs.filter((doc) => (opts.korean === undefined ? true : opts.korean === (doc.lang === 'ko')));
      const doc = pool[d % pool.length];
      const useTitle = opts.field ? opts.field === 'title' : title;
      const toks = useTitle ? doc.title : doc.body;
      const text = useTitle ? doc.titleText : doc.bodyText;
      if (toks.length === 0) return 'korea';
      const at = t % toks.length;
      const end = Math.min(toks.length, at + len) - 1;
      return text.slice(toks[at].start, toks[end].end);
    });

  const quote = (s: string) => `"${s.replace(/"/g, ' ')}"`;
  const word = textPick({ maxTokens: 1 }).map((w) => quote(w));

  describe('search equals a brute-force scan of the normalized texts', () => {
    it('holds for plain words', async () => {
      await fc.assert(fc.asyncProperty(word, async (w) => void (await expectSame(w))), { numRuns: 60 });
    });

    it('holds for phrases (across punctuation)', async () => {
      await fc.assert(fc.asyncProperty(textPick({ maxTokens: 5 }), async (p) => void (await expectSame(quote(p)))), { numRuns: 60 });
    });

    it('holds for boolean combinations', async () => {
      const expr = fc.tuple(word, word, word, fc.constantFrom('AND', 'OR', ''), fc.constantFrom('NOT', '-', 'OR', 'AND')).map(
        ([a, b, c, op1, op2]) => (op2 === '-' ? `(${a} ${op1} ${b}) -${c}` : `(${a} ${op1} ${b}) ${op2} ${c}`),
      );
      await fc.assert(fc.asyncProperty(expr, async (q) => void (await expectSame(q))), { numRuns: 60 });
    });

    it('holds for field queries and prefixes', async () => {
      const years = fc.integer({ min: 1997, max: 2018 });
      const q = fc.oneof(
        textPick({ maxTokens: 2, field: 'title' }).map((t) => `title:${quote(t)}`),
        fc.tuple(word, years).map(([w, y]) => `${w} date:${y}`),
        fc.tuple(word, years, fc.integer({ min: 1, max: 12 })).map(([w, y, m]) => `${w} date:${y}-${String(m).padStart(2, '0')}`),
        fc.tuple(word, years, years).map(([w, a, b]) => `${w} date:${Math.min(a, b)}-03-01..${Math.max(a, b)}-10-31`),
        fc.tuple(word, fc.constantFrom('en', 'es', 'ko')).map(([w, l]) => `${w} lang:${l}`),
        fc.tuple(word, fc.constantFrom('kcna-co-jp', 'kcna-kp-ko')).map(([w, s]) => `${w} OR source:${s}`),
        fc.tuple(word, fc.constantFrom('kcna-co-jp', 'kcna-kp-ko', 'no-such-source')).map(([w, s]) => `${w} source:${s}`),
        fc.tuple(word, fc.constantFrom('en', 'es', 'ko'), years).map(([w, l, y]) => `${w} lang:${l} date:${y}..${y + 3}`),
        fc.tuple(word, years).map(([w, y]) => `-${w} -date:${y}`),
        textPick({ maxTokens: 1, korean: false }).filter((w) => /^[a-z]{4,}/i.test(w)).map((w) => `${w.slice(0, 3)}*`),
      );
      await fc.assert(fc.asyncProperty(q, async (x) => void (await expectSame(x))), { numRuns: 120 });
    });

    it('holds for Korean substrings, in either spelling', async () => {
      const korean = textPick({ maxTokens: 1, korean: true })
        .filter((w) => /^[가-힣]+$/.test(w))
        .chain((w) => fc.tuple(fc.nat(w.length - 1), fc.integer({ min: 1, max: 4 })).map(([s, l]) => w.slice(s, s + l)));
      await fc.assert(
        fc.asyncProperty(korean, async (k) => {
          expect(await expectSame(k)).toBeGreaterThan(0);
        }),
        { numRuns: 60 },
      );
      await fc.assert(fc.asyncProperty(textPick({ maxTokens: 3, korean: true }), async (p) => void (await expectSame(quote(p)))), { numRuns: 40 });
    });
  });

  describe('Korean', () => {
    it('finds two-syllable words and words inside compounds', async () => {
      const n = await expectSame('로동');
      expect(n).toBeGreaterThan(0);
      // 로동당 inside 조선로동당
      const party = await expectSame('로동당');
      expect(party).toBeGreaterThan(0);
      expect(await expectSame('조선로동당')).toBeLessThanOrEqual(party);
      expect(await expectSame('평양')).toBeGreaterThan(10);
    });

    it('finds both spellings from either (로동 = 노동, 력사 = 역사, 련합 = 연합, 리용 = 이용)', async () => {
      for (const [north, south] of [
        ['로동', '노동'],
        ['력사', '역사'],
        ['련합', '연합'],
        ['리용', '이용'],
      ]) {
        const a = (await both(north)).index;
        expect(a.length, north).toBeGreaterThan(0);
        expect((await both(south)).index, south).toEqual(a);
      }
    });

    it('highlights the spelling the text uses', async () => {
      const r = await fx.search.search({ q: '노동', perPage: 5 });
      expect(r.total).toBeGreaterThan(0);
      expect(r.results.some((h) => h.snippet.includes('<mark>로동</mark>'))).toBe(true);
      expect(r.facets.lang).toEqual([{ value: 'ko', count: r.total }]);
    });

    it('finds one-syllable words anywhere in a run', async () => {
      expect(await expectSame('당')).toBeGreaterThan(await expectSame('로동당'));
    });
  });

  describe('results', () => {
    it('gives exact totals, facets that add up, pages and orders', async () => {
      const r = await fx.search.search({ q: 'korea', perPage: 7, page: 2, sort: 'newest' });
      expect(r.total).toBe((await both('korea')).scan.length);
      const sum = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
      expect(sum(r.facets.source)).toBe(r.total);
      expect(sum(r.facets.lang)).toBe(r.total);
      expect(sum(r.facets.year)).toBe(r.total);
      expect(r.results).toHaveLength(7);
      const dates = r.results.map((h) => h.published);
      expect([...dates].sort().reverse()).toEqual(dates);
      const oldest = await fx.search.search({ q: 'korea', perPage: 3, sort: 'oldest' });
      expect(oldest.results[0].published <= oldest.results[2].published).toBe(true);
      const ranked = await fx.search.search({ q: 'nuclear', perPage: 3 });
      expect(ranked.ranking).toBe('bm25');
      expect(ranked.results[0].snippet).toContain('<mark>');
    });

    it('pages through a relevance ranking without gaps or repeats, with and without filters', async () => {
      for (const q of ['korea', 'korea date:2010..2014']) {
        const all = await fx.search.search({ q, perPage: 1000 });
        expect(all.ranking).toBe('bm25');
        const paged: number[] = [];
        for (const page of [1, 2, 3, 4]) paged.push(...(await fx.search.search({ q, perPage: 5, page })).results.map((h) => h.id));
        expect(paged).toEqual(all.results.slice(0, 20).map((h) => h.id));
      }
    });

    it('finds every listed form of a name', async () => {
      const forms = ['Kim Jong Il', 'Kim Jong-il', '"kim jong-Il"'];
      const counts = await Promise.all(forms.map((q) => fx.search.count(q)));
      expect(counts[0]).toBeGreaterThan(0);
      expect(new Set(counts).size).toBe(1);
      // The Korean articles name him in Hangul (김정일): the English form finds them too.
      const r = await fx.search.search({ q: 'Kim Jong Il', perPage: 1 });
      expect(r.facets.lang.map((f) => f.value)).toContain('ko');
    });

    it('streams every match', async () => {
      const all = (await collect(fx.search.stream('korea', 'newest'))).flat();
      expect(all.length).toBe(await fx.search.count('korea'));
      expect(new Set(all.map((h) => h.id)).size).toBe(all.length);
    });

    it('gives timelines whose totals are all articles of the bucket', async () => {
      const t = await fx.search.timeline({ q: 'korea', interval: 'year' });
      const years = new Map((await fx.search.search({ q: 'korea', perPage: 1 })).facets.year.map((y) => [y.value, y.count]));
      for (const b of t.buckets) {
        expect(b.count).toBe(years.get(b.period) ?? 0);
        expect(b.total).toBe(fx.docs.filter((d) => d.published.startsWith(b.period)).length);
      }
      const weeks = (await fx.search.timeline({ q: 'korea', interval: 'week', source: 'kcna-co-jp' })).buckets;
      expect(weeks.reduce((n, b) => n + b.count, 0)).toBe(await fx.search.count('korea source:kcna-co-jp'));
      expect(new Date(`${weeks[0].period}T00:00:00Z`).getUTCDay()).toBe(1);
    });
  });

  describe('indexing', () => {
    it('re-indexes on reindex, with the same results', async () => {
      const before = await fx.search.count('korea');
      const r = await fx.search.reindex();
      expect(r.articles).toBe(fx.docs.length);
      expect(await fx.search.count('korea')).toBe(before);
      expect(await fx.search.count('로동')).toBe((await both('로동')).scan.length);
    });
  });
});
