import { describe, expect, it } from 'vitest';
import { findCandidates } from './candidates.js';
import { foldText } from './fold.js';
import { loadGazetteer } from './gazetteer.js';
import { EntityMatcher } from './matcher.js';

const gazetteer = loadGazetteer();
const matcher = new EntityMatcher(gazetteer);
const ids = (text: string) => matcher.find(text).map((m) => `${m.id}@${text.slice(m.start, m.end)}`);

describe('gazetteer', () => {
  it('has a few hundred people, organizations and places with unique ids', () => {
    const people = gazetteer.filter((e) => e.kind === 'person');
    expect(people.length).toBeGreaterThan(300);
    expect(gazetteer.filter((e) => e.kind === 'place').length).toBeGreaterThan(80);
    expect(new Set(gazetteer.map((e) => e.id)).size).toBe(gazetteer.length);
    expect(gazetteer.find((e) => e.id === 'kim-jong-un')).toMatchObject({ tracked: true, hangul: ['김정은'] });
  });
  it('lists both sides of the initial-sound rule', () => {
    expect(gazetteer.find((e) => e.id === 'ri-yong-ho')!.hangul).toEqual(['리용호', '이용호']);
    expect(gazetteer.find((e) => e.id === 'ro-tu-chol')!.hangul).toEqual(['로두철', '노두철']);
  });
});

describe('fold', () => {
  it('drops spaces, hyphens and case and maps back to the original offsets', () => {
    const f = foldText('Kim Jong-Un, WPK');
    expect(f.text).toBe('kimjongun\u0001wpk');
    expect(f.at[0]).toBe(0);
    expect(f.at[7]).toBe(9); // the U of Un
  });
});

describe('EntityMatcher', () => {
  it('matches spaced, hyphenated, glued and upper-case forms', () => {
    for (const form of ['Kim Jong Un', 'Kim Jong-un', 'Kim Jongun', 'KIM JONG UN', 'Kim Jong-Un']) {
      expect(ids(`Then ${form} said.`)).toEqual([`kim-jong-un@${form}`]);
    }
  });
  it('matches romanization variants and Hangul', () => {
    expect(ids('Choi Ryong Hae met 최룡해 and 리용호 / 이용호.')).toEqual(['choe-ryong-hae@Choi Ryong Hae', 'choe-ryong-hae@최룡해', 'ri-yong-ho@리용호', 'ri-yong-ho@이용호']);
    expect(ids('김정은동지께서')).toEqual(['kim-jong-un@김정은']);
  });
  it('needs word boundaries and prefers the longest name', () => {
    expect(ids('Kim Jong Ilzq')).toEqual([]);
    expect(ids('the Kim Il Sung Square')).toEqual(['kim-il-sung-square@Kim Il Sung Square']);
    expect(ids('Kim Jong Il and Kim Jong Suk')).toEqual(['kim-jong-il@Kim Jong Il', 'kim-jong-suk@Kim Jong Suk']);
  });
  it('does not let a rejected short pattern hide a name (the NDC in "and Choe")', () => {
    expect(ids('Kye Ung Thae and Choe Thae Bok')).toEqual(['kye-ung-thae@Kye Ung Thae', 'choe-thae-bok@Choe Thae Bok']);
  });
  it('matches capital abbreviations only as written', () => {
    expect(ids('the WPK and the UN')).toEqual(['wpk@WPK', 'un@UN']);
    expect(ids('un dirigente')).toEqual([]);
  });
});

describe('candidates', () => {
  it('finds unknown names after a title or in a list of officials, not known ones', () => {
    const text = 'He was accompanied by Premier Pak Pong Ju, Vice-Marshal Ri Thae Sop and Kim Song Gwang, and Kim Il Sung University staff.';
    const found = findCandidates(text, matcher.find(text), new Set(gazetteer.filter((e) => e.kind === 'person').map((e) => e.id)));
    expect(found.map((c) => c.name)).toEqual(['Ri Thae Sop', 'Kim Song Gwang']);
  });
});
