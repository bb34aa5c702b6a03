import { lexemesOf, type ArticlePostings } from './article.js';
import { ByteReader, ByteWriter, compareLexemes } from './codec.js';

/**
 * A segment's postings are stored as blocks (rows of search_blocks), each holding whole doclists of
 * lexemes in code point order, keyed by its first lexeme, with their positions apart. A block's `data`:
 *   repeated: varint lexeme bytes, lexeme (UTF-8), varint doclist bytes, varint positions bytes, doclist
 * A doclist: varint entries, varint last article id, then per entry: varint id delta (the first from
 * 0) and the article's payload (see ArticlePostings). Its `pos`: each lexeme's positions, entry after
 * entry, lexeme after lexeme, in the same order.
 */
export interface Block {
  first: string;
  data: Buffer;
  pos: Buffer;
}

/** Blocks are cut past this size; a larger doclist gets a block of its own. */
const BLOCK_BYTES = 4096;

/** Writes doclists (and their positions) in lexeme order into blocks. */
export class BlockWriter {
  readonly blocks: Block[] = [];
  private cur = new ByteWriter(BLOCK_BYTES * 2);
  private curPos = new ByteWriter(BLOCK_BYTES * 4);
  private first: string | null = null;
  bytes = 0;

  /** A lexeme (UTF-8 bytes, or a string), its doclist and its positions. */
  add(lexeme: Uint8Array | string, doclist: Uint8Array, start: number, end: number, pos: Uint8Array, posStart: number, posEnd: number): void {
    const size = end - start;
    if (size > BLOCK_BYTES && this.first !== null) this.cut();
    if (typeof lexeme === 'string') {
      if (this.first === null) this.first = lexeme;
      this.cur.text(lexeme);
    } else {
      if (this.first === null) this.first = Buffer.from(lexeme.buffer, lexeme.byteOffset, lexeme.length).toString('utf8');
      this.cur.varint(lexeme.length);
      this.cur.raw(lexeme);
    }
    this.cur.varint(size);
    this.cur.varint(posEnd - posStart);
    this.cur.raw(doclist, start, end);
    this.curPos.raw(pos, posStart, posEnd);
    if (this.cur.length >= BLOCK_BYTES) this.cut();
  }

  private cut(): void {
    if (this.first === null) return;
    const data = this.cur.take();
    const pos = this.curPos.take();
    this.blocks.push({ first: this.first, data, pos });
    this.bytes += data.length + pos.length;
    this.cur.length = 0;
    this.curPos.length = 0;
    this.first = null;
  }

  finish(): Block[] {
    this.cut();
    return this.blocks;
  }
}

/** Collects articles' postings (an ingest's, or a rebuild's) and writes them as one segment's blocks. */
export class SegmentBuilder {
  private readonly byId = new Map<number, ArticlePostings>();
  /** Payload bytes gathered (a rebuild cuts its segments by this). */
  bytes = 0;

  add(id: number, postings: ArticlePostings): void {
    const before = this.byId.get(id);
    if (before) this.bytes -= before.payload.length;
    this.byId.set(id, postings);
    this.bytes += postings.payload.length;
  }

  get size(): number {
    return this.byId.size;
  }

  ids(): number[] {
    return [...this.byId.keys()];
  }

  build(): { blocks: Block[]; bytes: number; articles: number } {
    const ids = [...this.byId.keys()].sort((a, b) => a - b);
    const articles = ids.map((id) => this.byId.get(id)!);
    const out = new BlockWriter();
    const doclist = new ByteWriter(1024);
    const positions = new ByteWriter(4096);
    // Each lexeme's entries as pairs (article index, lexeme index), in id order, written as its doclist.
    const write = (lexeme: string, list: number[]) => {
      doclist.length = 0;
      positions.length = 0;
      doclist.varint(list.length / 2);
      doclist.varint(ids[list[list.length - 2]]);
      let prev = 0;
      for (let i = 0; i < list.length; i += 2) {
        const a = list[i];
        const k = list[i + 1];
        const p = articles[a];
        doclist.varint(ids[a] - prev);
        prev = ids[a];
        doclist.raw(p.payload, k === 0 ? 0 : p.ends[k - 1], p.ends[k]);
        positions.raw(p.positions, k === 0 ? 0 : p.posEnds[k - 1], p.posEnds[k]);
      }
      out.add(lexeme, doclist.bytes, 0, doclist.length, positions.bytes, 0, positions.length);
    };
    // An import batch's articles share one lexicon (see BatchLexicon): their lexemes are gathered by
    // number, already in order; any others (re-indexed articles) by name, then both runs merged.
    const lexicon = articles.find((a) => a.lexicon)?.lexicon;
    const buckets: (number[] | undefined)[] = new Array(lexicon?.length ?? 0);
    const named = new Map<string, number[]>();
    for (let a = 0; a < articles.length; a++) {
      const p = articles[a];
      if (p.lexicon === lexicon && lexicon) {
        const places = p.lexiconIds!;
        for (let k = 0; k < places.length; k++) (buckets[places[k]] ??= []).push(a, k);
        continue;
      }
      const lexemes = lexemesOf(p);
      for (let k = 0; k < lexemes.length; k++) {
        const list = named.get(lexemes[k]);
        if (list) list.push(a, k);
        else named.set(lexemes[k], [a, k]);
      }
    }
    const others = [...named.keys()].sort(compareLexemes);
    let j = 0;
    let o = 0;
    while (j < buckets.length || o < others.length) {
      if (j < buckets.length && !buckets[j]) {
        j++;
        continue;
      }
      const c = j >= buckets.length ? 1 : o >= others.length ? -1 : compareLexemes(lexicon![j], others[o]);
      if (c < 0) write(lexicon![j], buckets[j++]!);
      else if (c > 0) write(others[o], named.get(others[o++])!);
      else write(others[o], mergePairs(buckets[j++]!, named.get(others[o++])!));
    }
    const blocks = out.finish();
    return { blocks, bytes: out.bytes, articles: ids.length };
  }
}

