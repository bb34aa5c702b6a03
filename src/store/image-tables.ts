/**
 * The image tables of both backends (one definition, so an archive moves between them table by table):
 * - `images`: one row per distinct image (SHA-256 of the bytes as fetched), with its measurements,
 *   perceptual hash, the bytes and a thumbnail; `id` grows with each new image, so a perceptual-hash
 *   index in memory catches up by reading the rows after the last id it holds.
 * - `image_sets`: an article's image versions: a new row whenever the ordered slots (slot key and image)
 *   differ from the article's latest set, even when the text did not change.
 * - `image_slots`: the slots of one set, in page order; `sha256` is null for an image that was refused
 *   (`problem` says why); `change` (JSON) says how the slot's image differs from the previous set's.
 */
export function IMAGE_TABLES_DDL(dialect: 'sqlite' | 'postgres'): string[] {
  const pg = dialect === 'postgres';
  const T = pg ? 'text COLLATE "C"' : 'text';
  const id = pg ? 'bigserial PRIMARY KEY' : 'integer PRIMARY KEY';
  const int = pg ? 'bigint' : 'integer';
  const bytes = pg ? 'bytea' : 'blob';
  return [
    `CREATE TABLE images (
      id ${id},
      sha256 ${T} NOT NULL UNIQUE,
      bytes ${int} NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      format ${T} NOT NULL,
      phash ${T} NOT NULL,
      data ${bytes} NOT NULL,
      thumbnail ${bytes} NOT NULL,
      first_seen ${T} NOT NULL)`,
    `CREATE TABLE image_sets (
      id ${id},
      article_id ${int} NOT NULL,
      seen_at ${T} NOT NULL,
      slots_key ${T} NOT NULL)`,
    `CREATE INDEX image_sets_article ON image_sets (article_id, seen_at, id)`,
    `CREATE TABLE image_slots (
      set_id ${int} NOT NULL,
      position integer NOT NULL,
      slot ${T} NOT NULL,
      src_url ${T} NOT NULL,
      caption ${T},
      sha256 ${T},
      problem ${T},
      change ${T},
      PRIMARY KEY (set_id, position))`,
    `CREATE INDEX image_slots_sha256 ON image_slots (sha256)`,
  ];
}

/**
 * Photos brought in from a folder (`wirewatch import-images`): which source's collection an image came
 * from and under which file name. One row per source, file and image, so importing again adds nothing.
 */
export function IMAGE_IMPORTS_DDL(dialect: 'sqlite' | 'postgres'): string[] {
  const pg = dialect === 'postgres';
  const T = pg ? 'text COLLATE "C"' : 'text';
  const id = pg ? 'bigserial PRIMARY KEY' : 'integer PRIMARY KEY';
  const int = pg ? 'bigint' : 'integer';
  return [
    `CREATE TABLE image_imports (
      id ${id},
      sha256 ${T} NOT NULL,
      source_id ${int} NOT NULL,
      name ${T} NOT NULL,
      imported_at ${T} NOT NULL,
      UNIQUE (source_id, name, sha256))`,
    `CREATE INDEX image_imports_sha256 ON image_imports (sha256)`,
  ];
}

/**
 * The `ETag` and `Last-Modified` each slot's image was served with: the next read of the article asks the
 * host whether the image changed since, and an answer of 304 keeps the image without fetching it again.
 */
export function IMAGE_VALIDATORS_DDL(dialect: 'sqlite' | 'postgres'): string[] {
  const T = dialect === 'postgres' ? 'text COLLATE "C"' : 'text';
  return [`ALTER TABLE image_slots ADD COLUMN etag ${T}`, `ALTER TABLE image_slots ADD COLUMN last_modified ${T}`];
}
