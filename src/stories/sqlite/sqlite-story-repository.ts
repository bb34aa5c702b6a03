import type Database from 'better-sqlite3';
import { BandFilter } from '../band-filter.js';
import { blob, f32, u32, u8 } from '../blobs.js';
import type { StoryConfig } from '../config.js';
import { bandKeys } from '../lsh.js';
import { PendingBuckets } from '../pending-buckets.js';
import type { LinkedVersion, StoredAnchors, StoredSignature, StoredText, StoryRepository } from '../repository.js';
import type { StoryMember } from '../stories.js';

/** Bucket rows held in memory before they move into `story_bands` in key order. */
export const PENDING_BAND_ROWS = 480_000;
/** Bucket rows a statement when they move into `story_bands`. */
const MOVE_ROWS = 256;

interface AnchorRow {
  article_id: number;
  family: string;
  lang: string;
  day: string;
  length: number;
  anchors: Buffer;
  weights: Buffer;
  kinds: Buffer;
}

export function storedAnchors(r: AnchorRow): StoredAnchors {
  return {
    articleId: r.article_id,
    family: r.family,
    lang: r.lang,
    day: r.day,
    anchors: { hashes: u32(r.anchors), weights: f32(r.weights), kinds: u8(r.kinds), length: r.length },
  };
}

/**
 * The story tables in SQLite, answering at once (inside the synchronous ingest transaction). New LSH bucket
 * rows wait in memory and move into `story_bands` in key order in large batches: inserting random keys an
 * article at a time rewrote a page of the table per row per commit.
 */
export class SqliteStoryRepository implements StoryRepository {
  private readonly s;
  /**
   * Bucket rows not yet in `story_bands` (key → article ids): those of every article after `through`. They
   * are not stored anywhere else, because the stored signatures give them back (`syncPending`).
   */
  private readonly pending = new PendingBuckets();
  /** Which keys `story_bands` may hold. */
  private filter = BandFilter.empty();
  /** Every article up to this id has its bucket rows in `story_bands`. */
  private through = 0;
  /** The highest article id among the pending rows. */
  private pendingMax = 0;
  /** Prepared bucket look-ups by number of keys. */
  private readonly lookups: Database.Statement<number[], number>[] = [];
  private pendingStamp = -1;
  /** The highest signature this connection wrote or read back: a mismatch means a rollback or another writer. */
  private signatureTop = -1;

