import type pg from 'pg';
import { compareLexemes, prefixEnd } from './codec.js';
import { decodePostings, type FoundDoclist, type Postings } from './decode.js';
import type { Term } from './evaluate.js';
import type { DeadMap } from './merge.js';
import { findInBlock } from './segment.js';

/** Past every lexeme (a prefix of only the last code points has no end). */
const LAST = String.fromCodePoint(0x10ffff).repeat(8);

/**
 * The blocks that can hold the terms, from every segment, in one statement: for a lexeme, each segment's
 * last block starting at or before it; for a prefix, also the blocks starting inside its range. Each block
 * is read by its key, in its parts (OFFSET 0 keeps the planner from hashing the whole table instead). The stale marks come
 * in the same statement (one snapshot), as rows without a segment. Blocks travel as base64: half the
 * time of bytea's hex text for a frequent word's doclists (the driver's binary results decode every
 * value as UTF-8, so they cannot carry bytes).
 */
const BLOCKS_SQL = `
  WITH keys AS MATERIALIZED (
    SELECT s.id AS seg, s.hi, (SELECT max(y.first_lexeme) FROM search_blocks y WHERE y.seg = s.id AND y.first_lexeme <= t.lex) AS first
      FROM search_segments s CROSS JOIN unnest($1::text[]) AS t(lex)
    UNION
    SELECT y.seg, s.hi, y.first_lexeme
      FROM search_segments s CROSS JOIN unnest($2::text[], $3::text[]) AS p(lo, hi)
      JOIN search_blocks y ON y.seg = s.id AND y.first_lexeme > p.lo AND y.first_lexeme < p.hi)
  SELECT k.seg::text AS seg, k.hi::text AS hi, b.first_lexeme, b.part, encode(b.data, 'base64') AS data
    FROM keys k CROSS JOIN LATERAL (SELECT first_lexeme, part, data FROM search_blocks b WHERE b.seg = k.seg AND b.first_lexeme = k.first OFFSET 0) b
  UNION ALL
  SELECT NULL, article_id::text, since::text COLLATE "C", 0, NULL FROM search_dead`;

interface SegmentBlocks {
  hi: number;
  firsts: string[];
  blocks: Buffer[];
  /** Each block's parts, joined once all are read. */
  parts: Buffer[][];
}

/** Reads terms' postings from the stored segments. */
export async function readPostings(pool: pg.Pool, terms: Term[]): Promise<Postings[]> {
  if (terms.length === 0) return [];
  const prefixes = terms.filter((t) => t.prefix);
  const r = await pool.query({
    name: 'ww-search-blocks',
    text: BLOCKS_SQL,
    values: [terms.map((t) => t.lexeme), prefixes.map((t) => t.lexeme), prefixes.map((t) => prefixEnd(t.lexeme) ?? LAST)],
  });
  const segments = new Map<string, SegmentBlocks>();
  const dead: DeadMap = new Map();
  type Row = { seg: string; hi: string; first_lexeme: string; part: number; data: string };
  const all = r.rows as (Row | (Omit<Row, 'seg'> & { seg: null }))[];
  for (const row of all) if (row.seg === null) dead.set(Number(row.hi), Number(row.first_lexeme));
  const rows = (all.filter((row) => row.seg !== null) as Row[]).sort((a, b) => compareLexemes(a.first_lexeme, b.first_lexeme) || a.part - b.part);
  for (const row of rows) {
    let s = segments.get(row.seg);
    if (!s) segments.set(row.seg, (s = { hi: Number(row.hi), firsts: [], blocks: [], parts: [] }));
    const data = Buffer.from(row.data, 'base64');
    if (row.part > 0) s.parts[s.parts.length - 1].push(data);
    else {
      s.firsts.push(row.first_lexeme);
      s.parts.push([data]);
    }
  }
  for (const s of segments.values()) s.blocks = s.parts.map((p) => (p.length === 1 ? p[0] : Buffer.concat(p)));
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
