import { sql, type Kysely } from 'kysely';

/**
 * Text compares byte by byte, as in SQLite: ISO dates, URLs and names sort the same on both backends
 * whatever collation the database was created with.
 */
const T = 'text COLLATE "C"';

/**
 * The store's tables, as SQLite's migrations 001, 002, 010–012, 014–016 left them: articles and sources,
 * URLs, captures, versions, events, raw bodies, the crawler's state, markup drift, accounts and version
 * changes. Same names, columns and meanings (ISO text dates, 0/1 integers, JSON as text), so an archive
 * copies table by table. The full-text index of version changes belongs to search (002).
 */
const DDL = [
  `CREATE TABLE sources (
    id bigserial PRIMARY KEY,
    slug ${T} NOT NULL UNIQUE,
    name ${T} NOT NULL,
    homepage ${T},
    lang ${T},
    config ${T} NOT NULL DEFAULT '{}',
    enabled integer NOT NULL DEFAULT 1,
    created_at ${T} NOT NULL)`,

  `CREATE TABLE articles (
    id bigserial PRIMARY KEY,
    source_id bigint NOT NULL REFERENCES sources(id),
    url ${T} NOT NULL UNIQUE,
    lang ${T} NOT NULL,
    title ${T} NOT NULL,
    title_derived integer NOT NULL DEFAULT 0,
    published ${T} NOT NULL,
    published_at ${T},
    date_precision ${T} NOT NULL,
    date_from ${T} NOT NULL,
    body ${T} NOT NULL,
    body_hash ${T} NOT NULL,
    content_hash ${T} NOT NULL,
    first_seen ${T} NOT NULL,
    last_seen ${T} NOT NULL,
    status ${T} NOT NULL DEFAULT 'live',
    damaged integer NOT NULL DEFAULT 0,
    duplicate_of bigint REFERENCES articles(id),
    listing_date ${T},
    removed_at ${T},
    text_seen_at ${T},
    text_key bigint,
    repaired integer NOT NULL DEFAULT 0)`,
  `CREATE INDEX articles_source_published ON articles (source_id, published, id)`,
  `CREATE INDEX articles_published ON articles (published, id)`,
  `CREATE INDEX articles_source_text ON articles (source_id, text_key)`,
  `CREATE INDEX articles_damaged ON articles (id) WHERE damaged = 1`,
  `CREATE INDEX articles_removed ON articles (removed_at, id) WHERE status = 'removed'`,

  `CREATE TABLE article_urls (
    url ${T} PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles(id),
    is_canonical integer NOT NULL DEFAULT 0,
    is_copy integer NOT NULL DEFAULT 0)`,
  `CREATE INDEX article_urls_article ON article_urls (article_id)`,
  `CREATE INDEX article_urls_copies ON article_urls (article_id) WHERE is_copy = 1`,

  `CREATE TABLE captures (
    id bigserial PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles(id),
    taken_at ${T} NOT NULL,
    origin ${T} NOT NULL,
    url ${T} NOT NULL,
    http_status integer,
    content_hash ${T},
    raw_sha256 ${T},
    extractor ${T},
    headers ${T},
    error_kind ${T})`,
  `CREATE INDEX captures_article ON captures (article_id, taken_at)`,

  `CREATE TABLE versions (
    id bigserial PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles(id),
    title ${T} NOT NULL,
    body ${T} NOT NULL,
    content_hash ${T} NOT NULL,
    seen_at ${T} NOT NULL)`,
  `CREATE INDEX versions_article ON versions (article_id, seen_at)`,
  `CREATE INDEX versions_article_hash ON versions (article_id, content_hash)`,

  `CREATE TABLE events (
    id bigserial PRIMARY KEY,
    type ${T} NOT NULL,
    article_id bigint,
    source_id bigint,
    at ${T} NOT NULL,
    detail ${T})`,
  `CREATE INDEX events_type_at ON events (type, at)`,
  `CREATE INDEX events_article ON events (article_id, at)`,
  `CREATE INDEX events_at ON events (at, id)`,

  `CREATE TABLE blobs (
    sha256 ${T} PRIMARY KEY,
    encoding ${T} NOT NULL,
    size bigint NOT NULL,
    data bytea NOT NULL,
    stored_at ${T} NOT NULL)`,

  `CREATE TABLE crawl_urls (
    id bigserial PRIMARY KEY,
    source_id bigint NOT NULL REFERENCES sources(id),
    url ${T} NOT NULL UNIQUE,
    fetch_url ${T} NOT NULL,
    mode ${T} NOT NULL,
    state ${T} NOT NULL,
    article_id bigint REFERENCES articles(id),
    listing_date ${T},
    hint ${T},
    discovered_at ${T} NOT NULL,
    last_checked_at ${T},
    next_check_at ${T} NOT NULL,
    recheck_step integer NOT NULL DEFAULT 0,
    missing_count integer NOT NULL DEFAULT 0,
    missing_since ${T},
    fail_count integer NOT NULL DEFAULT 0,
    etag ${T},
    last_modified ${T},
    raw_sha256 ${T},
    content_hash ${T})`,
  `CREATE INDEX crawl_urls_due ON crawl_urls (source_id, state, next_check_at)`,
  `CREATE INDEX crawl_urls_article ON crawl_urls (article_id)`,

  `CREATE TABLE crawl_listings (
    url ${T} PRIMARY KEY,
    source_id bigint NOT NULL,
    etag ${T},
    last_modified ${T},
    raw_sha256 ${T},
    last_polled_at ${T})`,

  `CREATE TABLE source_state (
    source_id bigint PRIMARY KEY,
    next_listing_at ${T},
    last_listing_at ${T})`,

  `CREATE TABLE fetch_log (
    id bigserial PRIMARY KEY,
    source_id bigint NOT NULL,
    url ${T} NOT NULL,
    purpose ${T} NOT NULL,
    at ${T} NOT NULL,
    ok integer NOT NULL,
    status integer,
    error_kind ${T},
    message ${T},
    elapsed_ms bigint)`,
  `CREATE INDEX fetch_log_source_at ON fetch_log (source_id, at)`,

  `CREATE TABLE source_markup (
    source_id bigint PRIMARY KEY,
    since ${T} NOT NULL,
    last_seen_at ${T} NOT NULL,
    url ${T} NOT NULL,
    what ${T} NOT NULL,
    count integer NOT NULL DEFAULT 1)`,

  `CREATE TABLE users (
    id bigserial PRIMARY KEY,
    name ${T} NOT NULL UNIQUE,
    role ${T} NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    password_hash ${T} NOT NULL,
    created_at ${T} NOT NULL)`,
  `CREATE TABLE api_tokens (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scope ${T} NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    token_hash ${T} NOT NULL UNIQUE,
    created_at ${T} NOT NULL,
    last_used_at ${T})`,
  `CREATE INDEX api_tokens_user ON api_tokens (user_id)`,
  `CREATE TABLE sessions (
    id_hash ${T} PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf ${T} NOT NULL,
    created_at ${T} NOT NULL,
    expires_at ${T} NOT NULL)`,
  `CREATE INDEX sessions_user ON sessions (user_id)`,

  `CREATE TABLE version_changes (
    id bigserial PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles(id),
    version integer NOT NULL,
    from_hash ${T} NOT NULL,
    to_hash ${T} NOT NULL,
    seen_at ${T} NOT NULL,
    granularity ${T} NOT NULL)`,
  `CREATE INDEX version_changes_article ON version_changes (article_id, version)`,
  `CREATE TABLE version_change_hunks (
    id bigserial PRIMARY KEY,
    change_id bigint NOT NULL REFERENCES version_changes(id),
    article_id bigint NOT NULL,
    part integer NOT NULL,
    removed ${T} NOT NULL,
    added ${T} NOT NULL,
    before ${T} NOT NULL,
    after ${T} NOT NULL)`,
  `CREATE INDEX version_change_hunks_change ON version_change_hunks (change_id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const stmt of DDL) await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = ['version_change_hunks', 'version_changes', 'sessions', 'api_tokens', 'users', 'source_markup', 'fetch_log', 'source_state', 'crawl_listings', 'crawl_urls', 'blobs', 'events', 'versions', 'captures', 'article_urls', 'articles', 'sources'];
  for (const t of tables) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
}
