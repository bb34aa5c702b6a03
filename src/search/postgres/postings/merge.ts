import { ByteReader, ByteWriter } from './codec.js';
import { BlockWriter, skipPayload, type Block } from './segment.js';

/** A stored segment as a merge reads it: its newest ingest (see PostingsStore) and its blocks in order. */
export interface MergeInput {
  hi: number;
  blocks: { data: Uint8Array; pos: Uint8Array }[];
}

/** Article → the first segment its current postings can be in (entries in older segments are stale). */
export type DeadMap = Map<number, number>;

/** Walks one segment's lexemes in order. */
class Cursor {
  private block = 0;
  private r: ByteReader | null = null;
  data: Uint8Array = new Uint8Array(0);
  pos: Uint8Array = new Uint8Array(0);
  lexStart = 0;
  lexLen = 0;
  docStart = 0;
  docEnd = 0;
  posStart = 0;
  posEnd = 0;
  done = false;

  constructor(
    private readonly blocks: { data: Uint8Array; pos: Uint8Array }[],
    readonly hi: number,
    readonly index: number,
  ) {
    this.next();
  }

  next(): void {
    while (!this.r || this.r.done) {
      if (this.block >= this.blocks.length) {
        this.done = true;
        return;
      }
      const b = this.blocks[this.block++];
      this.data = b.data;
      this.pos = b.pos;
      this.r = new ByteReader(this.data);
      this.posEnd = 0;
    }
    const r = this.r;
    this.lexLen = r.varint();
    this.lexStart = r.pos;
    r.pos += this.lexLen;
    const size = r.varint();
    const posLength = r.varint();
    this.docStart = r.pos;
    this.docEnd = r.pos + size;
    r.pos += size;
    this.posStart = this.posEnd;
    this.posEnd = this.posStart + posLength;
  }
}

function compareLex(a: Cursor, b: Cursor): number {
  const n = Math.min(a.lexLen, b.lexLen);
  for (let i = 0; i < n; i++) {
    const d = a.data[a.lexStart + i] - b.data[b.lexStart + i];
    if (d !== 0) return d;
  }
  return a.lexLen - b.lexLen;
}

/**
 * Merges segments into one (inputs oldest first): each lexeme's doclists joined in id order, their
 * positions with them. Where the
 * inputs' ids follow one another and no stale entry can be among them, doclists are joined as bytes (only
 * the next one's first id delta is rewritten); otherwise their entries are read, stale ones dropped, and
 * written again in id order.
 */
export function mergeSegments(inputs: MergeInput[], dead: DeadMap): { blocks: Block[]; bytes: number } {
  let deadUpTo = 0;
  for (const n of dead.values()) deadUpTo = Math.max(deadUpTo, n);
  const cursors = inputs.map((s, i) => new Cursor(s.blocks, s.hi, i)).filter((c) => !c.done);
  const out = new BlockWriter();
  const doclist = new ByteWriter(4096);
  const positions = new ByteWriter(4096);
  const group: Cursor[] = [];
  while (cursors.length) {
    // The smallest lexeme among the cursors, and every cursor at it (in input order).
    group.length = 0;
    for (const c of cursors) {
      if (group.length === 0) group.push(c);
      else {
        const d = compareLex(c, group[0]);
        if (d < 0) {
          group.length = 0;
          group.push(c);
        } else if (d === 0) group.push(c);
      }
    }
    group.sort((a, b) => a.index - b.index);
    const lead = group[0];
    const lexeme = lead.data.subarray(lead.lexStart, lead.lexStart + lead.lexLen);
    const stale = group.some((c) => c.hi < deadUpTo);
    if (group.length === 1 && !stale) out.add(lexeme, lead.data, lead.docStart, lead.docEnd, lead.pos, lead.posStart, lead.posEnd);
    else {
      doclist.length = 0;
      positions.length = 0;
      if (stale || !joinAsBytes(group, doclist, positions)) rewrite(group, dead, doclist, positions);
      if (doclist.length > 0) out.add(lexeme, doclist.bytes, 0, doclist.length, positions.bytes, 0, positions.length);
    }
    for (const c of group) c.next();
    for (let i = cursors.length - 1; i >= 0; i--) if (cursors[i].done) cursors.splice(i, 1);
  }
  const blocks = out.finish();
  return { blocks, bytes: out.bytes };
}

/** Doclists whose ids follow one another, joined as bytes (and their positions); false (nothing written) when they do not. */
function joinAsBytes(group: Cursor[], w: ByteWriter, positions: ByteWriter): boolean {
  const heads = group.map((c) => {
    const r = new ByteReader(c.data, c.docStart, c.docEnd);
    const n = r.varint();
    const last = r.varint();
    const entriesAt = r.pos;
    const first = r.varint();
    return { n, last, first, entriesAt, afterFirst: r.pos };
  });
  for (let i = 1; i < heads.length; i++) if (heads[i].first <= heads[i - 1].last) return false;
  w.varint(heads.reduce((s, h) => s + h.n, 0));
  w.varint(heads[heads.length - 1].last);
  heads.forEach((h, i) => {
    const c = group[i];
    if (i === 0) w.raw(c.data, h.entriesAt, c.docEnd);
    else {
      w.varint(h.first - heads[i - 1].last);
      w.raw(c.data, h.afterFirst, c.docEnd);
    }
    positions.raw(c.pos, c.posStart, c.posEnd);
  });
  return true;
}

/** The group's live entries in id order (the newest input's where an id repeats), written anew. */
function rewrite(group: Cursor[], dead: DeadMap, w: ByteWriter, positions: ByteWriter): void {
  const entries: { id: number; data: Uint8Array; start: number; end: number; pos: Uint8Array; posStart: number; posEnd: number; input: number }[] = [];
  for (const c of group) {
    const r = new ByteReader(c.data, c.docStart, c.docEnd);
    const n = r.varint();
    r.varint();
    let id = 0;
    let posAt = c.posStart;
    for (let k = 0; k < n; k++) {
      id += r.varint();
      const start = r.pos;
      const posBytes = skipPayload(r);
      const since = dead.get(id);
      if (since === undefined || c.hi >= since) entries.push({ id, data: c.data, start, end: r.pos, pos: c.pos, posStart: posAt, posEnd: posAt + posBytes, input: c.index });
      posAt += posBytes;
    }
  }
  if (entries.length === 0) return;
  entries.sort((a, b) => a.id - b.id || b.input - a.input);
  const kept = entries.filter((e, i) => i === 0 || entries[i - 1].id !== e.id);
  w.varint(kept.length);
  w.varint(kept[kept.length - 1].id);
  let prev = 0;
  for (const e of kept) {
    w.varint(e.id - prev);
    prev = e.id;
    w.raw(e.data, e.start, e.end);
    positions.raw(e.pos, e.posStart, e.posEnd);
  }
}