/** Two lists of (article index, lexeme index) pairs, each by article, as one. */
function mergePairs(x: number[], y: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let k = 0;
  while (i < x.length || k < y.length) {
    if (k >= y.length || (i < x.length && x[i] < y[k])) out.push(x[i++], x[i++]);
    else out.push(y[k++], y[k++]);
  }
  return out;
}

/** A doclist inside a block, and where its positions start in the block's `pos`. */
export interface DoclistRef {
  bytes: Uint8Array;
  start: number;
  end: number;
  posAt: number;
}

/** Every lexeme of a block with its doclist and where its positions are, in order. */
export function* blockEntries(data: Uint8Array): Generator<{ lexeme: Uint8Array; doclist: DoclistRef; posLength: number }> {
  const r = new ByteReader(data);
  let posAt = 0;
  while (!r.done) {
    const n = r.varint();
    const lexeme = data.subarray(r.pos, r.pos + n);
    r.pos += n;
    const size = r.varint();
    const posLength = r.varint();
    yield { lexeme, doclist: { bytes: data, start: r.pos, end: r.pos + size, posAt }, posLength };
    r.pos += size;
    posAt += posLength;
  }
}

/** The lowest and highest article id of the blocks' doclists (a doclist starts with its count, last id and first id). */
export function idSpan(blocks: Block[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const b of blocks) {
    for (const { doclist } of blockEntries(b.data)) {
      const r = new ByteReader(doclist.bytes, doclist.start, doclist.end);
      if (r.varint() === 0) continue;
      hi = Math.max(hi, r.varint());
      lo = Math.min(lo, r.varint());
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** The doclist of `lexeme` (UTF-8) in a block, or of every lexeme starting with it when `prefix`. */
export function findInBlock(data: Uint8Array, lexeme: Uint8Array, prefix: boolean, out: DoclistRef[]): void {
  const r = new ByteReader(data);
  const want = lexeme.length;
  let posAt = 0;
  while (!r.done) {
    const n = r.varint();
    const at = r.pos;
    r.pos += n;
    const size = r.varint();
    const posLength = r.varint();
    if (prefix ? n >= want : n === want) {
      let same = true;
      for (let i = 0; i < want; i++) {
        if (data[at + i] !== lexeme[i]) {
          same = false;
          break;
        }
      }
      if (same) out.push({ bytes: data, start: r.pos, end: r.pos + size, posAt });
    }
    r.pos += size;
    posAt += posLength;
  }
}

/** Skips an entry's payload (after its id delta); its positions' size in bytes. */
export function skipPayload(r: ByteReader): number {
  r.varint();
  r.varint();
  r.varint();
  return r.varint();
}

/** A block's doclists with every article id moved by `offset` (copies of articles under new ids keep their postings). */
export function shiftBlock(data: Uint8Array, offset: number): Buffer {
  const w = new ByteWriter(data.length + 64);
  for (const { lexeme, doclist, posLength } of blockEntries(data)) {
    const r = new ByteReader(doclist.bytes, doclist.start, doclist.end);
    const n = r.varint();
    const last = r.varint();
    const first = r.varint();
    const head = new ByteWriter(16);
    head.varint(n);
    head.varint(last + offset);
    head.varint(first + offset);
    w.varint(lexeme.length);
    w.raw(lexeme);
    w.varint(head.length + doclist.end - r.pos);
    w.varint(posLength);
    w.raw(head.bytes, 0, head.length);
    w.raw(doclist.bytes, r.pos, doclist.end);
  }
  return w.take();
}
