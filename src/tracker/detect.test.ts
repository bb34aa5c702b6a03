import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Extractor } from '../entities/extract.js';
import { resolvePreset } from '../import/presets.js';
import { normalizeArticle } from '../normalize/article.js';
import { eventDate } from './dates.js';
import { foldEvents, type StoredAppearance } from './events.js';

const extractor = new Extractor();
const detect = (title: string, paragraphs: string[], published: string, lang = 'en') =>
  extractor.extract({ title, paragraphs, lang, published }).appearances;

describe('eventDate', () => {
  it('resolves dates 0–14 days before the report', () => {
    expect(eventDate('inspected the unit on June 8', '2013-06-10')).toMatchObject({ date: '2013-06-08' });
    expect(eventDate('toured the county from September 16 to 18', '2013-09-19')).toMatchObject({ date: '2013-09-16', until: '2013-09-18' });
    expect(eventDate('met him on Dec. 30', '2014-01-02')).toMatchObject({ date: '2013-12-30' });
    expect(eventDate('Friday inspected', '2001-12-22')).toMatchObject({ date: '2001-12-21' });
    expect(eventDate('yesterday visited', '2002-01-07')).toMatchObject({ date: '2002-01-06' });
    expect(eventDate('participo el dia 18 en', '2013-03-18')).toMatchObject({ date: '2013-03-18' });
  });
  it('ignores dates outside the window', () => {
    expect(eventDate('visited the farm on August 6', '2004-03-08')).toBeNull();
  });
});

describe('detectAppearances', () => {
  it('reads kind, date, place and companions in order', () => {
    const [a] = detect('Kim Jong Un Visits Farm', [
      'Pyongyang, June 10 (KCNA) -- Supreme leader Kim Jong Un gave field guidance to a farm in Samjiyon County on June 8.',
      'He was accompanied by Choe Ryong Hae, Hwang Pyong So and Ri Thae Sop.',
    ], '2013-06-10');
    expect(a).toMatchObject({ person: 'kim-jong-un', kind: 'inspection', date: '2013-06-08', place: 'samjiyon' });
    expect(a.companions.map((c) => c.name)).toEqual(['Choe Ryong Hae', 'Hwang Pyong So', 'Ri Thae Sop']);
    expect(a.companions[2].id).toBeNull();
  });
  it('does not count letters, greetings or television', () => {
    expect(detect('x', ['Pyongyang, May 4 (KCNA) -- Kim Jong Un sent a letter to the youth.'], '2014-05-04')).toEqual([]);
    expect(detect('x', ['Pyongyang, May 4 (KCNA) -- Kim Jong Il received a gift from the president of Laos.'], '2004-05-04')).toEqual([]);
    expect(detect('x', ['Pyongyang, May 4 (KCNA) -- Kim Jong Un watched on TV the launch of the satellite.'], '2016-05-04')).toEqual([]);
    expect(detect('x', ['Pyongyang, May 4 (KCNA) -- Delegates said Kim Jong Un visited the plant.'], '2016-05-04')).toEqual([]);
  });
});

describe('hand-checked reports (testdata/tracker)', () => {
  it('finds no appearance where there is none', () => {
    const preset = resolvePreset({ preset: 'kcna-co-jp' });
    const lines = readFileSync(new URL('../../testdata/tracker/kcna-co-jp-reports.jsonl', import.meta.url), 'utf8').trim().split('\n');
    let wrong = 0;
    let found = 0;
    for (const line of lines) {
      const r = JSON.parse(line) as Record<string, unknown> & { expected: { appearance: boolean } };
      const n = normalizeArticle(preset.toRaw(r), preset.rules);
      if (!n.ok) continue;
      const got = extractor.extract(n.article).appearances.length > 0;
      if (got && !r.expected.appearance) wrong++;
      if (got && r.expected.appearance) found++;
    }
    expect(lines.length).toBeGreaterThanOrEqual(100);
    expect(wrong).toBe(0);
    expect(found).toBeGreaterThanOrEqual(60);
  });
});

describe('foldEvents', () => {
  const ap = (o: Partial<StoredAppearance>): StoredAppearance => ({
    articleId: 1, person: 'kim-jong-il', kind: 'inspection', date: null, until: null, reportDate: '2009-01-06', place: null, companions: [], lang: 'en', ...o,
  });
  it('counts an English report and its Spanish translation once', () => {
    const events = foldEvents([ap({ articleId: 1, place: 'wonsan' }), ap({ articleId: 2, lang: 'es', kind: 'visit', reportDate: '2009-01-07', place: 'wonsan' })]);
    expect(events).toHaveLength(1);
    expect(events[0].reports).toEqual([1, 2]);
  });
  it('keeps two events on one day apart', () => {
    expect(foldEvents([ap({ articleId: 1, date: '2013-05-01', place: 'wonsan' }), ap({ articleId: 2, date: '2013-05-01', kind: 'performance', place: 'pyongyang' })])).toHaveLength(2);
  });
});
