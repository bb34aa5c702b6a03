import type Database from 'better-sqlite3';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PROGRESS_TABLE, type TablePlan } from './plan.js';

export interface CopyLimits {
  /** Rows per batch (one transaction on PostgreSQL). */
  rows: number;
  /** Bytes of COPY data per batch, whatever the row count (articles are large). */
  bytes: number;
}

/** Thrown to stop a migration between two committed batches (a test's interruption). */
export class MigrationStopped extends Error {}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const SPECIAL = /[\\\n\r\t]/;
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** One value in COPY's text format. */
function copyValue(v: unknown, pgType: string): string {
  if (v === null || v === undefined) return '\\N';
  if (pgType === 'bytea') return `\\\\x${(Buffer.isBuffer(v) ? v : Buffer.from(String(v))).toString('hex')}`;
  const s = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  return SPECIAL.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : s;
}

/** A primary key as stored in the progress table (integers stay exact). */
const encodeKey = (key: unknown[]) => JSON.stringify(key.map((v) => (typeof v === 'bigint' ? { i: v.toString() } : v)));
const decodeKey = (text: string) => (JSON.parse(text) as unknown[]).map((v) => (v && typeof v === 'object' && 'i' in v ? BigInt((v as { i: string }).i) : v));

export async function ensureProgressTable(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query(`SELECT to_regclass($1) AS t`, [PROGRESS_TABLE]);
  if (rows[0].t) return false;
  await client.query(`CREATE TABLE ${PROGRESS_TABLE} (table_name text PRIMARY KEY, last_key text, rows bigint NOT NULL DEFAULT 0, done integer NOT NULL DEFAULT 0, updated_at text NOT NULL)`);
  return true;
}

export async function tableProgress(client: pg.ClientBase, table: string): Promise<{ lastKey: unknown[] | null; rows: number; done: boolean }> {
  const { rows } = await client.query<{ last_key: string | null; rows: number; done: number }>(`SELECT last_key, rows, done FROM ${PROGRESS_TABLE} WHERE table_name = $1`, [table]);
  const r = rows[0];
  return { lastKey: r?.last_key ? decodeKey(r.last_key) : null, rows: Number(r?.rows ?? 0), done: r?.done === 1 };
}

async function saveProgress(client: pg.ClientBase, table: string, lastKey: unknown[] | null, added: number, done: boolean): Promise<void> {
  await client.query(
    `INSERT INTO ${PROGRESS_TABLE} (table_name, last_key, rows, done, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (table_name) DO UPDATE SET last_key = coalesce(EXCLUDED.last_key, ${PROGRESS_TABLE}.last_key), rows = ${PROGRESS_TABLE}.rows + EXCLUDED.rows,
       done = EXCLUDED.done, updated_at = EXCLUDED.updated_at`,
    [table, lastKey ? encodeKey(lastKey) : null, added, done ? 1 : 0, new Date().toISOString()],
  );
}

/**
 * Copies a table from where its last committed batch ended: rows in key order, each batch sent with COPY
 * and recorded in the progress table in the same transaction, so an interrupted copy resumes exactly.
 */
export async function copyTable(
  raw: Database.Database,
  client: pg.ClientBase,
  t: TablePlan,
  limits: CopyLimits,
  onBatch: (rows: number) => void,
): Promise<void> {
  const progress = await tableProgress(client, t.name);
  if (progress.done) return;
  const keyCols = t.key.rowid ? ['rowid'] : t.key.columns;
  const keyList = keyCols.map((c) => (c === 'rowid' ? c : quote(c))).join(', ');
  const cols = t.columns.map(quote).join(', ');
  const read = (after: boolean) =>
    raw
      .prepare(`SELECT ${keyList}, ${cols} FROM ${quote(t.name)}${after ? ` WHERE (${keyList}) > (${keyCols.map(() => '?').join(', ')})` : ''} ORDER BY ${keyList}`)
      .raw(true)
      .safeIntegers(true);
  const first = read(false);
  const next = read(true);
  let lastKey = progress.lastKey;
  const types = t.columns.map((c) => t.pgTypes[c]);
  const k = keyCols.length;
  for (;;) {
    const lines: string[] = [];
    let bytes = 0;
    let key: unknown[] | null = null;
    for (const row of (lastKey ? next.iterate(...lastKey) : first.iterate()) as IterableIterator<unknown[]>) {
      key = row.slice(0, k);
      let line = '';
      for (let i = k; i < row.length; i++) line += (i > k ? '\t' : '') + copyValue(row[i], types[i - k]);
      lines.push(line);
      bytes += line.length + 1;
      if (lines.length >= limits.rows || bytes >= limits.bytes) break;
    }
    await client.query('BEGIN');
    try {
      if (lines.length > 0) {
        const data = lines.join('\n') + '\n';
        await pipeline(Readable.from([Buffer.from(data)]), client.query(copyFrom(`COPY ${quote(t.name)} (${cols}) FROM STDIN`)));
      }
      await saveProgress(client, t.name, key, lines.length, lines.length === 0);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw new Error(`${t.name}: ${(e as Error).message}`);
    }
    if (lines.length === 0) return;
    lastKey = key;
    onBatch(lines.length);
  }
}
