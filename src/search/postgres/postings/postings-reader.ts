import type pg from 'pg';
import { BlockCache, Lease, type Span } from './block-cache.js';
import { copyBlocks, type ReadBlock } from './block-copy.js';
import { compareLexemes, prefixEnd } from './codec.js';
import { decodePostings, type FoundDoclist, type IdRange, type Postings } from './decode.js';
import type { PostingsRead, Term } from './evaluate.js';
import type { DeadMap } from './merge.js';
import { findInBlock, type DoclistRef } from './segment.js';

/** Past every lexeme (a prefix of only the last code points has no end). */
const LAST = String.fromCodePoint(0x10ffff).repeat(8);

/**
 * Which blocks can hold the terms, from every segment that reaches into the id range, in one statement: for a lexeme, each segment's
 * last block starting at or before it; for a prefix, also the blocks starting inside its range. The stale
 * marks come in the same statement (one snapshot), as rows without a segment.
 */
const KEYS_SQL = `
  WITH s AS (SELECT id, hi FROM search_segments WHERE first_id IS NULL OR (last_id >= $4::bigint AND first_id <= $5::bigint))
  SELECT s.id::text AS seg, s.hi::text AS hi, (SELECT max(y.first_lexeme) FROM search_blocks y WHERE y.seg = s.id AND y.first_lexeme <= t.lex) AS first
    FROM s CROSS JOIN unnest($1::text[]) AS t(lex)
  UNION
  SELECT y.seg::text, s.hi::text, y.first_lexeme
    FROM s CROSS JOIN unnest($2::text[], $3::text[]) AS p(lo, hi)
    JOIN search_blocks y ON y.seg = s.id AND y.first_lexeme > p.lo AND y.first_lexeme < p.hi
  UNION ALL
  SELECT NULL, article_id::text, since::text COLLATE "C" FROM search_dead`;

/** A segment's blocks as read: their first lexemes in order, and its newest ingest (see DeadMap). */
export interface SegmentBlocks {
  hi: number;
  firsts: string[];
  blocks: ReadBlock[];
}

const blockKey = (seg: string, first: string) => `${seg}\u0000${first}`;

/** Reads at most this many times when segments go between finding their blocks and reading them. */
const READ_ATTEMPTS = 5;

/**
 * Reads terms' blocks from the stored segments (the blocks kept in `cache` are not read again). Their
 * memory is held until `release`: the caller decodes and uses the postings before it lets go. Which
 * blocks to read and the blocks themselves come from two statements: when a merge replaced a segment in
 * between, its blocks are gone, and the read starts again from the segments there are now.
 */
export async function readPostings(pool: pg.Pool, terms: Term[], cache = new BlockCache(0), within?: IdRange): Promise<PostingsRead> {
  for (let attempt = 1; ; attempt++) {
    const lease = new Lease();
    let decode: (() => Postings[]) | null;
    try {
      decode = await readBlocks(pool, terms, cache, lease, within);
    } catch (e) {
      lease.release();
      throw e;
    }
    if (decode) return { decode, release: () => lease.release() };
    lease.release();
    if (attempt === READ_ATTEMPTS) throw new Error(`search: the index changed under ${READ_ATTEMPTS} reads in a row; try again`);
  }
}

