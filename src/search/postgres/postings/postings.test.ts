import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articlePostings, shareLexicon } from './article.js';
import { ByteReader, ByteWriter, compareLexemes, prefixEnd } from './codec.js';
import { decodePostings, mergeRuns, type FoundDoclist, type Postings } from './decode.js';
import { mergeSegments, type DeadMap } from './merge.js';
import { findInBlock, SegmentBuilder, type Block, type DoclistRef } from './segment.js';
import { warmPostingsCode } from './warm-code.js';

/** An article as token lists: a small vocabulary, so lexemes repeat across articles and positions. */
const vocab = ['a', 'b', 'kim', 'jong', 'il', 'zz', '노동', '동당', '당', 'é', '\u{1F600}x', '\uE000'];
const tokens = fc.array(fc.constantFrom(...vocab), { maxLength: 12 });
const article = fc.record({ title: tokens, body: tokens });

interface Doc {
  id: number;
  title: string[];
  body: string[];
}

/** What the postings of `lexeme` must say about these documents, read straight from their tokens. */
function expected(docs: Doc[], lexeme: string) {
  return docs
    .filter((d) => d.title.includes(lexeme) || d.body.includes(lexeme))
    .sort((a, b) => a.id - b.id)
    .map((d) => ({
      id: d.id,
      doclen: d.title.length + d.body.length,
      title: d.title.flatMap((t, i) => (t === lexeme ? [i] : [])),
      body: d.body.flatMap((t, i) => (t === lexeme ? [i] : [])),
    }));
}

function actual(p: Postings) {
  return Array.from(p.ids, (id, i) => {
    const pos = p.positions(i, []);
    return { id, doclen: p.doclen[i], title: pos.slice(0, p.titleCount[i]), body: pos.slice(p.titleCount[i]) };
  });
}

function build(docs: Doc[]): Block[] {
  const b = new SegmentBuilder();
  for (const d of docs) b.add(d.id, articlePostings(d.title, d.body));
  return b.build().blocks;
}

/** A lexeme's doclists in segments (hi each), as the reader finds them. */
function find(segments: { hi: number; blocks: Block[] }[], lexeme: string, prefix = false): FoundDoclist[] {
  const out: FoundDoclist[] = [];
  for (const s of segments) {
    for (const b of s.blocks) {
      const refs: DoclistRef[] = [];
      findInBlock(b.data, Buffer.from(lexeme), prefix, refs);
      out.push(...refs.map((r) => ({ ...r, hi: s.hi, pos: b.pos })));
    }
  }
  return out;
}

