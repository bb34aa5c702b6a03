import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from './split-lines.js';

async function lines(chunks: Buffer[], maxLineBytes?: number): Promise<(string | number)[]> {
  const out: (string | number)[] = [];
  for await (const line of splitLines(Readable.from(chunks), { maxLineBytes })) out.push(line);
  return out;
}

/** Cuts `bytes` at the given offsets (anywhere, including inside a multi-byte character). */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out.filter((c) => c.length > 0);
}

describe('splitLines', () => {
  it('splits on LF and CRLF, keeps a last line without an ending, and keeps empty lines', async () => {
    expect(await lines([Buffer.from('a\r\nb\n\nc')])).toEqual(['a', 'b', '', 'c']);
    expect(await lines([Buffer.from('a\n')])).toEqual(['a']);
    expect(await lines([])).toEqual([]);
  });

  it('gives the same lines however the bytes are cut into chunks, multi-byte characters included', async () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'é', '조', '선', '\r', ' ', '"', '😀') });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), async (texts, offsets) => {
        const whole = texts.map((t) => `${t}\n`).join('');
        const expected = texts.map((t) => t.replace(/\r$/, ''));
        expect(await lines(cut(Buffer.from(whole), offsets))).toEqual(expected);
      }),
    );
  });

  it('yields the byte length of a line over the limit in its place, however the bytes are cut', async () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'é', '조', ' ', '"', '😀'), maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 0, max: 20 }), async (texts, offsets, max) => {
        const whole = texts.map((t) => `${t}\n`).join('');
        const expected = texts.map((t) => (Buffer.byteLength(t) > max ? Buffer.byteLength(t) : t));
        expect(await lines(cut(Buffer.from(whole), offsets), max)).toEqual(expected);
      }),
    );
    expect(await lines([Buffer.from('ok\r\n' + 'x'.repeat(10)), Buffer.from('x'.repeat(10) + '\r\nnext')], 5)).toEqual(['ok', 20, 'next']);
  });

  it('drops a cut last line when told the stream was cut', async () => {
    const out: (string | number)[] = [];
    for await (const l of splitLines(Readable.from([Buffer.from('a\nb\npart')]), { lastLineWhole: () => false })) out.push(l);
    expect(out).toEqual(['a', 'b']);
  });
});
