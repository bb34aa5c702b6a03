import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL database the tests may use (`WIREWATCH_TEST_PG=postgres://…`); undefined: PostgreSQL tests are skipped. */
export const pgTestUrl: string | undefined = process.env.WIREWATCH_TEST_PG || undefined;

export const PG_SKIP_MESSAGE =
  'PostgreSQL tests skipped: set WIREWATCH_TEST_PG=postgres://user@host:5432/database (a database the tests may write to) to run them';

/**
 * A fresh, empty archive location on the test server: its own schema, selected through the connection's
 * search_path, so each test starts from nothing and many run at once. `drop()` removes it.
 */
export async function freshPgArchive(prefix = 'ww'): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  if (!pgTestUrl) throw new Error(PG_SKIP_MESSAGE);
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const url = new URL(pgTestUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: () => adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgTestUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
