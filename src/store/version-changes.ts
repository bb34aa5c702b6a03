import type Database from 'better-sqlite3';
import { FTS_TOKENIZE } from '../search/sqlite/ddl.js';
import { indexForm } from '../search/text/tokens.js';
import { versionChange, type ChangeHunk, type VersionText } from '../versions/changes.js';

/**
 * What each version of an article changed against the one before (version numbers as the versions page
 * counts them: by time seen, the current text last among equals). One row per change, one per hunk, and a
 * full-text index over the hunks' removed and added text for `removed:` and `added:` queries.
 */
export const VERSION_CHANGES_DDL = [
  `CREATE TABLE IF NOT EXISTS version_changes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    version INTEGER NOT NULL,
    from_hash TEXT NOT NULL,
    to_hash TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    granularity TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS version_changes_article ON version_changes (article_id, version)`,
  `CREATE TABLE IF NOT EXISTS version_change_hunks (
    id INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES version_changes(id),
    article_id INTEGER NOT NULL,
    part INTEGER NOT NULL,
    removed TEXT NOT NULL,
    added TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS version_change_hunks_change ON version_change_hunks (change_id)`,
  // One index row per hunk: a phrase never runs from one change into another.
  `CREATE VIRTUAL TABLE IF NOT EXISTS version_change_fts USING fts5(
    added, removed, content='', contentless_delete=1, tokenize='${FTS_TOKENIZE}', detail=full)`,
];

/** A version as the change list needs it: which text, seen when. */
export interface VersionKey {
  hash: string;
  seenAt: string;
  current: boolean;
}

/** Consecutive pairs of versions whose texts differ, numbered by the newer version. */
export interface VersionPair {
  version: number;
  from: string;
  to: string;
  seenAt: string;
}

/** The article's versions in the versions page's order: by time seen, the current text last among equals. */
export function orderVersions(older: { hash: string; seenAt: string }[], current: { hash: string; seenAt: string }): VersionKey[] {
  const list: VersionKey[] = older.map((v) => ({ ...v, current: false }));
  list.push({ ...current, current: true });
  return list.sort((a, b) => (a.seenAt < b.seenAt ? -1 : a.seenAt > b.seenAt ? 1 : Number(a.current) - Number(b.current)));
}

export function versionPairs(versions: VersionKey[]): VersionPair[] {
  const out: VersionPair[] = [];
  for (let i = 1; i < versions.length; i++) {
    if (versions[i].hash !== versions[i - 1].hash) out.push({ version: i + 1, from: versions[i - 1].hash, to: versions[i].hash, seenAt: versions[i].seenAt });
  }
  return out;
}

export const INSERT_CHANGE = 'INSERT INTO version_changes (article_id, version, from_hash, to_hash, seen_at, granularity) VALUES (?, ?, ?, ?, ?, ?)';
export const INSERT_HUNK = 'INSERT INTO version_change_hunks (change_id, article_id, part, removed, added, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)';
export const INSERT_FTS = 'INSERT INTO version_change_fts (rowid, added, removed) VALUES (?, ?, ?)';

/**
 * The hunk's two sides as the index takes them: each with its unchanged context, so the index finds every
 * hunk a phrase overlaps (search then counts the phrase on each side); Hangul segmented as for articles.
 */
export function hunkIndexText(h: ChangeHunk): [added: string, removed: string] {
  return [indexForm(h.before + h.added + h.after), indexForm(h.before + h.removed + h.after)];
}

/** A change as stored: which pair of texts, under which version number. */
export interface StoredChange {
  id: number;
  version: number;
  from_hash: string;
  to_hash: string;
}

/**
 * What brings an article's stored changes equal to its version pairs: stored pairs kept (renumbered when
 * an older text arrived later), pairs not stored yet compared and inserted, stored ones no longer a pair removed.
 */
