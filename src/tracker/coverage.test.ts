import { describe, expect, it } from 'vitest';
import { absences, clipCoverage, coverageFromDays, coveredDays, coveredPerYear, sinceLast } from './coverage.js';

const days = (from: string, to: string, skip: string[] = []) => {
  const out = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (!skip.includes(day)) out.push({ day, articles: 3 });
  }
  return out;
};

describe('coverage', () => {
  // Articles 2017-12-01 … 2018-01-17 (two single days missing), nothing until 2021-06-20, then to 2021-07-10.
  const c = coverageFromDays([...days('2017-12-01', '2018-01-17', ['2017-12-25', '2018-01-01']), ...days('2021-06-20', '2021-07-10')]);
  it('covers days with articles and short holes between them; a long run without articles is a gap', () => {
    expect(c.spans.map((s) => [s.from, s.to])).toEqual([['2017-12-01', '2018-01-17'], ['2021-06-20', '2021-07-10']]);
    expect(c.gaps).toEqual([{ from: '2018-01-18', to: '2021-06-19', days: 1249 }]);
    expect(coveredDays(c, '2018-01-01', '2021-12-31')).toBe(17 + 21);
    expect(coveredPerYear(c).map((y) => y.coveredDays)).toEqual([31, 17, 0, 0, 21]);
  });
  it('does not count stray articles of a thinly collected stretch as coverage', () => {
    // 20 articles a day in September, one every other day in March (a listing the scrape mostly missed).
    const thin = coverageFromDays([...days('2024-09-01', '2024-09-30').map((d) => ({ ...d, articles: 20 })), ...['2024-03-02', '2024-03-04', '2024-03-06'].map((day) => ({ day, articles: 1 }))]);
    expect(thin.spans).toEqual([{ from: '2024-09-01', to: '2024-09-30', days: 30 }]);
  });
  it('never reads a gap in the archive as an absence', () => {
    const list = absences(['2017-12-03', '2017-12-20', '2018-01-10', '2021-06-25', '2021-07-01'], c, 10);
    expect(list.every((a) => a.days < 40)).toBe(true);
    expect(list[0]).toMatchObject({ from: '2017-12-20', to: '2018-01-10', days: 21, coveredDays: 20, start: 'appearance', end: 'appearance' });
    expect(list).toContainEqual({ from: '2018-01-10', to: '2018-01-17', days: 7, coveredDays: 7, start: 'appearance', end: 'gap' });
    expect(list).toContainEqual({ from: '2021-07-01', to: '2021-07-10', days: 9, coveredDays: 9, start: 'appearance', end: 'now' });
  });
  it('counts the days since the last appearance to the newest covered day, and how many are covered', () => {
    expect(sinceLast('2018-01-10', c)).toEqual({ days: 1277, coveredDays: 7 + 21, to: '2021-07-10' });
    expect(sinceLast('2021-07-10', c)).toEqual({ days: 0, coveredDays: 0, to: '2021-07-10' });
  });
});

describe('coverage of several outlets and of a leader\'s public life', () => {
  it('judges each outlet by its own volume: a thin outlet beside a busy one still covers its days', () => {
    const busy = days('2017-01-01', '2017-12-31').map((d) => ({ ...d, articles: 30, source: 1 }));
    const thin = days('2021-06-01', '2021-06-30').map((d) => ({ ...d, articles: 1, source: 2 }));
    const c = coverageFromDays([...busy, ...thin]);
    expect(c.spans.map((s) => [s.from, s.to])).toEqual([['2017-01-01', '2017-12-31'], ['2021-06-01', '2021-06-30']]);
    // Summed as one outlet, the thin one's days fall under a quarter of thirty a day and vanish.
    expect(coverageFromDays([...busy, ...thin].map(({ source: _s, ...d }) => d)).spans).toHaveLength(1);
  });
  it('counts a day with a reported appearance as covered', () => {
    const c = coverageFromDays(days('2017-01-01', '2017-01-10'), 3, ['2017-02-01']);
    expect(c.spans.map((s) => s.from)).toEqual(['2017-01-01', '2017-02-01']);
  });
  it('clips coverage to his first appearance and his death: no absence before, no count after', () => {
    const c = clipCoverage(coverageFromDays([...days('2005-01-01', '2012-12-31')]), '2010-09-28', '2011-12-17');
    expect([c.first, c.last]).toEqual(['2010-09-28', '2011-12-17']);
    expect(absences(['2010-09-28', '2011-12-01'], c, 5).every((a) => a.from >= '2010-09-28' && a.to <= '2011-12-17')).toBe(true);
    expect(coveredPerYear(c).map((y) => y.year)).toEqual([2010, 2011]);
  });
});

