import type Database from 'better-sqlite3';
import type pg from 'pg';

/** How a table's rows are read in order from SQLite: by rowid, or by its primary key (WITHOUT ROWID tables). */
export type KeyColumns = { rowid: true } | { rowid: false; columns: string[] };

export interface TablePlan {
  name: string;
  /** Columns present on both sides, in SQLite's order. */
  columns: string[];
  /** PostgreSQL's type of each column (by name), for the COPY encoding. */
  pgTypes: Record<string, string>;
  key: KeyColumns;
  /** Columns of this table SQLite has and PostgreSQL has not (not copied: reported). */
  sqliteOnlyColumns: string[];
}

export interface MigrationPlan {
  /** Tables to copy, parents before the tables that reference them. */
  tables: TablePlan[];
  /** SQLite tables with no PostgreSQL counterpart (their rows are not copied). */
  missingOnPostgres: string[];
  /** SQLite's full-text index tables, rebuilt on PostgreSQL by the search backend's reindex. */
  derived: string[];
  /** PostgreSQL tables SQLite has not (filled by PostgreSQL's own parts, e.g. the crawl queue). */
  postgresOnly: string[];
}

/** Bookkeeping tables never copied. */
const SKIPPED = /^(sqlite_|kysely_migration)/;
export const PROGRESS_TABLE = 'wirewatch_migrate_progress';
/** Copied last: once a saved search exists, every article or event stored notes a change to alert on. */
const LAST = new Set(['saved_searches', 'alert_changes', 'alert_outbox', 'alert_deliveries']);

const FTS_SHADOW = ['_data', '_idx', '_content', '_docsize', '_config'];

/** The tables to copy, derived from both schemas: whatever the other parts of the archive add is copied too. */
export async function planMigration(raw: Database.Database, client: pg.ClientBase): Promise<MigrationPlan> {
  const sqliteTables = raw.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  const virtual = sqliteTables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const derivedSet = new Set(virtual.flatMap((v) => [v, ...FTS_SHADOW.map((s) => v + s)]));
  const pgColumns = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`,
  );
  const pgTables = new Map<string, Record<string, string>>();
  for (const r of pgColumns.rows) {
    if (SKIPPED.test(r.table_name) || r.table_name === PROGRESS_TABLE) continue;
    pgTables.set(r.table_name, { ...pgTables.get(r.table_name), [r.column_name]: r.data_type });
  }
  const tables: TablePlan[] = [];
  const missingOnPostgres: string[] = [];
  const derived: string[] = [];
  for (const t of sqliteTables) {
    if (SKIPPED.test(t.name)) continue;
    if (derivedSet.has(t.name)) {
      if (virtual.includes(t.name)) derived.push(t.name);
      continue;
    }
    const pgTypes = pgTables.get(t.name);
    if (!pgTypes) {
      missingOnPostgres.push(t.name);
      continue;
    }
    const info = raw.prepare<[], { name: string; pk: number }>(`PRAGMA table_info("${t.name}")`).all();
    const columns = info.map((c) => c.name).filter((c) => c in pgTypes);
    const withoutRowid = /WITHOUT\s+ROWID\s*$/i.test(t.sql.trim());
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    tables.push({
      name: t.name,
      columns,
      pgTypes,
      key: withoutRowid ? { rowid: false, columns: pk } : { rowid: true },
      sqliteOnlyColumns: info.map((c) => c.name).filter((c) => !(c in pgTypes)),
    });
  }
  const inSqlite = new Set(sqliteTables.map((t) => t.name));
  const postgresOnly = [...pgTables.keys()].filter((t) => !inSqlite.has(t)).sort();
  return { tables: await parentsFirst(tables, client), missingOnPostgres, derived, postgresOnly };
}

/** Orders tables so that each comes after those its foreign keys reference (the alert tables at the very end). */
async function parentsFirst(tables: TablePlan[], client: pg.ClientBase): Promise<TablePlan[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent FROM pg_constraint c
     JOIN pg_class ch ON ch.oid = c.conrelid JOIN pg_class pa ON pa.oid = c.confrelid JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const parents = new Map<string, Set<string>>();
  for (const r of rows) if (r.child !== r.parent) parents.set(r.child, (parents.get(r.child) ?? new Set()).add(r.parent));
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TablePlan[] = [];
  const rank = (t: TablePlan) => (LAST.has(t.name) ? 1 : 0);
  while (out.length < tables.length) {
    const ready = tables
      .filter((t) => !done.has(t.name) && [...(parents.get(t.name) ?? [])].every((p) => done.has(p) || !byName.has(p)))
      .sort((a, b) => rank(a) - rank(b));
    // A cycle of references (none today): copy the rest in name order; rows are checked at the end anyway.
    const next = ready[0] ?? tables.find((t) => !done.has(t.name))!;
    done.add(next.name);
    out.push(next);
  }
  return out;
}