describe('positional postings', () => {
  it('varints read back what was written', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 2 ** 31 - 1 })), (xs) => {
        const w = new ByteWriter(1);
        for (const x of xs) w.varint(x);
        const r = new ByteReader(w.take());
        expect(xs.map(() => r.varint())).toEqual(xs);
        expect(r.done).toBe(true);
      }),
    );
  });

  it('orders lexemes as PostgreSQL\u2019s "C" collation does (UTF-8 bytes), and ends a prefix\u2019s range after it', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.sign(compareLexemes(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), text, (p, rest) => {
        const end = prefixEnd(p);
        if (end !== null) expect(compareLexemes(p + rest, end)).toBeLessThan(0);
      }),
    );
  });

  it('a built segment gives every lexeme\u2019s documents, lengths and positions', () => {
    fc.assert(
      fc.property(fc.array(article, { maxLength: 30 }), (arts) => {
        const docs = arts.map((a, i) => ({ id: i * 3 + 1, ...a }));
        const segments = [{ hi: 1, blocks: build(docs) }];
        for (const lexeme of vocab) expect(actual(decodePostings(find(segments, lexeme), new Map()))).toEqual(expected(docs, lexeme));
      }),
    );
  });

  it('merging segments keeps what they held, without the entries marked stale', () => {
    fc.assert(
      fc.property(fc.array(fc.array(article, { maxLength: 8 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(20)), (batches, rewrites) => {
        // Segment k holds its batch; some articles are written again in a later segment (marked stale
        // since that one), and some removed (marked stale since a segment that never comes).
        let id = 0;
        const live = new Map<number, Doc>();
        const dead: DeadMap = new Map();
        const segments = batches.map((batch, k) => {
          const docs: Doc[] = batch.map((a) => ({ id: ++id, ...a }));
          const again = rewrites.filter((r) => r < id && live.has(r + 1)).map((r) => ({ ...live.get(r + 1)!, body: ['again', ...live.get(r + 1)!.body] }));
          for (const d of again) dead.set(d.id, k + 1);
          const all = [...docs, ...again.filter((d) => !docs.some((x) => x.id === d.id))];
          for (const d of all) live.set(d.id, d);
          return { hi: k + 1, blocks: build(all) };
        });
        const removed = [...live.keys()].filter((x) => x % 4 === 0);
        for (const x of removed) {
          dead.set(x, batches.length + 1);
          live.delete(x);
        }
        const merged = mergeSegments(
          segments.map((s) => ({ hi: s.hi, blocks: s.blocks })),
          dead,
        );
        const docs = [...live.values()];
        for (const lexeme of [...vocab, 'again']) {
          // Read from the merged segment and from the separate ones: the same live entries.
          expect(actual(decodePostings(find([{ hi: batches.length, blocks: merged.blocks }], lexeme), dead))).toEqual(expected(docs, lexeme));
          expect(actual(decodePostings(find(segments, lexeme), dead))).toEqual(expected(docs, lexeme));
        }
      }),
    );
  });

  it('a batch whose lexemes are named by one shared list builds the same segment, with others beside it', () => {
    fc.assert(
      fc.property(fc.array(article, { maxLength: 20 }), fc.nat(20), (arts, split) => {
        const named = new SegmentBuilder();
        const shared = new SegmentBuilder();
        // An import batch's articles, and (past `split`) articles re-indexed in the same transaction.
        const postings = arts.map((a) => articlePostings(a.title, a.body));
        arts.forEach((a, i) => named.add(i + 1, articlePostings(a.title, a.body)));
        shareLexicon(postings.slice(0, split));
        postings.forEach((p, i) => shared.add(i + 1, p));
        expect(shared.build()).toEqual(named.build());
      }),
    );
  });

  it('a prefix gathers every lexeme it begins, positions merged per document', () => {
    const docs = [
      { id: 1, title: ['kim', 'kimchi'], body: ['kimchi', 'x', 'kim'] },
      { id: 2, title: [], body: ['ki'] },
    ];
    const p = decodePostings(find([{ hi: 1, blocks: build(docs) }], 'kim', true), new Map());
    expect(actual(p)).toEqual([{ id: 1, doclen: 5, title: [0, 1], body: [0, 2] }]);
  });
});

describe('postings within an id range', () => {
  it('hold exactly the entries of the range’s articles', () => {
    fc.assert(
      fc.property(fc.array(article, { minLength: 1, maxLength: 30 }), fc.nat({ max: 40 }), fc.nat({ max: 40 }), (arts, a, b) => {
        const docs = arts.map((x, i) => ({ id: i + 1, ...x }));
        const segments = [{ hi: 1, blocks: build(docs.slice(0, 15)) }, { hi: 2, blocks: build(docs.slice(15)) }];
        const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
        for (const lexeme of vocab) {
          const inRange = docs.filter((d) => d.id >= lo && d.id <= hi);
          expect(actual(decodePostings(find(segments, lexeme), new Map(), [lo, hi]))).toEqual(expected(inRange, lexeme));
        }
      }),
    );
  });
});

describe('code warm-up', () => {
  it('runs every query path over its made-up archive without the database', async () => {
    await expect(warmPostingsCode(1)).resolves.toBeUndefined();
  });
});

describe('merging runs of ids', () => {
  it('orders the entries of ascending runs by id, equal ids in their runs’ order', () => {
    const run = fc.uniqueArray(fc.nat({ max: 300 }), { maxLength: 40 }).map((xs) => xs.sort((a, b) => a - b));
    fc.assert(
      fc.property(fc.array(run, { maxLength: 12 }), (runs) => {
        const ids = Int32Array.from(runs.flat());
        const bounds = [0];
        for (const r of runs) bounds.push(bounds[bounds.length - 1] + r.length);
        const runOf = (i: number) => bounds.findIndex((b, k) => i >= b && i < bounds[k + 1]);
        const expected = Array.from(ids.keys()).sort((a, b) => ids[a] - ids[b] || runOf(a) - runOf(b));
        expect(Array.from(mergeRuns(ids, bounds))).toEqual(expected);
      }),
    );
  });
});
