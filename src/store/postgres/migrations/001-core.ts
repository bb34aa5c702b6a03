import type { Kysely } from 'kysely';

/** The store's tables (filled in with the PostgreSQL store). */
export async function up(_db: Kysely<any>): Promise<void> {}
