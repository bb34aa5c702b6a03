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

/** Rows read from SQLite at a time; between two reads the previous batch's COPY gets on. */
const READ_CHUNK = 500;

interface Batch {
  lines: string[];
  /** The key of the batch's last row (null: the table has no more rows). */
  key: unknown[] | null;
}

/**
 * Copies a table from where its last committed batch ended: rows in key order, each batch sent with COPY
 * and recorded in the progress table in the same transaction, so an interrupted copy resumes exactly.
 * The next batch is read and encoded while PostgreSQL stores the previous one.
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
      .prepare(
        `SELECT ${keyList}, ${cols} FROM ${quote(t.name)}${after ? ` WHERE (${keyList}) > (${keyCols.map(() => '?').join(', ')})` : ''} ORDER BY ${keyList} LIMIT ?`,
      )
      .raw(true)
      .safeIntegers(true);
  const first = read(false);
  const next = read(true);
  const types = t.columns.map((c) => t.pgTypes[c]);
  const k = keyCols.length;
  let lastKey = progress.lastKey;

  const readBatch = async (): Promise<Batch> => {
    const lines: string[] = [];
    let bytes = 0;
    let key: unknown[] | null = null;
    while (lines.length < limits.rows && bytes < limits.bytes) {
      const want = Math.min(READ_CHUNK, limits.rows - lines.length);
      const rows = (lastKey ? next.all(...lastKey, want) : first.all(want)) as unknown[][];
      for (const row of rows) {
        let line = '';
        for (let i = k; i < row.length; i++) line += (i > k ? '\t' : '') + copyValue(row[i], types[i - k]);
        lines.push(line);
        bytes += line.length + 1;
      }
      if (rows.length === 0) break;
      key = lastKey = rows.at(-1)!.slice(0, k);
      if (rows.length < want) break;
      await new Promise((r) => setImmediate(r));
    }
    return { lines, key };
  };

  const send = async (b: Batch): Promise<void> => {
    await client.query('BEGIN');
    try {
      if (b.lines.length > 0) {
        const data = Buffer.from(b.lines.join('\n') + '\n');
        await pipeline(Readable.from([data]), client.query(copyFrom(`COPY ${quote(t.name)} (${cols}) FROM STDIN`)));
      }
      await saveProgress(client, t.name, b.key, b.lines.length, b.lines.length === 0);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw new Error(`${t.name}: ${(e as Error).message}`);
    }
  };

  let batch = await readBatch();
  for (;;) {
    const sending = send(batch);
    // An empty batch marks the table done; nothing follows it.
    const following = batch.lines.length > 0 ? readBatch() : null;
    await sending;
    if (!following) return;
    onBatch(batch.lines.length);
    batch = await following;
  }
}