/** The blocks' decoder, or null when a segment went before its blocks were read. */
async function readBlocks(pool: pg.Pool, terms: Term[], cache: BlockCache, lease: Lease, within?: IdRange): Promise<(() => Postings[]) | null> {
  if (terms.length === 0) return () => [];
  const prefixes = terms.filter((t) => t.prefix);
  const r = await pool.query({
    name: 'ww-search-block-keys',
    text: KEYS_SQL,
    values: [
      terms.map((t) => t.lexeme),
      prefixes.map((t) => t.lexeme),
      prefixes.map((t) => prefixEnd(t.lexeme) ?? LAST),
      within?.[0] ?? 0,
      within?.[1] ?? Number.MAX_SAFE_INTEGER,
    ],
  });
  const dead: DeadMap = new Map();
  const keys: { seg: string; hi: string; first: string }[] = [];
  for (const row of r.rows as { seg: string | null; hi: string; first: string | null }[]) {
    if (row.seg === null) dead.set(Number(row.hi), Number(row.first));
    else if (row.first !== null) keys.push({ seg: row.seg, hi: row.hi, first: row.first });
  }
  // A block needs its positions where a lexeme of a phrase may be in it: the segment's last block
  // starting at or before that lexeme (a phrase's words are never prefixes of a whole range).
  const keysBySeg = new Map<string, string[]>();
  for (const k of keys) keysBySeg.set(k.seg, [...(keysBySeg.get(k.seg) ?? []), k.first]);
  const needPositions = new Set<string>();
  for (const [seg, firsts] of keysBySeg) {
    firsts.sort(compareLexemes);
    for (const t of terms) {
      if (!t.positions) continue;
      let k = lastAtOrBefore(firsts, t.lexeme);
      if (t.prefix) {
        // A prefix at a phrase's end: every block of its range.
        const end = prefixEnd(t.lexeme) ?? LAST;
        for (k = Math.max(0, k); k < firsts.length && compareLexemes(firsts[k], end) < 0; k++) needPositions.add(blockKey(seg, firsts[k]));
      } else if (k >= 0) needPositions.add(blockKey(seg, firsts[k]));
    }
  }
  const data = new Map<string, ReadBlock>();
  const missing = keys.filter((k) => {
    const key = blockKey(k.seg, k.first);
    // A block kept without its positions does not serve a phrase: it is read again, with them.
    const hit = cache.get(key, lease, (b) => b.pos !== null || !needPositions.has(key));
    if (hit) {
      data.set(key, hit);
      return false;
    }
    return true;
  });
  if (missing.length) {
    let span: Span | null = null;
    const read = await copyBlocks(
      pool,
      missing.map((k) => ({ seg: k.seg, first: k.first, positions: needPositions.has(blockKey(k.seg, k.first)) })),
      (bytes) => {
        const taken = cache.take(bytes, lease);
        span = taken.span;
        return taken.bytes;
      },
    );
    if (read.some((block) => !block)) return null;
    missing.forEach((k, i) => {
      const key = blockKey(k.seg, k.first);
      data.set(key, read[i]!);
      cache.keep(key, read[i]!, span);
    });
  }
  const segments = new Map<string, SegmentBlocks>();
  for (const k of keys.sort((x, y) => compareLexemes(x.first, y.first))) {
    // Every key has its block by now: kept, or read (a read that missed one started again).
    const block = data.get(blockKey(k.seg, k.first))!;
    let s = segments.get(k.seg);
    if (!s) segments.set(k.seg, (s = { hi: Number(k.hi), firsts: [], blocks: [] }));
    s.firsts.push(k.first);
    s.blocks.push(block);
  }
  const found = [...segments.values()];
  return () => postingsFromBlocks(found, terms, dead, within);
}

/**
 * Terms' postings from segments' blocks (each segment's in lexeme order, positions where read); with
 * `within`, only the entries of articles in that id range.
 */
export function postingsFromBlocks(segments: SegmentBlocks[], terms: Term[], dead: DeadMap, within?: IdRange): Postings[] {
  return terms.map((term) => {
    const bytes = Buffer.from(term.lexeme);
    const end = term.prefix ? (prefixEnd(term.lexeme) ?? LAST) : null;
    const found: FoundDoclist[] = [];
    const refs: DoclistRef[] = [];
    for (const s of segments) {
      // The last block starting at or before the lexeme; for a prefix, the blocks after it in its range.
      let k = lastAtOrBefore(s.firsts, term.lexeme);
      if (k < 0 && !term.prefix) continue;
      if (k < 0) k = 0;
      for (; k < s.firsts.length; k++) {
        if (compareLexemes(s.firsts[k], term.lexeme) > 0 && (end === null || compareLexemes(s.firsts[k], end) >= 0)) break;
        refs.length = 0;
        findInBlock(s.blocks[k].data, bytes, term.prefix, refs);
        for (const ref of refs) found.push({ ...ref, hi: s.hi, pos: s.blocks[k].pos });
        if (!term.prefix) break;
      }
    }
    return decodePostings(found, dead, within);
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