  constructor(
    private readonly raw: Database.Database,
    private readonly config: StoryConfig,
    private readonly pendingBandRows = PENDING_BAND_ROWS,
  ) {
    this.s = {
      // Upserts, not INSERT OR REPLACE: with foreign keys on, REPLACE costs SQLite a delete path on every row.
      insertSignature: raw.prepare(
        'INSERT INTO story_signatures (article_id, shingles, signature) VALUES (?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET shingles = excluded.shingles, signature = excluded.signature',
      ),
      signature: raw.prepare<[number], { shingles: number; signature: Buffer }>('SELECT shingles, signature FROM story_signatures WHERE article_id = ?'),
      signatureTop: raw.prepare<[], number | null>('SELECT max(article_id) FROM story_signatures').pluck(),
      // The articles whose bucket rows are pending: long enough, after `through`.
      pendingSignatures: raw.prepare<[number, number], { article_id: number; signature: Buffer }>(
        'SELECT article_id, signature FROM story_signatures WHERE article_id > ? AND shingles >= ? ORDER BY article_id',
      ),
      // Sorted by key, the rows touch each page of story_bands once, in order.
      moveRows: raw.prepare<[number[]]>(`INSERT OR IGNORE INTO story_bands (key, article_id) VALUES ${Array(MOVE_ROWS).fill('(?, ?)').join(', ')}`),
      moveRow: raw.prepare<[number, number]>('INSERT OR IGNORE INTO story_bands (key, article_id) VALUES (?, ?)'),
      readFilter: raw.prepare<[], { bits: Buffer; through: number } | undefined>('SELECT bits, through FROM story_band_filter WHERE id = 1'),
      writeFilter: raw.prepare<[Uint8Array, number]>(
        'INSERT INTO story_band_filter (id, bits, through) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET bits = excluded.bits, through = excluded.through',
      ),
      bandKeys: raw.prepare<[], number>('SELECT key FROM story_bands').pluck(),
      bandsThrough: raw.prepare<[], number | null>('SELECT max(article_id) FROM story_bands').pluck(),
      text: raw.prepare<[number], StoredText>('SELECT body, published FROM articles WHERE id = ?'),
      memberOf: raw.prepare<[number], number>('SELECT story_id FROM story_members WHERE article_id = ?').pluck(),
      newStory: raw.prepare('INSERT INTO stories (size, created_at) VALUES (0, ?)'),
      addMember: raw.prepare('INSERT OR IGNORE INTO story_members (article_id, story_id, how, matched_id, similarity) VALUES (?, ?, ?, ?, ?)'),
      grow: raw.prepare('UPDATE stories SET size = (SELECT count(*) FROM story_members WHERE story_id = ?) WHERE id = ?'),
      sourceSlug: raw.prepare<[number], string>('SELECT slug FROM sources WHERE id = ?').pluck(),
      window: raw.prepare<[string, string], AnchorRow>(
        'SELECT article_id, family, lang, day, length, anchors, weights, kinds FROM story_anchors WHERE family = ? AND day = ?',
      ),
      insertAnchors: raw.prepare(
        `INSERT INTO story_anchors (article_id, family, lang, day, length, anchors, weights, kinds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (article_id) DO UPDATE SET family = excluded.family, lang = excluded.lang, day = excluded.day, length = excluded.length,
           anchors = excluded.anchors, weights = excluded.weights, kinds = excluded.kinds`,
      ),
      linksOf: raw.prepare<[number, number], LinkedVersion>(
        `SELECT l.other, l.confidence, a.lang FROM
           (SELECT b_id AS other, confidence FROM language_links WHERE a_id = ? UNION ALL SELECT a_id AS other, confidence FROM language_links WHERE b_id = ?) l
         JOIN articles a ON a.id = l.other`,
      ),
      insertLink: raw.prepare('INSERT INTO language_links (a_id, b_id, confidence) VALUES (?, ?, ?) ON CONFLICT (a_id, b_id) DO UPDATE SET confidence = excluded.confidence'),
      deleteLink: raw.prepare('DELETE FROM language_links WHERE a_id = ? AND b_id = ?'),
      dataVersion: raw.prepare('PRAGMA data_version').pluck(),
    };
  }

  /** Bucket rows waiting in memory. */
  get pendingRows(): number {
    return this.pending.size;
  }

  putSignature(articleId: number, shingles: number, signature: Uint32Array): void {
    // Before this signature is stored: the pending rows read back from signatures must not include it yet.
    this.syncPending();
    this.s.insertSignature.run(articleId, shingles, blob(signature));
    this.signatureTop = Math.max(this.signatureTop, articleId);
  }

  bucketMembers(keys: readonly number[]): number[] {
    const stored = keys.filter((k) => this.filter.mayHave(k));
    const members = stored.length > 0 ? this.bucketLookup(stored.length).all(...stored) : [];
    for (const k of keys) this.pending.collect(k, members);
    return members;
  }

  /** Bucket members only; counting and ranking in JS spares SQLite a temporary B-tree per article. */
  private bucketLookup(n: number): Database.Statement<number[], number> {
    this.lookups[n] ??= this.raw.prepare<number[], number>(`SELECT article_id FROM story_bands WHERE key IN (${Array(n).fill('?').join(',')})`).pluck();
    return this.lookups[n];
  }

  /** Holds an article's buckets in memory; moves them all into `story_bands` once enough have gathered. */
  addBands(keys: readonly number[], articleId: number): void {
    for (const k of keys) this.pending.add(k, articleId);
    this.pendingMax = Math.max(this.pendingMax, articleId);
    if (this.pending.size >= this.pendingBandRows) this.flushBands();
  }

  /** Moves the pending bucket rows into `story_bands`, sorted by key, and moves `through` (inside the caller's transaction). */
  private flushBands(): void {
    const { keys, ids } = this.pending.sortedRows();
    const values: number[] = new Array(MOVE_ROWS * 2);
    let r = 0;
    for (; r + MOVE_ROWS <= keys.length; r += MOVE_ROWS) {
      for (let j = 0; j < MOVE_ROWS; j++) {
        values[2 * j] = keys[r + j];
        values[2 * j + 1] = ids[r + j];
      }
      this.s.moveRows.run(values);
    }
    for (; r < keys.length; r++) this.s.moveRow.run(keys[r], ids[r]);
    for (const k of keys) this.filter.add(k);
    this.through = Math.max(this.through, this.pendingMax);
    this.s.writeFilter.run(this.filter.bytes(), this.through);
    this.pending.clear();
  }

