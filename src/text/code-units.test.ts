import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CodeUnits } from './code-units.js';

it('gives every code unit of any text, lone surrogates and growth included', () => {
  const units = new CodeUnits();
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 9000 })), (text) => {
      const u = units.of(text);
      for (let i = 0; i < text.length; i++) expect(u[i]).toBe(text.charCodeAt(i));
    }),
    { numRuns: 300 },
  );
  expect(Array.from(units.of('a\ud800b').subarray(0, 3))).toEqual([0x61, 0xd800, 0x62]);
});
