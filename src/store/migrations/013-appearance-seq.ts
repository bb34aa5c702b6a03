import { sql, type Kysely } from 'kysely';

// One report may tell several separate visits of a leader: appearances are keyed by article, person and
// their order in the report (`seq`, 0 for the first).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE tracker_appearances_new (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    person TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    date TEXT,
    until TEXT,
    report_date TEXT NOT NULL,
    place TEXT,
    companions TEXT NOT NULL,
    evidence TEXT NOT NULL,
    lang TEXT NOT NULL,
    PRIMARY KEY (article_id, person, seq)
  )`.execute(db);
  await sql`INSERT INTO tracker_appearances_new (article_id, person, seq, kind, date, until, report_date, place, companions, evidence, lang)
    SELECT article_id, person, 0, kind, date, until, report_date, place, companions, evidence, lang FROM tracker_appearances`.execute(db);
  await sql`DROP TABLE tracker_appearances`.execute(db);
  await sql`ALTER TABLE tracker_appearances_new RENAME TO tracker_appearances`.execute(db);
  await sql`CREATE INDEX tracker_appearances_person ON tracker_appearances(person, report_date)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM tracker_appearances WHERE seq > 0`.execute(db);
  await sql`CREATE TABLE tracker_appearances_old AS SELECT article_id, person, kind, date, until, report_date, place, companions, evidence, lang FROM tracker_appearances`.execute(db);
  await sql`DROP TABLE tracker_appearances`.execute(db);
  await sql`ALTER TABLE tracker_appearances_old RENAME TO tracker_appearances`.execute(db);
}