export function planChanges(pairs: VersionPair[], stored: StoredChange[]) {
  const free = new Map<string, StoredChange[]>();
  for (const row of stored) {
    const key = `${row.from_hash}>${row.to_hash}`;
    free.set(key, [...(free.get(key) ?? []), row]);
  }
  const renumber: { id: number; version: number; seenAt: string }[] = [];
  const insert: VersionPair[] = [];
  for (const p of pairs) {
    const kept = free.get(`${p.from}>${p.to}`)?.shift();
    if (!kept) insert.push(p);
    else if (kept.version !== p.version) renumber.push({ id: kept.id, version: p.version, seenAt: p.seenAt });
  }
  const remove = [...free.values()].flat().map((row) => row.id);
  return { renumber, insert, remove };
}

/**
 * Keeps an article's stored changes equal to its versions, inside the caller's transaction. Only pairs
 * not stored yet are compared; stored ones are renumbered when an older text arrives later (an import).
 */
export class VersionChangeRecorder {
  private readonly s;

  constructor(private readonly raw: Database.Database) {
    this.s = {
      older: raw.prepare<[number], { hash: string; seenAt: string }>('SELECT content_hash AS hash, seen_at AS seenAt FROM versions WHERE article_id = ? ORDER BY seen_at, id'),
      current: raw.prepare<[number], { hash: string; seenAt: string; lang: string }>(
        'SELECT content_hash AS hash, coalesce(text_seen_at, first_seen) AS seenAt, lang FROM articles WHERE id = ?',
      ),
      stored: raw.prepare<[number], { id: number; version: number; from_hash: string; to_hash: string }>(
        'SELECT id, version, from_hash, to_hash FROM version_changes WHERE article_id = ?',
      ),
      olderText: raw.prepare<[number, string], { title: string; body: string }>('SELECT title, body FROM versions WHERE article_id = ? AND content_hash = ? LIMIT 1'),
      currentText: raw.prepare<[number], { title: string; body: string }>('SELECT title, body FROM articles WHERE id = ?'),
      renumber: raw.prepare('UPDATE version_changes SET version = ?, seen_at = ? WHERE id = ?'),
      hunkIds: raw.prepare<[number], number>('SELECT id FROM version_change_hunks WHERE change_id = ?').pluck(),
      deleteFts: raw.prepare('DELETE FROM version_change_fts WHERE rowid = ?'),
      deleteHunks: raw.prepare('DELETE FROM version_change_hunks WHERE change_id = ?'),
      deleteChange: raw.prepare('DELETE FROM version_changes WHERE id = ?'),
      insertChange: raw.prepare(INSERT_CHANGE),
      insertHunk: raw.prepare(INSERT_HUNK),
      insertFts: raw.prepare(INSERT_FTS),
    };
  }

  /** Brings the article's changes up to date; cheap when nothing changed (two small reads). */
  record(articleId: number): void {
    const cur = this.s.current.get(articleId);
    if (!cur) return;
    const pairs = versionPairs(orderVersions(this.s.older.all(articleId), cur));
    const stored = this.s.stored.all(articleId);
    if (pairs.length === 0 && stored.length === 0) return;
    const plan = planChanges(pairs, stored);
    for (const r of plan.renumber) this.s.renumber.run(r.version, r.seenAt, r.id);
    for (const p of plan.insert) this.insert(articleId, p, this.text(articleId, p.from), this.text(articleId, p.to), cur.lang);
    for (const id of plan.remove) this.remove(id);
  }

  private text(articleId: number, hash: string): VersionText {
    const row = this.s.olderText.get(articleId, hash) ?? this.s.currentText.get(articleId)!;
    return { title: row.title, body: row.body.split('\n') };
  }

  private insert(articleId: number, p: VersionPair, from: VersionText, to: VersionText, lang: string): void {
    const change = versionChange(from, to, lang);
    const changeId = Number(this.s.insertChange.run(articleId, p.version, p.from, p.to, p.seenAt, change.granularity).lastInsertRowid);
    for (const h of change.hunks) {
      const hunkId = Number(this.s.insertHunk.run(changeId, articleId, h.part, h.removed, h.added, h.before, h.after).lastInsertRowid);
      this.s.insertFts.run(hunkId, ...hunkIndexText(h));
    }
  }

  private remove(changeId: number): void {
    for (const id of this.s.hunkIds.all(changeId)) this.s.deleteFts.run(id);
    this.s.deleteHunks.run(changeId);
    this.s.deleteChange.run(changeId);
  }
}
