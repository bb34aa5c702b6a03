/** The tokenizer of every full-text index: edits are searched with the same folding as articles. */
export const FTS_TOKENIZE = 'unicode61 remove_diacritics 2';

/**
 * The full-text index: one contentless FTS5 table keyed by article id (the text itself lives on the
 * article row, so nothing is stored twice).
 * - unicode61 with remove_diacritics 2: case and diacritics folded, no stemming;
 * - detail=full: token positions are kept, so phrases are exact;
 * - contentless_delete=1: an article's entry can be replaced when its current text changes;
 * - Korean text arrives pre-segmented (folded bigrams, see text/tokens.ts), so the tokenizer only
 *   splits on spaces there.
 */
export const CREATE_SEARCH_FTS = `CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
  title, body, content='', contentless_delete=1, tokenize='${FTS_TOKENIZE}', detail=full)`;

/**
 * Bulk-load settings, kept in the table's config: a 32 MB in-memory term buffer so one ingest batch
 * becomes one segment, and merges once 16 segments pile up on a level (fewer rewrites while importing).
 */
export const SEARCH_FTS_CONFIG = [
  `INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', 33554432)`,
  `INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 16)`,
];

/** Rows without Hangul go to the index as they are, in one statement. */
export const INDEX_PLAIN_ROWS = `INSERT INTO search_fts(rowid, title, body)
  SELECT id, title, body FROM articles
  WHERE id > ? AND id <= ? AND NOT (title GLOB '*[가-힣]*' OR body GLOB '*[가-힣]*')`;

/** Rows with Hangul are segmented in JavaScript first. */
export const SELECT_HANGUL_ROWS = `SELECT id, title, body FROM articles
  WHERE id > ? AND id <= ? AND (title GLOB '*[가-힣]*' OR body GLOB '*[가-힣]*') ORDER BY id`;
