import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockCopyParser } from './block-copy.js';

/** A block as stored: its parts' data and positions (positions null when not asked for). */
interface StoredBlock {
  data: Buffer[];
  pos: Buffer[] | null;
}

const int16 = (v: number) => Buffer.from([(v >> 8) & 0xff, v & 0xff]);
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const field = (v: Buffer | null) => (v === null ? int32(-1) : Buffer.concat([int32(v.length), v]));

/** What `COPY … TO STDOUT (FORMAT binary)` sends for these blocks (keys in order, a row per part). */
function copyStream(blocks: (StoredBlock | undefined)[], extension = Buffer.alloc(0)): Buffer {
  const out = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(extension.length), extension];
  const total = blocks.reduce((s, b) => s + (b ? Buffer.concat([...b.data, ...(b.pos ?? [])]).length : 0), 0);
  blocks.forEach((b, i) => {
    if (!b) return;
    const dataBytes = b.data.reduce((s, p) => s + p.length, 0);
    const posBytes = b.pos ? b.pos.reduce((s, p) => s + p.length, 0) : null;
    b.data.forEach((part, k) => {
      out.push(int16(6), field(int32(total)), field(int32(i + 1)), field(int32(dataBytes)), field(posBytes === null ? null : int32(posBytes)), field(part), field(b.pos ? b.pos[k] : null));
    });
  });
  out.push(int16(-1));
  return Buffer.concat(out);
}

/** The stream cut where the cuts say (offsets, any order). */
function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    if (c > from) chunks.push(bytes.subarray(from, c));
    from = Math.max(from, c);
  }
  return chunks;
}

const part = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
const block: fc.Arbitrary<StoredBlock | undefined> = fc.option(
  fc
    .integer({ min: 1, max: 4 })
    .chain((n) => fc.record({ data: fc.array(part, { minLength: n, maxLength: n }), pos: fc.option(fc.array(part, { minLength: n, maxLength: n }), { nil: null }) })),
  { nil: undefined },
);

describe('reading blocks from COPY binary data', () => {
  it('gives each block its parts joined, however the data is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 30 }), fc.uint8Array({ maxLength: 6 }), (blocks, cuts, ext) => {
        let taken = 0;
        const parser = new BlockCopyParser(blocks.length, (n) => {
          taken++;
          return Buffer.alloc(n);
        });
        for (const chunk of cut(copyStream(blocks, Buffer.from(ext)), cuts)) parser.push(chunk);
        const read = parser.finish();
        expect(taken).toBe(blocks.some((b) => b) ? 1 : 0);
        expect(read.map((b) => b && { data: [...b.data], pos: b.pos && [...b.pos] })).toEqual(
          blocks.map((b) => b && { data: [...Buffer.concat(b.data)], pos: b.pos && [...Buffer.concat(b.pos)] }),
        );
      }),
    );
  });

  it('refuses data that ends early, or is not COPY binary data', () => {
    const bytes = copyStream([{ data: [Buffer.from('abc')], pos: null }]);
    const short = new BlockCopyParser(1);
    short.push(bytes.subarray(0, bytes.length - 3));
    expect(() => short.finish()).toThrow(/ended early/);
    expect(() => new BlockCopyParser(1).push(Buffer.from('id,data\n1,abc\n1234567890'))).toThrow(/not COPY binary/);
  });
});
