import type { Kysely } from 'kysely';

/**
 * A source whose live pages stopped matching its adapter (markup changed): one row per source while the
 * episode lasts, deleted when pages match again. Each episode's start is also an event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('source_markup')
    .addColumn('source_id', 'integer', (c) => c.primaryKey())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('source_markup').execute();
}
