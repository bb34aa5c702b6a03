import type pg from 'pg';

/**
 * The search postings' pages read ahead, as an operator's autoprewarm would after a restart: the blocks'
 * key index first, then their heap and TOAST, into shared buffers while they fit in half of them (the
 * rest only into the OS cache, so that the index is not pushed out again). Without the pg_prewarm
 * extension, or the right to create it, nothing is read: searches work the same, their first runs read
 * from disk.
 */
export async function prewarmSearchIndex(pool: pg.Pool): Promise<void> {
  try {
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
    await readAhead(pool);
  } catch {
    // No extension, no right to create it, or not reachable through the search path: nothing read ahead.
  }
}

async function readAhead(pool: pg.Pool): Promise<void> {
  const r = await pool.query<{ rel: string; bytes: string; budget: string }>(
    `SELECT rel::regclass::text AS rel, pg_relation_size(rel) AS bytes,
            (SELECT setting::bigint * 8192 / 2 FROM pg_settings WHERE name = 'shared_buffers') AS budget
     FROM (SELECT i.indexrelid AS rel, 0 AS ord FROM pg_index i WHERE i.indrelid = 'search_blocks'::regclass AND i.indisprimary
           UNION ALL SELECT 'search_blocks'::regclass, 1
           UNION ALL SELECT reltoastrelid, 2 FROM pg_class WHERE oid = 'search_blocks'::regclass AND reltoastrelid <> 0) x
     ORDER BY ord`,
  );
  let left = r.rows.length ? Number(r.rows[0].budget) : 0;
  for (const { rel, bytes } of r.rows) {
    const mode = Number(bytes) <= left ? 'buffer' : 'read';
    if (mode === 'buffer') left -= Number(bytes);
    await pool.query('SELECT pg_prewarm($1::regclass, $2)', [rel, mode]);
  }
}
