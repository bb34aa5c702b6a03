import { sql, type Kysely } from 'kysely';
import { indexedText } from '../ts-text.js';
import { addSegment, clearPostings } from './postings-store.js';
import { SegmentBuilder } from './segment.js';

const CHUNK = 5000;
/** A rebuild writes a segment per this much payload (merges then join them as ingests' are). */
export const BULK_SEGMENT_BYTES = 32 * 2 ** 20;

/**
 * The postings of every indexed article built again from the articles' texts, in the caller's
 * transaction (a migration's, or a bench's after copying index rows).
 */
export async function rebuildPostings(tx: Kysely<any>, onProgress?: (done: number, total: number) => void): Promise<number> {
  await clearPostings(tx);
  const top = Number((await sql<{ m: string | null }>`SELECT max(article_id) AS m FROM search_index`.execute(tx)).rows[0].m ?? 0);
  let builder = new SegmentBuilder();
  let count = 0;
  for (let from = 0; from < top; from += CHUNK) {
    const to = Math.min(top, from + CHUNK);
    const rows = await sql<{ id: string; title: string; body: string }>`SELECT a.id, a.title, a.body FROM articles a JOIN search_index s ON s.article_id = a.id
      WHERE a.id > ${from} AND a.id <= ${to}`.execute(tx);
    for (const r of rows.rows) builder.add(Number(r.id), indexedText(r.title, r.body).postings);
    count += rows.rows.length;
    if (builder.bytes >= BULK_SEGMENT_BYTES) {
      await addSegment(tx, builder);
      builder = new SegmentBuilder();
    }
    onProgress?.(to, top);
  }
  await addSegment(tx, builder);
  return count;
}
