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

  it('counts the title and body tokens, and gives their postings', () => {
    const text = indexedText('Kim visits', "Kim's visit");
    expect(text.tokens).toBe(5);
    expect(text.postings.lexemes).toEqual(['kim', 'visits', 's', 'visit']);
    expect(indexedText('', '조선로동당').postings.lexemes).toEqual(['조선', '선노', '노동', '동당', '당']);
  });
});