  /**
   * Computes the pending rows again from the stored signatures on first use, when another connection has
   * written to the archive, or when the signatures are not as this connection left them (a rollback).
   */
  syncPending(): void {
    const stamp = Number(this.s.dataVersion.get());
    const top = Number(this.s.signatureTop.get() ?? 0);
    if (stamp === this.pendingStamp && top === this.signatureTop) return;
    this.pendingStamp = stamp;
    this.signatureTop = top;
    this.loadFilter();
    this.pending.clear();
    this.pendingMax = this.through;
    const c = this.config;
    for (const r of this.s.pendingSignatures.iterate(this.through, c.minShingles)) {
      for (const k of bandKeys(u32(r.signature), c.bands, c.rows)) this.pending.add(k, r.article_id);
      this.pendingMax = r.article_id;
    }
  }

  /**
   * Reads the bucket-key filter and `through`, or builds them from `story_bands` (an archive from before
   * the filter, or rebuilt since): every row there was moved as a whole batch, so all articles up to the
   * highest id in it have their rows there.
   */
  private loadFilter(): void {
    const stored = this.s.readFilter.get();
    const filter = stored ? BandFilter.fromBytes(stored.bits) : null;
    if (stored && filter) {
      this.filter = filter;
      this.through = stored.through;
      return;
    }
    this.filter = BandFilter.empty();
    for (const key of this.s.bandKeys.iterate()) this.filter.add(key);
    this.through = Number(this.s.bandsThrough.get() ?? 0);
    this.s.writeFilter.run(this.filter.bytes(), this.through);
  }

  signatures(articleIds: readonly number[]): Map<number, StoredSignature> {
    const out = new Map<number, StoredSignature>();
    for (const id of articleIds) {
      const r = this.s.signature.get(id);
      if (r) out.set(id, { shingles: r.shingles, signature: u32(r.signature) });
    }
    return out;
  }

  texts(articleIds: readonly number[]): Map<number, StoredText> {
    const out = new Map<number, StoredText>();
    for (const id of articleIds) {
      const r = this.s.text.get(id);
      if (r) out.set(id, r);
    }
    return out;
  }

  storyOfArticle(articleId: number): number | null {
    return this.s.memberOf.get(articleId) ?? null;
  }

  createStory(createdAt: string): number {
    return Number(this.s.newStory.run(createdAt).lastInsertRowid);
  }

  addMember(articleId: number, storyId: number, how: StoryMember['how'], matchedId: number | null, similarity: number | null): void {
    this.s.addMember.run(articleId, storyId, how, matchedId, similarity);
  }

  updateSize(storyId: number): void {
    this.s.grow.run(storyId, storyId);
  }

  sourceSlug(sourceId: number): string | null {
    return this.s.sourceSlug.get(sourceId) ?? null;
  }

  /** Another connection's commit changes `data_version`. */
  windowStamp(): number {
    return Number(this.s.dataVersion.get());
  }

  anchorsOn(family: string, day: string): StoredAnchors[] {
    return this.s.window.all(family, day).map(storedAnchors);
  }

  putAnchors(r: StoredAnchors): void {
    const a = r.anchors;
    this.s.insertAnchors.run(r.articleId, r.family, r.lang, r.day, a.length, blob(a.hashes), blob(a.weights), Buffer.from(a.kinds));
  }

  linksOf(articleId: number): LinkedVersion[] {
    return this.s.linksOf.all(articleId, articleId);
  }

  putLink(lowId: number, highId: number, confidence: number): void {
    this.s.insertLink.run(lowId, highId, confidence);
  }

  deleteLink(lowId: number, highId: number): void {
    this.s.deleteLink.run(lowId, highId);
  }

  /** Empties every story table and forgets the pending rows (a rebuild; inside the caller's transaction). */
  clear(): void {
    this.raw.exec(
      'DELETE FROM language_links; DELETE FROM story_anchors; DELETE FROM story_members; DELETE FROM stories; DELETE FROM story_bands; DELETE FROM story_band_filter; DELETE FROM story_signatures;',
    );
    this.pending.clear();
    this.filter = BandFilter.empty();
    this.through = 0;
    this.pendingMax = 0;
    this.signatureTop = 0;
    this.pendingStamp = Number(this.s.dataVersion.get());
  }
}
