import { sql, type Kysely } from 'kysely';

/**
 * Story clusters and cross-language links (src/stories). Signatures and LSH band buckets are kept so
 * clustering stays incremental; articles stored before this migration are clustered by
 * `wirewatch stories rebuild`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One MinHash signature per article (little-endian uint32 values) and its shingle count.
  await sql`CREATE TABLE story_signatures (
    article_id INTEGER PRIMARY KEY,
    shingles INTEGER NOT NULL,
    signature BLOB NOT NULL
  )`.execute(db);
  // LSH buckets: key = band number · 2^32 + hash of the band's rows.
  await sql`CREATE TABLE story_bands (
    key INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (key, article_id)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL
  )`.execute(db);
  // how: 'founder' (the article the story grew from), 'exact' (same normalized body), 'near' (MinHash + exact Jaccard).
  await sql`CREATE TABLE story_members (
    article_id INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL,
    how TEXT NOT NULL,
    matched_id INTEGER,
    similarity REAL
  )`.execute(db);
  await sql`CREATE INDEX story_members_story ON story_members (story_id)`.execute(db);
  // What language linking compares: source family, language, day, anchors (uint32 hashes, float32 weights, uint8 kinds), length.
  await sql`CREATE TABLE story_anchors (
    article_id INTEGER PRIMARY KEY,
    family TEXT NOT NULL,
    lang TEXT NOT NULL,
    day TEXT NOT NULL,
    length INTEGER NOT NULL,
    anchors BLOB NOT NULL,
    weights BLOB NOT NULL,
    kinds BLOB NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX story_anchors_window ON story_anchors (family, day)`.execute(db);
  // One row per linked pair, lower id first; confidence in [0, 1].
  await sql`CREATE TABLE language_links (
    a_id INTEGER NOT NULL,
    b_id INTEGER NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (a_id, b_id)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX language_links_b ON language_links (b_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['language_links', 'story_anchors', 'story_members', 'stories', 'story_bands', 'story_signatures']) {
    await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
  }
}
