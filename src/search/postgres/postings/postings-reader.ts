import type pg from 'pg';
import { compareLexemes, prefixEnd } from './codec.js';
import { decodePostings, type FoundDoclist, type Postings } from './decode.js';
import type { Term } from './evaluate.js';
import type { DeadMap } from './merge.js';
import { findInBlock } from './segment.js';

/** Past every lexeme (a prefix of only the last code points has no end). */
const LAST = String.fromCodePoint(0x10ffff).repeat(8);

/**
 * Which blocks can hold the terms, from every segment, in one statement: for a lexeme, each segment's
 * last block starting at or before it; for a prefix, also the blocks starting inside its range. The stale
 * marks come in the same statement (one snapshot), as rows without a segment.
 */
const KEYS_SQL = `
  SELECT s.id::text AS seg, s.hi::text AS hi, (SELECT max(y.first_lexeme) FROM search_blocks y WHERE y.seg = s.id AND y.first_lexeme <= t.lex) AS first
    FROM search_segments s CROSS JOIN unnest($1::text[]) AS t(lex)
  UNION
  SELECT y.seg::text, s.hi::text, y.first_lexeme
    FROM search_segments s CROSS JOIN unnest($2::text[], $3::text[]) AS p(lo, hi)
    JOIN search_blocks y ON y.seg = s.id AND y.first_lexeme > p.lo AND y.first_lexeme < p.hi
  UNION ALL
  SELECT NULL, article_id::text, since::text COLLATE "C" FROM search_dead`;

/**
 * The blocks not kept yet, by key, in their parts (OFFSET 0 keeps the planner from hashing the whole
 * table instead). They travel as base64: half the time of bytea's hex text for a frequent word's doclists
 * (the driver's binary results decode every value as UTF-8, so they cannot carry bytes).
 */
const BLOCKS_SQL = `
  SELECT k.seg::text AS seg, k.first AS first_lexeme, b.part, encode(b.data, 'base64') AS data
    FROM unnest($1::bigint[], $2::text[]) AS k(seg, first)
    CROSS JOIN LATERAL (SELECT part, data FROM search_blocks b WHERE b.seg = k.seg AND b.first_lexeme = k.first OFFSET 0) b`;

/**
 * Blocks read lately, up to a size: a segment's blocks never change (a merge writes a new segment), so a
 * kept block needs no checking, and the frequent words most queries share are read from the database once.
 */
export class BlockCache {
  private readonly blocks = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly limit: number) {}

  get(key: string): Buffer | undefined {
    const hit = this.blocks.get(key);
    if (hit) {
      this.blocks.delete(key);
      this.blocks.set(key, hit);
    }
    return hit;
  }

  set(key: string, data: Buffer): void {
    if (data.length > this.limit / 4) return;
    this.blocks.set(key, data);
    this.bytes += data.length;
    for (const [k, v] of this.blocks) {
      if (this.bytes <= this.limit) break;
      this.blocks.delete(k);
      this.bytes -= v.length;
    }
  }
}

interface SegmentBlocks {
  hi: number;
  firsts: string[];
  blocks: Buffer[];
}

const blockKey = (seg: string, first: string) => `${seg}\u0000${first}`;

/** Reads terms' postings from the stored segments (the blocks kept in `cache` are not read again). */
export async function readPostings(pool: pg.Pool, terms: Term[], cache = new BlockCache(0)): Promise<Postings[]> {
  if (terms.length === 0) return [];
  const prefixes = terms.filter((t) => t.prefix);
  const r = await pool.query({
    name: 'ww-search-block-keys',
    text: KEYS_SQL,
    values: [terms.map((t) => t.lexeme), prefixes.map((t) => t.lexeme), prefixes.map((t) => prefixEnd(t.lexeme) ?? LAST)],
  });
  const dead: DeadMap = new Map();
  const keys: { seg: string; hi: string; first: string }[] = [];
  for (const row of r.rows as { seg: string | null; hi: string; first: string | null }[]) {
    if (row.seg === null) dead.set(Number(row.hi), Number(row.first));
    else if (row.first !== null) keys.push({ seg: row.seg, hi: row.hi, first: row.first });
  }
  const data = new Map<string, Buffer>();
  const missing = keys.filter((k) => {
    const key = blockKey(k.seg, k.first);
    const hit = cache.get(key);
    if (hit) data.set(key, hit);
    return !hit;
  });
  if (missing.length) {
    const b = await pool.query({ name: 'ww-search-blocks', text: BLOCKS_SQL, values: [missing.map((k) => k.seg), missing.map((k) => k.first)] });
    const parts = new Map<string, Buffer[]>();
    for (const row of (b.rows as { seg: string; first_lexeme: string; part: number; data: string }[]).sort((x, y) => x.part - y.part)) {
      const key = blockKey(row.seg, row.first_lexeme);
      const list = parts.get(key);
      if (list) list.push(Buffer.from(row.data, 'base64'));
      else parts.set(key, [Buffer.from(row.data, 'base64')]);
    }
    for (const [key, list] of parts) {
      const block = list.length === 1 ? list[0] : Buffer.concat(list);
      data.set(key, block);
      cache.set(key, block);
    }
  }
  const segments = new Map<string, SegmentBlocks>();
  for (const k of keys.sort((x, y) => compareLexemes(x.first, y.first))) {
    const block = data.get(blockKey(k.seg, k.first));
    if (!block) continue;
    let s = segments.get(k.seg);
    if (!s) segments.set(k.seg, (s = { hi: Number(k.hi), firsts: [], blocks: [] }));
    s.firsts.push(k.first);
    s.blocks.push(block);
  }
  return terms.map((term) => {
    const bytes = Buffer.from(term.lexeme);
    const end = term.prefix ? (prefixEnd(term.lexeme) ?? LAST) : null;
    const found: FoundDoclist[] = [];
    const refs: { bytes: Uint8Array; start: number; end: number }[] = [];
    for (const s of segments.values()) {
      // The last block starting at or before the lexeme; for a prefix, the blocks after it in its range.
      let k = lastAtOrBefore(s.firsts, term.lexeme);
      if (k < 0 && !term.prefix) continue;
      if (k < 0) k = 0;
      for (; k < s.firsts.length; k++) {
        if (compareLexemes(s.firsts[k], term.lexeme) > 0 && (end === null || compareLexemes(s.firsts[k], end) >= 0)) break;
        refs.length = 0;
        findInBlock(s.blocks[k], bytes, term.prefix, refs);
        for (const ref of refs) found.push({ ...ref, hi: s.hi });
        if (!term.prefix) break;
      }
    }
    return decodePostings(found, dead);
  });
}

function lastAtOrBefore(sorted: string[], x: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareLexemes(sorted[mid], x) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
