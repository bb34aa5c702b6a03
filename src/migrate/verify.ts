import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { articleHashes } from '../normalize/hash.js';
import type { TablePlan } from './plan.js';

/** Tables whose texts are checked row by row: their stored content hash and the hash of the text as copied. */
export const HASHED_TABLES = ['articles', 'versions'];
const PAGE = 20_000;

export interface TableCheck {
  table: string;
  sqliteRows: number;
  postgresRows: number;
  /** For articles and versions: digest of every (id, content_hash, hash of title and body) on each side. */
  sqliteDigest?: string;
  postgresDigest?: string;
  /** Rows whose stored content_hash is not the hash of their title and body (the same on both sides when copied right). */
  staleHashes?: number;
  ok: boolean;
}

const line = (id: unknown, stored: string, title: string, body: string) => `${String(id)}\t${stored}\t${articleHashes(title, body).content}\n`;

function sqliteDigest(raw: Database.Database, table: string): { digest: string; stale: number } {
  const h = createHash('sha256');
  let stale = 0;
  const rows = raw.prepare(`SELECT id, content_hash, title, body FROM "${table}" ORDER BY id`).raw(true).safeIntegers(true);
  for (const [id, stored, title, body] of rows.iterate() as IterableIterator<[bigint, string, string, string]>) {
    const l = line(id, stored, title, body);
    if (!l.endsWith(`\t${stored}\n`)) stale++;
    h.update(l);
  }
  return { digest: h.digest('hex'), stale };
}

async function postgresDigest(client: pg.ClientBase, table: string): Promise<{ digest: string; stale: number }> {
  const h = createHash('sha256');
  let stale = 0;
  let after = -1;
  for (;;) {
    const { rows } = await client.query<{ id: string; content_hash: string; title: string; body: string }>({
      // The id as text, ordered as a number (an alias of the same name would order as text).
      text: `SELECT t.id::text AS id, t.content_hash, t.title, t.body FROM "${table}" t WHERE t.id > $1 ORDER BY t.id LIMIT ${PAGE}`,
      values: [after],
    });
    if (rows.length === 0) return { digest: h.digest('hex'), stale };
    for (const r of rows) {
      const l = line(r.id, r.content_hash, r.title, r.body);
      if (!l.endsWith(`\t${r.content_hash}\n`)) stale++;
      h.update(l);
    }
    after = Number(rows.at(-1)!.id);
  }
}

/** Row counts of every copied table on both sides, and the texts of articles and versions hashed row by row. */
export async function verifyCopy(raw: Database.Database, client: pg.ClientBase, tables: TablePlan[]): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  for (const t of tables) {
    const sqliteRows = Number(raw.prepare(`SELECT count(*) FROM "${t.name}"`).pluck().get());
    const postgresRows = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t.name}"`)).rows[0].n);
    const check: TableCheck = { table: t.name, sqliteRows, postgresRows, ok: sqliteRows === postgresRows };
    if (HASHED_TABLES.includes(t.name) && ['id', 'content_hash', 'title', 'body'].every((c) => t.columns.includes(c))) {
      const s = sqliteDigest(raw, t.name);
      const p = await postgresDigest(client, t.name);
      Object.assign(check, { sqliteDigest: s.digest, postgresDigest: p.digest, staleHashes: p.stale });
      check.ok &&= s.digest === p.digest && s.stale === p.stale;
    }
    checks.push(check);
  }
  return checks;
}
