import { resolve } from 'node:path';

export const DEFAULT_PORT = 8080;

/** The archive's database: `--db`, else `WIREWATCH_DB`, else `./data/wirewatch.db`. */
export function databasePath(flag?: string): string {
  return resolve(flag ?? process.env.WIREWATCH_DB ?? 'data/wirewatch.db');
}
