import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** A block to read: its segment and first lexeme, and whether its positions are wanted. */
export interface BlockKey {
  seg: string;
  first: string;
  positions: boolean;
}

/** A block as read: its doclists, and its positions when they were asked for. */
export interface ReadBlock {
  data: Buffer;
  pos: Buffer | null;
}

/**
 * Blocks' parts in order, each row with the read's and its block's whole sizes first (so the memory is
 * taken once), the large values last. OFFSET 0 keeps the planner from hashing the whole table instead.
 */
function copySql(keys: BlockKey[]): string {
  const segs = keys.map((k) => BigInt(k.seg).toString()).join(',');
  const firsts = keys.map((k) => pg.escapeLiteral(k.first)).join(',');
  const positions = keys.map((k) => String(k.positions)).join(',');
  return `COPY (
    SELECT (sum(length(b.data) + CASE WHEN k.positions THEN length(b.pos) ELSE 0 END) OVER ())::int4, k.i::int4, (sum(length(b.data)) OVER w)::int4, (CASE WHEN k.positions THEN sum(length(b.pos)) OVER w END)::int4,
           b.data, CASE WHEN k.positions THEN b.pos END
      FROM unnest(ARRAY[${segs}]::bigint[], ARRAY[${firsts}]::text[], ARRAY[${positions}]::boolean[]) WITH ORDINALITY AS k(seg, first, positions, i)
      CROSS JOIN LATERAL (SELECT part, data, pos FROM search_blocks b WHERE b.seg = k.seg AND b.first_lexeme = k.first OFFSET 0) b
      WINDOW w AS (PARTITION BY k.i)
      ORDER BY k.i, b.part
  ) TO STDOUT (FORMAT binary)`;
}

/**
 * Reads blocks in COPY's binary format: their bytes as stored, with no text encoding on either side (as
 * base64 text, a frequent phrase's 30 MB took twice as long to read, and as long again to decode), into
 * the memory `memory` gives for all of them. Returns each key's block, or undefined where its segment is gone.
 */
export async function copyBlocks(pool: pg.Pool, keys: BlockKey[], memory: (bytes: number) => Buffer): Promise<(ReadBlock | undefined)[]> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    const parser = new BlockCopyParser(keys.length, memory);
    for await (const chunk of client.query(copyTo(copySql(keys)))) parser.push(chunk as Buffer);
    return parser.finish();
  } catch (e) {
    // A COPY left halfway leaves the connection mid-stream: it is closed, not used again.
    failed = e as Error;
    throw e;
  } finally {
    client.release(failed);
  }
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** The fields of a row: the read's bytes, key index, block bytes, position bytes, then the part's data and positions. */
const FIELDS = 6;
const FIRST_LARGE = 4;

type Stage = 'signature' | 'extension' | 'tuple' | 'length' | 'small' | 'bytes' | 'done';

/**
 * COPY's binary format read as it arrives (chunks follow the socket, not rows): small fields are
 * gathered, the parts' bytes copied straight into their block's memory.
 */
export class BlockCopyParser {
  private readonly blocks: (ReadBlock | undefined)[];
  private readonly filled: { data: number; pos: number }[];
  private chunks: Buffer[] = [];
  private available = 0;
  private stage: Stage = 'signature';
  private field = 0;
  private need = SIGNATURE.length + 8;
  private row = { key: 0, dataBytes: 0, posBytes: -1 };
  /** The read's memory (taken at its first row), and how much of it blocks have taken. */
  private slab: Buffer | null = null;
  private slabUsed = 0;

  constructor(
    keys: number,
    private readonly memory: (bytes: number) => Buffer = (n) => Buffer.allocUnsafe(n),
  ) {
    this.blocks = new Array(keys).fill(undefined);
    this.filled = Array.from({ length: keys }, () => ({ data: 0, pos: 0 }));
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.available += chunk.length;
    for (;;) {
      if (this.stage === 'bytes') {
        if (this.available === 0) return;
        this.copyPart();
        continue;
      }
      if (this.stage === 'done' || this.available < this.need) return;
      this.step(this.take(this.need));
    }
  }

