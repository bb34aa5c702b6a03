import { sql, type Kysely } from 'kysely';
import { mergeSegments, type DeadMap, type MergeInput } from './merge.js';
import { idSpan, type Block, type SegmentBuilder } from './segment.js';

/**
 * Every write to the postings (a segment, a merge, a stale mark) holds this transaction lock until
 * commit, so a merge always sees every stale mark made before it, and segment numbers grow in commit
 * order.
 */
export const POSTINGS_LOCK = 0x57770013;
/** Segments merge in runs of this many of one size tier (sizes grow by this factor per tier)… */
const FAN_IN = 16;
/** …while the merged segment stays under this size; larger ones stay as they are. */
const MAX_MERGED_BYTES = 256 * 2 ** 20;
/** Rows per statement when blocks are written. */
const BLOCKS_PER_INSERT = 500;
/** A block is stored in parts of at most this size (see migration 013). */
const PART_BYTES = 32 * 1024;

export async function lockPostings(db: Kysely<any>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${POSTINGS_LOCK})`.execute(db);
}

function tierOf(bytes: number): number {
  return Math.max(0, Math.floor(Math.log(Math.max(1, bytes) / 1024) / Math.log(FAN_IN)));
}

/** Writes a built segment (inside the caller's transaction, which holds lockPostings). */
export async function writeSegment(tx: Kysely<any>, built: { blocks: Block[]; bytes: number; articles: number }, hi?: number): Promise<number> {
  const id = Number((await sql<{ id: string }>`SELECT nextval('search_segment_ids') AS id`.execute(tx)).rows[0].id);
  // Its ids' range: a search within an id range (a date filter) reads no segment outside it.
  const span = idSpan(built.blocks);
  await sql`INSERT INTO search_segments (id, hi, bytes, articles, first_id, last_id)
    VALUES (${id}, ${hi ?? id}, ${built.bytes}, ${built.articles}, ${span?.[0] ?? null}, ${span?.[1] ?? null})`.execute(tx);
  // A block's doclists and its positions are cut into parts alike: part k holds each one's k-th piece.
  const parts = built.blocks.flatMap((b) => {
    const out = [];
    const size = Math.max(b.data.length, b.pos.length, 1);
    for (let at = 0, part = 0; at < size; at += PART_BYTES, part++) {
      out.push({ first: b.first, part, data: b.data.subarray(at, at + PART_BYTES), pos: b.pos.subarray(at, at + PART_BYTES) });
    }
    return out;
  });
  for (let i = 0; i < parts.length; i += BLOCKS_PER_INSERT) {
    const rows = parts.slice(i, i + BLOCKS_PER_INSERT).map((b) => sql`(${id}, ${b.first}, ${b.part}, ${b.data}, ${b.pos})`);
    await sql`INSERT INTO search_blocks (seg, first_lexeme, part, data, pos) VALUES ${sql.join(rows)}`.execute(tx);
  }
  return id;
}

/** A segment of the builder's articles, then any merges it makes due. */
export async function addSegment(tx: Kysely<any>, builder: SegmentBuilder): Promise<void> {
  if (builder.size === 0) return;
  await lockPostings(tx);
  await writeSegment(tx, builder.build());
  await mergeDue(tx);
}

interface SegmentRow {
  id: number;
  hi: number;
  bytes: number;
  articles: number;
}

/**
 * Merges while some size tier holds FAN_IN segments (its oldest, as FTS5's automerge does): every
 * segment is rewritten about once per tier, and a lexeme's postings stay in a few dozen segments.
 */
export async function mergeDue(tx: Kysely<any>): Promise<void> {
  for (;;) {
    const segs = (await sql<SegmentRow>`SELECT id, hi, bytes, articles FROM search_segments ORDER BY hi, id`.execute(tx)).rows.map((r) => ({
      id: Number(r.id),
      hi: Number(r.hi),
      bytes: Number(r.bytes),
      articles: Number(r.articles),
    }));
    const byTier = new Map<number, SegmentRow[]>();
    for (const s of segs) {
      const t = tierOf(s.bytes);
      byTier.set(t, [...(byTier.get(t) ?? []), s]);
    }
    const due = [...byTier.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, list]) => list.slice(0, FAN_IN))
      .find((list) => list.length >= FAN_IN && list.reduce((s, x) => s + x.bytes, 0) <= MAX_MERGED_BYTES);
    if (!due) return;
    await mergeNow(tx, due);
  }
}

/** Merges these segments (oldest first) into one, dropping stale entries. */
export async function mergeNow(tx: Kysely<any>, segs: SegmentRow[]): Promise<void> {
  const ids = segs.map((s) => s.id);
  const bySeg = new Map<number, Block[]>();
  for (const s of segs) bySeg.set(s.id, await readBlocks(tx, s.id));
  const inputs: MergeInput[] = segs.map((s) => ({ hi: s.hi, blocks: bySeg.get(s.id)! }));
  const dead = await readDead(tx);
  const merged = mergeSegments(inputs, dead);
  await sql`DELETE FROM search_segments WHERE id = ANY(${ids}::bigint[])`.execute(tx);
  const articles = segs.reduce((s, x) => s + x.articles, 0);
  await writeSegment(tx, { ...merged, articles }, Math.max(...segs.map((s) => s.hi)));
  // A stale mark older than every segment has done its work: each merge since dropped what it marked.
  await sql`DELETE FROM search_dead WHERE since < (SELECT min(id) FROM search_segments)`.execute(tx);
}

/** A segment's blocks in lexeme order, each joined from its parts. */
export async function readBlocks(db: Kysely<any>, seg: number): Promise<Block[]> {
  // As base64: far cheaper for the driver than bytea's hex text (see postings-reader.ts).
  const rows = await sql<{ first_lexeme: string; part: number; data: string; pos: string }>`
    SELECT first_lexeme, part, encode(data, 'base64') AS data, encode(pos, 'base64') AS pos FROM search_blocks WHERE seg = ${seg} ORDER BY first_lexeme, part`.execute(db);
  const out: Block[] = [];
  const data: Buffer[] = [];
  const pos: Buffer[] = [];
  rows.rows.forEach((r, i) => {
    data.push(Buffer.from(r.data, 'base64'));
    pos.push(Buffer.from(r.pos, 'base64'));
    const next = rows.rows[i + 1];
    if (!next || next.part === 0) {
      out.push({ first: r.first_lexeme, data: Buffer.concat(data), pos: Buffer.concat(pos) });
      data.length = 0;
      pos.length = 0;
    }
  });
  return out;
}

export async function readDead(db: Kysely<any>): Promise<DeadMap> {
  const r = await sql<{ article_id: string; since: string }>`SELECT article_id, since FROM search_dead`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.article_id), Number(x.since)]));
}

/** Forgets every posting (a full rebuild follows). */
export async function clearPostings(tx: Kysely<any>): Promise<void> {
  await lockPostings(tx);
  await sql`TRUNCATE search_blocks, search_segments, search_dead`.execute(tx);
}
