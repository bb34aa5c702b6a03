import { describe, expect, it } from 'vitest';
import { Extractor, mentionRows } from './extract.js';
import { loadGazetteer } from './gazetteer.js';

const extractor = new Extractor(loadGazetteer());
const article = (published: string, body: string) => ({ title: 'Report', paragraphs: [body], lang: 'en', published });

describe('extraction', () => {
  // Real lines of the kcna.co.jp corpus: a public health minister of 1998 shares the leader's name.
  const namesake = 'The DPRK delegation headed by Vice-Minister of Public Health Kim Jong Un left Pyongyang today.';

  it('leaves out a namesake in an article older than the public figure', () => {
    const ids = extractor.extract(article('1998-06-18', namesake)).mentions.map((m) => m.id);
    expect(ids).not.toContain('kim-jong-un');
    expect(ids).toContain('pyongyang');
  });

  it('counts the same name from the day the outlets first name the figure', () => {
    expect(extractor.extract(article('2010-09-27', namesake)).mentions.map((m) => m.id)).toContain('kim-jong-un');
    expect(extractor.extract(article('2013-04-01', namesake)).mentions.map((m) => m.id)).toContain('kim-jong-un');
  });

  it('does not offer a listed name for review even where it is a namesake', () => {
    expect(extractor.extract(article('1998-06-18', namesake)).candidates.map((c) => c.name)).not.toContain('Kim Jong Un');
  });
});

it('groups mentions into one row an entity, in order of first mention, with their offsets', () => {
  const rows = mentionRows([
    { id: 'b', start: 0, end: 3 },
    { id: 'a', start: 5, end: 9 },
    { id: 'b', start: 12, end: 15 },
  ]);
  expect(rows).toEqual({ ids: ['b', 'a'], counts: [2, 1], offsets: ['0-3,12-15', '5-9'] });
  expect(mentionRows([])).toEqual({ ids: [], counts: [], offsets: [] });
});
