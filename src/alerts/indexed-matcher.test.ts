import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusSample } from '../../test/helpers.js';
import { savedQueries } from '../../bench/alerts-queries.js';
import { seededRandom } from '../../bench/seeded-random.js';
import { tokenize } from '../search/text/tokens.js';
import { IndexedMatcher, anchorOf } from './indexed-matcher.js';
import { ReferenceMatcher, type MatchDoc } from './match.js';
import { planQuery } from '../search/query/plan.js';

/** Real texts: kcna.co.jp English and Spanish, kcna.kp, Rodong in Korean. */
function realDocs(): MatchDoc[] {
  const rows: Array<{ title: string; body: string; lang: string; published: string; source: string }> = [];
  const read = (file: string, map: (r: Record<string, unknown>) => (typeof rows)[number]) =>
    readFileSync(corpusSample(file), 'utf8').trim().split('\n').forEach((l) => rows.push(map(JSON.parse(l) as Record<string, unknown>)));
  read('kcna-co-jp-sample.jsonl', (r) => ({ title: String(r.title), body: String(r.body), lang: 'en', published: String(r.index_date), source: 'kcna-co-jp' }));
  read('kcna-kp-en-sample.jsonl', (r) => ({ title: String(r.headline), body: String(r.story_text), lang: 'en', published: new Date(Number(r.date)).toISOString().slice(0, 10), source: 'kcna-kp-en' }));
  read('nkarchive-ko-sample.jsonl', (r) => ({ title: String(r.title), body: String(r.body), lang: 'ko', published: String(r.date), source: 'rodong-ko' }));
  return rows.map((r, i) => ({ id: i + 1, title: tokenize(r.title), body: tokenize(r.body), lang: r.lang, published: r.published, source: r.source }));
}

describe('matching a batch against saved searches through an index of their words', () => {
  it('gives exactly what evaluating every saved query on every article gives', () => {
    const docs = realDocs();
    const titles = readFileSync(corpusSample('kcna-co-jp-sample.jsonl'), 'utf8').trim().split('\n').map((l) => String((JSON.parse(l) as { title: string }).title));
    // Realistic shapes, plus words and phrases taken from these very texts so that many of them match.
    const queries = savedQueries(3000, seededRandom(7), titles);
    const words = ['korea', 'pyongyang', 'kim', '"kim jong il"', '조선', '김정은', 'anniversary', 'nucl*', 'party AND -japan', 'lang:ko', 'source:kcna-kp-en', '(cuba OR korea) date:1997'];
    const searches = [...queries, ...words].map((query, i) => ({ id: i + 1, query }));
    const expected = new ReferenceMatcher().match(searches, docs).map((ids) => [...ids].sort((a, b) => a - b));
    const got = new IndexedMatcher().match(searches, docs);
    expect(got).toEqual(expected);
    // Not a vacuous comparison: many searches match something, most are skipped for most articles.
    expect(expected.flat().length).toBeGreaterThan(200);
  });

  it('anchors a query on a word it must contain, and always tries what cannot be anchored', () => {
    expect(anchorOf(planQuery('"kim jong un" AND missile'))?.some((keys) => keys.includes('w:missile') && keys.includes('w:jong'))).toBe(true);
    expect(anchorOf(planQuery('nucl*'))).toEqual([['p:nuc']]);
    expect(anchorOf(planQuery('source:kcna-kp-en'))).toBeNull();
    expect(anchorOf(planQuery('-korea'))).toBeNull();
    expect(anchorOf(planQuery('removed:"Jang Song Thaek"'))).toEqual([['e:']]);
    // A Korean name also stands for its romanizations: a syllable or any of their words.
    expect(anchorOf(planQuery('김정은'))?.some((keys) => keys.every((k) => k.startsWith('h:')))).toBe(true);
  });

  it('matches removed: and added: on an edit by comparing the text before and after', () => {
    const doc = (title: string, body: string): MatchDoc => ({ id: 1, title: tokenize(title), body: tokenize(body), lang: 'en', published: '2013-12-09', source: 'kcna-kp-en' });
    const before = doc('Meeting held', 'Present were Kim Jong Un, Jang Song Thaek and Choe Ryong Hae.');
    const edited = { ...doc('Meeting held', 'Present were Kim Jong Un and Choe Ryong Hae.'), previous: { title: before.title, body: before.body } };
    const searches = [
      { id: 1, query: 'removed:"Jang Song Thaek"' },
      { id: 2, query: 'added:"Jang Song Thaek"' },
      { id: 3, query: 'removed:"Choe Ryong Hae"' },
      { id: 4, query: '"Choe Ryong Hae"' },
    ];
    for (const m of [new IndexedMatcher(), new ReferenceMatcher()]) expect(m.match(searches, [edited])).toEqual([[1, 4]]);
  });
});
