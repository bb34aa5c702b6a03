import { sql, type Kysely } from 'kysely';

/**
 * People, organizations and places found in articles (src/entities), names awaiting review, entities
 * accepted from that review, and the leaders' public appearances (src/tracker). Articles stored before
 * this migration are read by `wirewatch entities reindex`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE entity_mentions (
    entity_id TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    count INTEGER NOT NULL,
    offsets TEXT NOT NULL,
    PRIMARY KEY (entity_id, article_id)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX entity_mentions_article ON entity_mentions(article_id)`.execute(db);
  await sql`CREATE TABLE entity_candidates (
    name TEXT PRIMARY KEY,
    articles INTEGER NOT NULL,
    first_article INTEGER NOT NULL,
    last_article INTEGER NOT NULL,
    context TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new'
  )`.execute(db);
  await sql`CREATE TABLE entities_added (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    added_at TEXT NOT NULL
  )`.execute(db);
  await sql`CREATE TABLE tracker_appearances (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    person TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    until TEXT,
    report_date TEXT NOT NULL,
    place TEXT,
    companions TEXT NOT NULL,
    evidence TEXT NOT NULL,
    lang TEXT NOT NULL,
    PRIMARY KEY (article_id, person)
  )`.execute(db);
  await sql`CREATE INDEX tracker_appearances_person ON tracker_appearances(person, report_date)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['tracker_appearances', 'entities_added', 'entity_candidates', 'entity_mentions']) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