  finish(): (ReadBlock | undefined)[] {
    if (this.stage !== 'done') throw new Error('search blocks: COPY data ended early');
    this.blocks.forEach((b, i) => {
      if (b && (this.filled[i].data !== b.data.length || (b.pos && this.filled[i].pos !== b.pos.length))) throw new Error('search blocks: a block arrived incomplete');
    });
    return this.blocks;
  }

  private step(bytes: Buffer): void {
    switch (this.stage) {
      case 'signature':
        if (!bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('search blocks: not COPY binary data');
        this.stage = 'extension';
        this.need = bytes.readUInt32BE(SIGNATURE.length + 4);
        if (this.need === 0) this.toTuple();
        return;
      case 'extension':
        this.toTuple();
        return;
      case 'tuple': {
        const count = bytes.readInt16BE(0);
        if (count === -1) {
          this.stage = 'done';
          return;
        }
        if (count !== FIELDS) throw new Error(`search blocks: ${count} fields in a row, not ${FIELDS}`);
        this.field = 0;
        this.toLength();
        return;
      }
      case 'length': {
        const length = bytes.readInt32BE(0);
        if (length === -1) {
          if (this.field === 3) {
            this.row.posBytes = -1;
            this.startBlock();
          }
          this.nextField();
        } else if (this.field < FIRST_LARGE) {
          this.stage = 'small';
          this.need = length;
        } else {
          this.stage = 'bytes';
          this.need = length;
          if (length === 0) this.nextField();
        }
        return;
      }
      case 'small': {
        const v = bytes.readInt32BE(0);
        if (this.field === 0) this.slab ??= this.memory(v);
        else if (this.field === 1) this.row.key = v - 1;
        else if (this.field === 2) this.row.dataBytes = v;
        else this.row.posBytes = v;
        if (this.field === 3) this.startBlock();
        this.nextField();
        return;
      }
    }
  }

  /** The block's memory, from the read's, at its first part. */
  private startBlock(): void {
    const { key, dataBytes, posBytes } = this.row;
    if (this.blocks[key]) return;
    const data = this.slice(dataBytes);
    this.blocks[key] = { data, pos: posBytes < 0 ? null : this.slice(posBytes) };
  }

  private slice(n: number): Buffer {
    if (!this.slab || this.slabUsed + n > this.slab.length) throw new Error('search blocks: blocks larger than their read');
    this.slabUsed += n;
    return this.slab.subarray(this.slabUsed - n, this.slabUsed);
  }

  /** As much of the current part's bytes as have come, into its block. */
  private copyPart(): void {
    const block = this.blocks[this.row.key]!;
    const filled = this.filled[this.row.key];
    const pos = this.field === FIRST_LARGE + 1;
    const target = pos ? block.pos! : block.data;
    let at = pos ? filled.pos : filled.data;
    while (this.need > 0 && this.chunks.length > 0) {
      const chunk = this.chunks[0];
      const n = Math.min(this.need, chunk.length);
      if (at + n > target.length) throw new Error('search blocks: a part past its block');
      chunk.copy(target, at, 0, n);
      at += n;
      this.need -= n;
      this.available -= n;
      if (n === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(n);
    }
    if (pos) filled.pos = at;
    else filled.data = at;
    if (this.need === 0) this.nextField();
  }

  private nextField(): void {
    this.field++;
    if (this.field === FIELDS) this.toTuple();
    else this.toLength();
  }

  private toTuple(): void {
    this.stage = 'tuple';
    this.need = 2;
  }

  private toLength(): void {
    this.stage = 'length';
    this.need = 4;
  }

  /** The next n bytes (few: headers and small fields). */
  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      const joined = Buffer.concat(this.chunks);
      out = joined.subarray(0, n);
      this.chunks = joined.length > n ? [joined.subarray(n)] : [];
    }
    this.available -= n;
    return out;
  }
}
