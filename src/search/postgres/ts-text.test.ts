import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runTokens, tokenize } from '../text/tokens.js';
import { indexedText, indexTokens } from './ts-text.js';

/** The index tokens as the snippet tokenizer gives them (the reference indexTokens must agree with). */
const reference = (text: string) => tokenize(text).flatMap((t) => (t.hangul ? runTokens(t.text) : [t.text]));

const pieces = ['조선', '로동당', '리설주', 'Kim', 'JONG', 'Éric', 'naïve', "it's", '\\', '42', '２０', ' ', ' ', '. ', '-', '\n', 'ㄱ', 'Ａ', '𝐀', '한a', 'b한'];
const texts = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((xs) => xs.join(''));

describe('PostgreSQL index text', () => {
  it('gives the index tokens the tokenizer gives, for any mix of scripts', () => {
    fc.assert(fc.property(fc.oneof(texts, fc.string()), (text) => {
        expect(indexTokens(text)).toEqual(reference(text));
      }));
  });

  it('weights title positions A, starts the body one past a gap, and quotes lexemes', () => {
    const { postings: _postings, ...text } = indexedText('Kim visits', "Kim's visit");
    expect(text).toEqual({ vector: "'kim':1A,4 'visits':2A 's':5 'visit':6", tokens: 5, exact: true });
    expect(indexedText('', '조선로동당').vector).toBe("'조선':2 '선노':3 '노동':4 '동당':5 '당':6");
  });

  it('is inexact past 256 positions of a lexeme or past position 16,383', () => {
    expect(indexedText('', 'a '.repeat(256)).exact).toBe(true);
    expect(indexedText('', 'a '.repeat(257)).exact).toBe(false);
    expect(indexedText('', 'a b c d '.repeat(4095)).exact).toBe(false);
  });
});
