// The 10× corpus of bench/pg.ts, made the way bench/search.ts makes it: nine copies of every article,
// each published 22·k years later, made in SQL on both backends with the same ids (original id + k × the
// highest id), so the two archives stay alike article for article.
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { lockPostings, mergeDue, readBlocks, writeSegment } from '../src/search/postgres/postings/postings-store.js';
import { shiftBlock } from '../src/search/postgres/postings/segment.js';
import type { SqliteStore } from '../src/store/sqlite-store.js';

const YEARS = 22;

/** Columns copied unchanged (everything but the id, the URL, the publication day and the duplicate link). */
function copied(columns: string[]): string[] {
  return columns.filter((c) => !['id', 'url', 'published', 'duplicate_of'].includes(c));
}

/** SQLite: the copies, then the FTS5 index rebuilt by the caller (as bench/search.ts does). */
export function multiplySqlite(store: SqliteStore, factor: number): number {
  const raw = store.raw;
  const base = Number(raw.prepare('SELECT max(id) FROM articles').pluck().get());
  const cols = copied((raw.prepare('PRAGMA table_info(articles)').all() as { name: string }[]).map((c) => c.name)).join(', ');
  raw.transaction(() => {
    for (let k = 1; k < factor; k++) {
      raw.exec(`INSERT INTO articles (id, url, published, duplicate_of, ${cols})
        SELECT id + ${k * base}, url || '#copy-${k}', date(published, '+${YEARS * k} years'), NULL, ${cols} FROM articles WHERE id <= ${base}`);
    }
  })();
  return base;
}

/**
 * PostgreSQL: the copies, and their search_index rows copied from the originals' (the same texts give the
 * same token counts an import would write), and their postings (the originals' segments with ids moved).
 * Days are shifted as SQLite's date() does (29 February into a common year becomes 1 March).
 */
export async function multiplyPostgres(pool: pg.Pool, db: Kysely<any>, factor: number): Promise<number> {
  const base = Number((await pool.query('SELECT max(id) AS m FROM articles')).rows[0].m);
  const columns = (await pool.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'articles' ORDER BY ordinal_position`)).rows.map(
    (r) => r.column_name as string,
  );
  const cols = copied(columns).join(', ');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (let k = 1; k < factor; k++) {
      const years = YEARS * k;
      await client.query(`INSERT INTO articles (id, url, published, duplicate_of, ${cols})
        SELECT id + ${k * base}, url || '#copy-${k}',
               to_char(make_date(substr(published, 1, 4)::int + ${years}, substr(published, 6, 2)::int, 1) + (substr(published, 9, 2)::int - 1), 'YYYY-MM-DD'),
               NULL, ${cols}
        FROM articles WHERE id <= ${base}`);
      await client.query(`INSERT INTO search_index (article_id, tokens) SELECT article_id + ${k * base}, tokens FROM search_index WHERE article_id <= ${base}`);
    }
    await client.query(`SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT max(id) FROM articles))`);
    await client.query(`SELECT nextval('search_changes')`);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  await copyPostings(db, base, factor);
  await pool.query('VACUUM ANALYZE');
  return base;
}

/** The copies' postings: each original segment again with its ids moved, then merged as ingests' are. */
async function copyPostings(db: Kysely<any>, base: number, factor: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockPostings(tx);
    const originals = (await sql<{ id: string; bytes: string; articles: number }>`SELECT id, bytes, articles FROM search_segments ORDER BY hi`.execute(tx)).rows;
    for (let k = 1; k < factor; k++) {
      for (const seg of originals) {
        const blocks = await readBlocks(tx, Number(seg.id));
        const shifted = blocks.map((b) => ({ first: b.first, data: shiftBlock(b.data, k * base), pos: b.pos }));
        await writeSegment(tx, { blocks: shifted, bytes: shifted.reduce((s, b) => s + b.data.length + b.pos.length, 0), articles: Number(seg.articles) });
      }
    }
    await mergeDue(tx);
  });
}
