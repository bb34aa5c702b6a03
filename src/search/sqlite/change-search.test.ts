import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchOf } from '../attach.js';
import { QuerySyntaxError } from '../query/errors.js';
import { planQuery, positiveSeqs } from '../query/plan.js';
import { matchSpans } from '../snippet.js';
import { editsFixture, T2, type EditsFixture } from '../../versions/edits-fixture.js';
import type { SqliteSearch } from './sqlite-search.js';

let f: EditsFixture;
let search: SqliteSearch;
const ids = async (q: string) => (await search.search({ q, perPage: 100 })).results.map((r) => r.id).sort((a, b) => a - b);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

beforeAll(async () => {
  f = await editsFixture();
  search = searchOf(f.store) as SqliteSearch;
});
afterAll(() => f.store.close());

describe('removed: and added: (real kcna.kp articles and real edits of them)', () => {
  it('finds the article whose version scrubbed a name, not those that mention it or gained it', async () => {
    expect(await ids('removed:"Choe Ryong Hae"')).toEqual([f.ids.gala]);
    expect(await ids('added:"Choe Ryong Hae"')).toEqual([f.ids.minister]);
    // The plain query finds the current texts that name him: the unedited article too.
    expect(await ids('"Choe Ryong Hae"')).toEqual(sorted([f.ids.gala, f.ids.choeMeets]));
  });

  it('takes a word, a phrase or a prefix, with the usual folding and name spellings', async () => {
    expect(await ids('removed:Choe')).toEqual([f.ids.gala]);
    expect(await ids('removed:CHOE*')).toEqual([f.ids.gala]);
    expect(await ids('removed:"ryong hae"')).toEqual([f.ids.gala]);
    expect(await ids('removed:"Hae Choe"')).toEqual([]);
    expect(await ids('removed:"Choe Ryong-hae"')).toEqual([f.ids.gala]);
    // Still in the gala's new version, and in the minister's both: neither removed.
    expect(await ids('removed:"Kim Tok Hun"')).toEqual([]);
    expect(await ids('removed:"Kim Jong Gyu" OR added:"Kim Jong Gyu"')).toEqual([]);
    expect(await ids('removed:(Choe OR Presidium)')).toEqual([f.ids.gala]);
  });

  it('combines with source:, date:, lang:, title:, OR and NOT', async () => {
    expect(await ids('removed:"Choe Ryong Hae" source:kcna-kp-en date:2024-09')).toEqual([f.ids.gala]);
    expect(await ids('removed:"Choe Ryong Hae" date:2024-10')).toEqual([]);
    expect(await ids('removed:"Choe Ryong Hae" source:kcna-kp-ko')).toEqual([]);
    expect(await ids('removed:"Choe Ryong Hae" OR added:"Choe Ryong Hae"')).toEqual(sorted([f.ids.gala, f.ids.minister]));
    expect(await ids('"Choe Ryong Hae" -removed:"Choe Ryong Hae"')).toEqual([f.ids.choeMeets]);
    expect(await ids('title:gala removed:Choe')).toEqual([f.ids.gala]);
    expect(await ids('title:minister removed:Choe')).toEqual([]);
    expect(await ids('added:Choe lang:en Russia')).toEqual([f.ids.minister]);
    expect(await search.count('removed:"Choe Ryong Hae" OR added:"Choe Ryong Hae"')).toBe(2);
  });

  it('matches exactly the articles whose versions lost (gained) the phrase, on real wording changes', async () => {
    const all = [...Object.values(f.ids)];
    const versions = new Map(await Promise.all(all.map(async (id) => [id, await f.store.crawl.versions(id)] as const)));
    // Which articles a version of which holds the phrase fewer (more) times than the version before.
    const expected = (phrase: string, side: 'removed' | 'added') => {
      const seqs = positiveSeqs(planQuery(`"${phrase}"`));
      const count = (v: { title: string; body: string[] }) => matchSpans(`${v.title}\n${v.body.join('\n')}`, seqs).length;
      return all
        .filter((id) => versions.get(id)!.some((v, i, vs) => i > 0 && (side === 'removed' ? count(vs[i - 1]) > count(v) : count(v) > count(vs[i - 1]))))
        .sort((a, b) => a - b);
    };
    const phrases = [
      'Economic Commission',
      'Economy Commission',
      'Accompanying him were',
      'He was accompanied by',
      'C.C., WPK',
      'weaponry',
      'military technical equipment',
      'Present there were',
      'Oct. 14',
      'October 14',
      'Commission',
      'Kim Jong Un',
      'Choe Ryong Hae',
      'members',
    ];
    let nonEmpty = 0;
    for (const p of phrases) {
      for (const side of ['removed', 'added'] as const) {
        const want = expected(p, side);
        nonEmpty += want.length > 0 ? 1 : 0;
        expect(await ids(`${side}:"${p}"`), `${side}:"${p}"`).toEqual(want);
      }
    }
    // The real edits touch most of these phrases, one way or the other.
    expect(nonEmpty).toBeGreaterThanOrEqual(12);
    expect(expected('Kim Jong Un', 'removed')).toEqual([]);
    expect(expected('Commission', 'removed')).toEqual([]);
  });

  it('works on Korean text with the same segmentation as the article index', async () => {
    expect(await ids('removed:최창학')).toEqual([f.ids.korean]);
    expect(await ids('removed:창학')).toEqual([f.ids.korean]);
    expect(await ids('removed:"제1부부장 최창학동지가"')).toEqual([f.ids.korean]);
    expect(await ids('added:"해당 부서 일군이" lang:ko')).toEqual([f.ids.korean]);
    expect(await ids('added:최창학')).toEqual([]);
    expect(await ids('removed:"중앙위원회"')).toEqual([]);
  });

  it('shows the change in the result: which version, the removed and added words around the match', async () => {
    const res = await search.search({ q: 'removed:"Choe Ryong Hae" source:kcna-kp-en' });
    expect(res.total).toBe(1);
    const change = res.results[0].change!;
    expect(change).toMatchObject({ version: 2, seenAt: T2 });
    expect(change.removed).toContain('<mark>Choe Ryong Hae</mark>');
    expect(change.before).toContain('Kim Tok Hun');
    expect(change.added).not.toContain('Choe');
    const added = (await search.search({ q: 'added:"Choe Ryong Hae"' })).results[0].change!;
    expect(added.added).toContain('<mark>Choe Ryong Hae</mark>');
    expect(added.removed).toBe('');
    // A query without added:/removed: carries no change.
    expect((await search.search({ q: '"Choe Ryong Hae"' })).results.every((r) => r.change === undefined)).toBe(true);
  });

  it('reports bad syntax with its position', async () => {
    const at = (q: string) => {
      try {
        planQuery(q);
      } catch (e) {
        expect(e).toBeInstanceOf(QuerySyntaxError);
        return (e as QuerySyntaxError).position;
      }
      throw new Error('no error');
    };
    expect(at('korea removed:')).toBe(6);
    expect(at('removed:"Choe Ryong')).toBe(8);
    expect(at('added:(Choe')).toBe(6);
  });
});
