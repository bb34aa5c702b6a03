import { sql, type Kysely } from 'kysely';

/** Text compares byte by byte, as in SQLite: names and dates sort the same on both backends. */
const T = 'text COLLATE "C"';

/**
 * People, organizations and places found in articles, names awaiting review, names accepted from review,
 * and the leaders' appearances: SQLite's migrations 005 and 013, with the same names and columns.
 */
const DDL = [
  `CREATE TABLE entity_mentions (
    entity_id ${T} NOT NULL,
    article_id bigint NOT NULL REFERENCES articles(id),
    count integer NOT NULL,
    offsets ${T} NOT NULL,
    PRIMARY KEY (entity_id, article_id))`,
  `CREATE INDEX entity_mentions_article ON entity_mentions (article_id)`,
  `CREATE TABLE entity_candidates (
    name ${T} PRIMARY KEY,
    articles integer NOT NULL,
    first_article bigint NOT NULL,
    last_article bigint NOT NULL,
    context ${T} NOT NULL,
    status ${T} NOT NULL DEFAULT 'new')`,
  `CREATE TABLE entities_added (
    id ${T} PRIMARY KEY,
    kind ${T} NOT NULL,
    name ${T} NOT NULL,
    data ${T} NOT NULL,
    added_at ${T} NOT NULL)`,
  `CREATE TABLE tracker_appearances (
    article_id bigint NOT NULL REFERENCES articles(id),
    person ${T} NOT NULL,
    seq integer NOT NULL DEFAULT 0,
    kind ${T} NOT NULL,
    date ${T},
    until ${T},
    report_date ${T} NOT NULL,
    place ${T},
    companions ${T} NOT NULL,
    evidence ${T} NOT NULL,
    lang ${T} NOT NULL,
    PRIMARY KEY (article_id, person, seq))`,
  `CREATE INDEX tracker_appearances_person ON tracker_appearances (person, report_date)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of DDL) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['tracker_appearances', 'entities_added', 'entity_candidates', 'entity_mentions']) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
