import { sql, type Kysely } from 'kysely';

/** Text compares byte by byte, as in SQLite. */
const T = 'text COLLATE "C"';

/**
 * Story clusters and cross-language links (src/stories): SQLite's migrations 004 and 007, with the same
 * names and columns (BLOB as bytea, REAL as double precision). `story_bands` holds every article's bucket
 * rows at once here; `story_band_filter` only arrives with an archive moved from SQLite, whose articles
 * after `through` are then put into their buckets on the first clustering (src/stories/postgres).
 */
const DDL = [
  // One MinHash signature per article (little-endian uint32 values) and its shingle count.
  `CREATE TABLE story_signatures (
    article_id bigint PRIMARY KEY,
    shingles integer NOT NULL,
    signature bytea NOT NULL)`,
  // LSH buckets: key = band number · 2^32 + hash of the band's rows.
  `CREATE TABLE story_bands (
    key bigint NOT NULL,
    article_id bigint NOT NULL,
    PRIMARY KEY (key, article_id))`,
  `CREATE TABLE stories (
    id bigserial PRIMARY KEY,
    size integer NOT NULL,
    created_at ${T} NOT NULL)`,
  // how: 'founder' (the article the story grew from), 'exact' (same normalized body), 'near' (MinHash + exact Jaccard).
  `CREATE TABLE story_members (
    article_id bigint PRIMARY KEY,
    story_id bigint NOT NULL,
    how ${T} NOT NULL,
    matched_id bigint,
    similarity double precision)`,
  `CREATE INDEX story_members_story ON story_members (story_id)`,
  // What language linking compares: source family, language, day, anchors (uint32 hashes, float32 weights, uint8 kinds), length.
  `CREATE TABLE story_anchors (
    article_id bigint PRIMARY KEY,
    family ${T} NOT NULL,
    lang ${T} NOT NULL,
    day ${T} NOT NULL,
    length integer NOT NULL,
    anchors bytea NOT NULL,
    weights bytea NOT NULL,
    kinds bytea NOT NULL)`,
  `CREATE INDEX story_anchors_window ON story_anchors (family, day, article_id)`,
  // One row per linked pair, lower id first; confidence in [0, 1].
  `CREATE TABLE language_links (
    a_id bigint NOT NULL,
    b_id bigint NOT NULL,
    confidence double precision NOT NULL,
    PRIMARY KEY (a_id, b_id))`,
  `CREATE INDEX language_links_b ON language_links (b_id)`,
  `CREATE TABLE story_band_filter (
    id integer PRIMARY KEY CHECK (id = 1),
    bits bytea NOT NULL,
    through bigint NOT NULL)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const ddl of DDL) await sql.raw(ddl).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['story_band_filter', 'language_links', 'story_anchors', 'story_members', 'stories', 'story_bands', 'story_signatures']) {
    await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
  }
}
