import Database from 'better-sqlite3';

/**
 * What a reader of the archive sees, as rows without row ids or run times: two archives with equal
 * digests hold the same articles, texts, versions, addresses, captures, raw pages, search index and the
 * rows derived from each article (entities, stories), and the crawler knows the same URLs in the same
 * states. Left out, on purpose: ids (rows rolled back by a kill may shift them), times of a run
 * (first_seen, taken_at, next_check_at), and the logs of runs (fetch_log, events, source_markup), to
 * which a killed run rightly adds its own entries.
 */
const DIGEST: Record<string, string> = {
  sources: 'SELECT slug, name, homepage, lang, config, enabled FROM sources ORDER BY slug',
  articles: `SELECT s.slug, a.url, a.lang, a.title, a.title_derived, a.published, a.published_at, a.date_precision, a.date_from,
      a.body, a.body_hash, a.content_hash, a.text_key, a.status, a.damaged, a.repaired, d.url AS duplicate_of, a.listing_date, a.removed_at
    FROM articles a JOIN sources s ON s.id = a.source_id LEFT JOIN articles d ON d.id = a.duplicate_of ORDER BY a.url`,
  article_urls: 'SELECT u.url, a.url AS article, u.is_canonical, u.is_copy FROM article_urls u JOIN articles a ON a.id = u.article_id ORDER BY u.url',
  versions: 'SELECT a.url, v.title, v.body, v.content_hash FROM versions v JOIN articles a ON a.id = v.article_id ORDER BY 1, 4, 2, 3',
  captures: `SELECT a.url AS article, c.origin, c.url, c.http_status, c.content_hash, c.raw_sha256, c.extractor, c.error_kind
    FROM captures c JOIN articles a ON a.id = c.article_id ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
  blobs: 'SELECT sha256, encoding, size, length(data) FROM blobs ORDER BY sha256',
  search_index: 'SELECT a.url FROM search_fts f JOIN articles a ON a.id = f.rowid ORDER BY a.url',
  search_matches: `SELECT a.url FROM search_fts f JOIN articles a ON a.id = f.rowid WHERE search_fts MATCH 'pyongyang OR report' ORDER BY a.url`,
  entity_mentions: 'SELECT a.url, m.entity_id, m.count, m.offsets FROM entity_mentions m JOIN articles a ON a.id = m.article_id ORDER BY 1, 2',
  tracker_appearances: `SELECT a.url, t.person, t.seq, t.kind, t.date, t.until, t.report_date, t.place, t.companions, t.evidence, t.lang
    FROM tracker_appearances t JOIN articles a ON a.id = t.article_id ORDER BY 1, 2, 3`,
  // A story is named by its first member's URL (story ids are row ids).
  story_members: `SELECT a.url, m.how, ma.url AS matched, round(m.similarity, 9),
      (SELECT min(a2.url) FROM story_members m2 JOIN articles a2 ON a2.id = m2.article_id WHERE m2.story_id = m.story_id) AS story
    FROM story_members m JOIN articles a ON a.id = m.article_id LEFT JOIN articles ma ON ma.id = m.matched_id ORDER BY 1`,
  story_anchors: 'SELECT a.url, s.family, s.lang, s.day, s.length, hex(s.anchors), hex(s.weights), hex(s.kinds) FROM story_anchors s JOIN articles a ON a.id = s.article_id ORDER BY 1',
  story_signatures: 'SELECT a.url, s.shingles, hex(s.signature) FROM story_signatures s JOIN articles a ON a.id = s.article_id ORDER BY 1',
  language_links: 'SELECT x.url, y.url, round(l.confidence, 9) FROM language_links l JOIN articles x ON x.id = l.a_id JOIN articles y ON y.id = l.b_id ORDER BY 1, 2',
  crawl_urls: `SELECT u.url, u.fetch_url, u.mode, u.state, a.url AS article, u.listing_date, u.hint, u.recheck_step, u.missing_count, u.fail_count,
      u.etag, u.last_modified, u.raw_sha256, u.content_hash
    FROM crawl_urls u LEFT JOIN articles a ON a.id = u.article_id ORDER BY u.url`,
  crawl_listings: 'SELECT url, etag, last_modified, raw_sha256 FROM crawl_listings ORDER BY url',
};

export type Digest = Record<string, string[]>;

export function archiveDigest(path: string): Digest {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const digest: Digest = {};
    for (const [name, query] of Object.entries(DIGEST)) {
      let rows: unknown[];
      try {
        rows = db.prepare(query).raw().all();
      } catch (e) {
        // A part of the archive that is switched off (entities) has no tables: the same on both sides.
        if (/no such table/.test((e as Error).message)) continue;
        throw e;
      }
      digest[name] = rows.map((r) => JSON.stringify(r));
    }
    return digest;
  } finally {
    db.close();
  }
}

/** Where two digests differ, briefly (table, counts, first differing row); empty when they are equal. */
export function digestDifference(a: Digest, b: Digest): string {
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[name] ?? [];
    const y = b[name] ?? [];
    const i = x.findIndex((row, k) => row !== y[k]);
    if (i >= 0 || x.length !== y.length) {
      const at = i >= 0 ? i : Math.min(x.length, y.length);
      return `${name}: ${x.length} rows against ${y.length}; first difference at row ${at}: ${(x[at] ?? '(none)').slice(0, 300)} | ${(y[at] ?? '(none)').slice(0, 300)}`;
    }
  }
  return '';
}

/**
 * Problems in an archive as a kill left it: SQLite's and the search index's integrity checks, and
 * half-written records (an article without its URL, capture or search entry; rows pointing at nothing).
 * Opening it read-write replays the write-ahead log, as the next run would.
 */
export function consistencyProblems(path: string): string[] {
  const db = new Database(path, { fileMustExist: true });
  const problems: string[] = [];
  const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]));
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 3))}`);
    if (tables.has('search_fts')) {
      try {
        db.prepare(`INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 0)`).run();
      } catch (e) {
        problems.push(`search index integrity-check: ${(e as Error).message}`);
      }
    }
    // [what, query, the tables it reads]: a kill during the first run's migrations leaves some tables unmade.
    const checks: [string, string, string[]][] = [
      ['articles without their own URL row', 'SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_urls u WHERE u.article_id = a.id AND u.url = a.url)', ['articles', 'article_urls']],
      ['articles without a capture', 'SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM captures c WHERE c.article_id = a.id)', ['articles', 'captures']],
      ['URLs of no article', 'SELECT count(*) FROM article_urls u WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = u.article_id)', ['articles', 'article_urls']],
      ['versions of no article', 'SELECT count(*) FROM versions v WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = v.article_id)', ['articles', 'versions']],
      ['captures of no article', 'SELECT count(*) FROM captures c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.article_id)', ['articles', 'captures']],
      ['crawled URLs done without their article', `SELECT count(*) FROM crawl_urls u WHERE u.state = 'done' AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = u.article_id)`, ['articles', 'crawl_urls']],
      ['captured raw pages missing', 'SELECT count(*) FROM captures c WHERE c.raw_sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = c.raw_sha256)', ['captures', 'blobs']],
      ['articles missing from the search index', 'SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = a.id)', ['articles', 'search_fts']],
      ['search entries of no article', 'SELECT count(*) FROM search_fts f WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = f.rowid)', ['articles', 'search_fts']],
    ];
    for (const [what, query, needs] of checks) {
      if (!needs.every((t) => tables.has(t))) continue;
      const n = db.prepare(query).pluck().get() as number;
      if (n > 0) problems.push(`${what}: ${n}`);
    }
  } finally {
    db.close();
  }
  return problems;
}

/** Rows in a table of an archive, or 0 when the file or table is not there yet. */
export function countRows(path: string, table: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}
