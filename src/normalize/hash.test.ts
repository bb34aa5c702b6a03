import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadingText } from '../lang/detect.js';
import { articleHashes, bodyHash, contentHash } from './hash.js';

describe('article hashes', () => {
  it('computed together equal the body and content hashes computed apart', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ unit: 'grapheme' })), (title, paragraphs) => {
        expect(articleHashes(title, paragraphs.join('\n'))).toEqual({ body: bodyHash(paragraphs), content: contentHash(title, paragraphs) });
      }),
    );
  });

  it('language detection reads the same leading text as from the whole body joined', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 400 }), { maxLength: 12 }), (paragraphs) => {
        expect(leadingText(paragraphs)).toBe(paragraphs.join(' ').slice(0, 1000));
      }),
    );
  });
});
