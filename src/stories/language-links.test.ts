import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TESTDATA } from '../../test/helpers.js';
import { anchorDice, anchorsOf, bodyAnchors } from './anchors.js';
import { decide, novelAnchors } from './decide.js';
import { DEFAULT_STORY_CONFIG } from './config.js';
import { shinglesOf } from './features.js';
import { dayDistance, linkScore, preparedConfidence, prepareSide, sourceFamily, type LinkSide } from './language-links.js';

interface Rec {
  source: string;
  url: string;
  title: string;
  body: string;
  date: string;
  lang: string;
}
const recs: Rec[] = readFileSync(join(TESTDATA, 'stories', 'e2e', 'unhasu.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const byUrl = (tail: string) => recs.find((r) => r.url.endsWith(tail))!;
const side = (r: Rec, published = r.date) => ({ lang: r.lang, published, family: sourceFamily(r.source), anchors: anchorsOf(r.title, r.body.split('\n')) });

describe('anchors', () => {
  it('keep numbers, names spelled alike and gazetteer names; drop the dateline and common words', () => {
    const a = anchorsOf('Talks in Moscow', ['Pyongyang, May 4 (KCNA) -- The delegation of the Workers\' Party of Korea met Sergei Lavrov in Moscow on 1,250 days.']);
    const b = anchorsOf('Conversaciones en Moscu', ['Pyongyang, 4 de mayo (ACNC) -- La delegacion del Partido del Trabajo de Corea se reunio con Sergei Lavrov en Moscu en 1.250 dias.']);
    expect(anchorDice(a, b).dice).toBeGreaterThan(0.8);
    // The dateline's day (4) is not an anchor: every story of the day has it.
    expect(anchorsOf('', ['Pyongyang, May 4 (KCNA) -- and so on.']).hashes.length).toBe(0);
  });

  it('map Hangul names through the gazetteer, particles and all', () => {
    const ko = anchorsOf('', ['김정은동지께서 로씨야를 방문하시였다. 2026년']);
    const en = anchorsOf('', ['Kim Jong Un visited Russia in 2026.']);
    expect(anchorDice(ko, en, false).shared).toBe(4);
  });

  it('count names and numbers found in one text only', () => {
    const x = bodyAnchors(['Kim Yong Nam received credentials from Juan Carlos Capunay, Peruvian ambassador.']);
    const y = bodyAnchors(['Kim Yong Nam received credentials from Nebojsa Koharovic, Croatian ambassador.']);
    expect(novelAnchors(x, x)).toBe(0);
    expect(novelAnchors(x, y)).toBeGreaterThanOrEqual(4);
  });
});

describe('language links', () => {
  it('score a translation far above another story of the same day', () => {
    const en = byUrl('/en/unhasu-paris');
    const es = byUrl('/es/unhasu-paris');
    const otherEs = byUrl('/es/unhasu-visita');
    const right = linkScore(side(en), side(es)).confidence;
    expect(right).toBeGreaterThan(DEFAULT_STORY_CONFIG.linkConfidence);
    expect(right).toBeGreaterThan(2 * linkScore(side(en), side(otherEs)).confidence);
  });

  it('link Korean to English through numbers and gazetteer names (a translated fixture)', () => {
    const ko = byUrl('/ko/unhasu-paris');
    const right = linkScore(side(byUrl('/en/unhasu-paris')), side(ko)).confidence;
    const wrong = linkScore(side(byUrl('/en/unhasu-courtesy-call')), side(ko)).confidence;
    expect(right).toBeGreaterThan(0.5);
    expect(wrong).toBeLessThan(right / 2);
  });

  it('need the same family, another language and dates within the window', () => {
    const en = byUrl('/en/unhasu-paris');
    const es = byUrl('/es/unhasu-paris');
    expect(sourceFamily('kcna-kp-ko')).toBe('kcna');
    expect(sourceFamily('kcna-co-jp')).toBe('kcna');
    expect(sourceFamily('rodong-en')).toBe('rodong');
    expect(linkScore(side(en), { ...side(es), family: 'rodong' }).confidence).toBe(0);
    expect(linkScore(side(en), side(en)).confidence).toBe(0);
    expect(linkScore(side(en), side(es, '2012-03-25')).confidence).toBe(0);
    expect(linkScore(side(en), side(es, '2012-03-17')).confidence).toBeLessThan(linkScore(side(en), side(es)).confidence);
    expect(dayDistance('2012-03-15', '2012-03-17')).toBe(2);
    // Translations appear the same day or the next: a day apart weighs 0.6, two days apart is no candidate.
    const sameDay = linkScore(side(en), side(es));
    const nextDay = linkScore(side(en), side(es, '2012-03-16'));
    expect(nextDay.dateFactor).toBe(0.6);
    expect(nextDay.confidence).toBeCloseTo(0.6 * sameDay.confidence, 6);
    expect(linkScore(side(en), side(es, '2012-03-17')).confidence).toBe(0);
    expect(linkScore(side(en), side(es, '2012-03-13')).confidence).toBe(0);
  });
});

describe('the story decision', () => {
  const copy = (r: Rec, published = r.date) => ({ shingles: shinglesOf(r.body.split('\n')), anchors: bodyAnchors(r.body.split('\n')), published });
  it('joins a lightly edited reprint and keeps another story of the same day apart', () => {
    const en = byUrl('/en/unhasu-paris');
    expect(decide(copy(en), copy(byUrl('/rodong/en/unhasu-orchestra-performs')), DEFAULT_STORY_CONFIG).same).toBe(true);
    expect(decide(copy(en), copy(byUrl('/en/unhasu-courtesy-call')), DEFAULT_STORY_CONFIG).same).toBe(false);
  });

  it('keeps a short text re-run months later apart (a template), and joins a long one only when nearly unchanged', () => {
    const short = { ...recs[0], body: 'A delegation of the Center for Energy and Security Studies of Russia headed by Director Anton Khlopkov arrived here on Tuesday.' };
    expect(decide(copy(short), copy(short, '2012-03-16'), DEFAULT_STORY_CONFIG).same).toBe(true);
    expect(decide(copy(short), copy(short, '2013-05-01'), DEFAULT_STORY_CONFIG).same).toBe(false);
    const long = byUrl('/en/unhasu-paris');
    expect(decide(copy(long), copy(long, '2013-05-01'), DEFAULT_STORY_CONFIG).same).toBe(true);
  });
});

describe('the length bounds in front of the link score', () => {
  it('turn away only pairs the full score also puts at zero', () => {
    const anchorsArb = fc.record({
      hashes: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 12 }).map((xs) => Uint32Array.from(xs.sort((a, b) => a - b))),
      length: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6000 })),
    });
    const sideArb: fc.Arbitrary<LinkSide> = fc
      .record({ lang: fc.constantFrom('en', 'es', 'ko'), day: fc.integer({ min: 10, max: 16 }), anchors: anchorsArb })
      .map(({ lang, day, anchors }) => ({
        lang,
        published: `2012-03-${day}`,
        family: 'kcna',
        anchors: {
          hashes: anchors.hashes,
          weights: Float32Array.from(anchors.hashes, (h) => (h % 3) + 0.5),
          kinds: Uint8Array.from(anchors.hashes, (h) => h % 3),
          length: anchors.length,
        },
      }));
    fc.assert(
      fc.property(sideArb, sideArb, fc.constantFrom(0, 0.05, 0.1, 0.3, 0.6, 0.8, 0.95, 1), fc.integer({ min: 0, max: 5 }), (x, y, floor, window) => {
        expect(preparedConfidence(prepareSide(x), prepareSide(y), window, floor)).toBe(linkScore(x, y, window, floor).confidence);
      }),
      { numRuns: 5000 },
    );
  });
});
