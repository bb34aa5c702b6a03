import { resolve } from 'node:path';

export const DEFAULT_PORT = 8080;

/**
 * The archive's location: `--db`, else `DATABASE_URL`, else `WIREWATCH_DB`, else `./data/wirewatch.db`.
 * A `postgres://` (or `postgresql://`) URL selects the PostgreSQL server; anything else is a SQLite file
 * (`sqlite:PATH` is accepted too), returned as an absolute path.
 */
export function databasePath(flag?: string): string {
  const given = flag ?? (process.env.DATABASE_URL || undefined) ?? process.env.WIREWATCH_DB ?? 'data/wirewatch.db';
  if (/^postgres(ql)?:\/\//i.test(given)) return given;
  return resolve(given.replace(/^sqlite:(\/\/)?/i, ''));
}
