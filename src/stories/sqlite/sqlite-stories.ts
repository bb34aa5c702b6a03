import type Database from 'better-sqlite3';
import type { IngestHook } from '../../store/sqlite-store.js';
import type { Anchors } from '../anchors.js';
import { DEFAULT_STORY_CONFIG, type StoryConfig } from '../config.js';
import { bodyAnchors } from '../anchors.js';
import { BandFilter } from '../band-filter.js';
import { decide, type StoryCopy } from '../decide.js';
import { shinglesOf, storyFeatures, type StoryFeatures } from '../features.js';
import { preparedConfidence, prepareSide, sourceFamily, type PreparedSide } from '../language-links.js';
import { bandKeys } from '../lsh.js';
import { estimateJaccard } from '../minhash.js';
import { PendingBuckets } from '../pending-buckets.js';
import type { LanguageLink, StoryMember, StoryRef, StoryMatch } from '../stories.js';

const SHINGLE_CACHE = 4096;
/** Bucket rows held in memory before they move into `story_bands` in key order. */
export const PENDING_BAND_ROWS = 480_000;
const WINDOW_CACHE_DAYS = 64;
/** Bucket rows a statement when they move into `story_bands`. */
const MOVE_ROWS = 256;

interface WindowEntry extends PreparedSide {
  id: number;
}

/** A window's cache key: the family's number and the day, as one small integer. */
function windowKey(familyNumber: number, day: number): number {
  return familyNumber * 1_000_000 + day + 500_000;
}

/** Adds an article to its day's window, in the list of its language. */
function addToWindow(byLang: Map<string, WindowEntry[]>, entry: WindowEntry): void {
  const list = byLang.get(entry.lang);
  if (list) list.push(entry);
  else byLang.set(entry.lang, [entry]);
}

function dayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function blob(a: Uint32Array | Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function u32(b: Buffer): Uint32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Uint32Array(copy.buffer);
}

function f32(b: Buffer): Float32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

/**
 * Story clustering and language links on SQLite: an ingest hook that runs inside the ingest transaction,
 * and the reads the pages and the API need.
 */
export class SqliteStories {
  private readonly s;
  private readonly copyCache = new Map<number, StoryCopy>();
  /** Articles of one family and day, by language (a link only ever joins two languages). */
  private readonly windows = new Map<number, Map<string, WindowEntry[]>>();
  private readonly familyNumbers = new Map<string, number>();
  private windowStamp = -1;
  private readonly families = new Map<number, string>();
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
    readonly config: StoryConfig = DEFAULT_STORY_CONFIG,
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
      body: raw.prepare<[number], { body: string; published: string }>('SELECT body, published FROM articles WHERE id = ?'),
      memberOf: raw.prepare<[number], { story_id: number }>('SELECT story_id FROM story_members WHERE article_id = ?'),
      newStory: raw.prepare('INSERT INTO stories (size, created_at) VALUES (0, ?)'),
      addMember: raw.prepare('INSERT OR IGNORE INTO story_members (article_id, story_id, how, matched_id, similarity) VALUES (?, ?, ?, ?, ?)'),
      grow: raw.prepare('UPDATE stories SET size = (SELECT count(*) FROM story_members WHERE story_id = ?) WHERE id = ?'),
      story: raw.prepare<[number], { id: number; size: number }>(
        'SELECT s.id, s.size FROM story_members m JOIN stories s ON s.id = m.story_id WHERE m.article_id = ?',
      ),
      storyById: raw.prepare<[number], { id: number; size: number; created_at: string }>('SELECT id, size, created_at FROM stories WHERE id = ?'),
      members: raw.prepare<[number], MemberRow>(
        `SELECT a.id, a.title, a.published, a.url, a.lang, a.duplicate_of, src.slug AS source_slug, src.name AS source_name,
                m.how, m.matched_id, m.similarity
         FROM story_members m JOIN articles a ON a.id = m.article_id JOIN sources src ON src.id = a.source_id
         WHERE m.story_id = ? ORDER BY a.published, a.id`,
      ),
      sourceSlug: raw.prepare<[number], { slug: string }>('SELECT slug FROM sources WHERE id = ?'),
      window: raw.prepare<[string, string], { article_id: number; lang: string; day: string; length: number; anchors: Buffer; weights: Buffer; kinds: Buffer }>(
        'SELECT article_id, lang, day, length, anchors, weights, kinds FROM story_anchors WHERE family = ? AND day = ?',
      ),
      insertAnchors: raw.prepare(
        `INSERT INTO story_anchors (article_id, family, lang, day, length, anchors, weights, kinds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (article_id) DO UPDATE SET family = excluded.family, lang = excluded.lang, day = excluded.day, length = excluded.length,
           anchors = excluded.anchors, weights = excluded.weights, kinds = excluded.kinds`,
      ),
      linksOf: raw.prepare<[number, number], { other: number; confidence: number }>(
        'SELECT b_id AS other, confidence FROM language_links WHERE a_id = ? UNION ALL SELECT a_id AS other, confidence FROM language_links WHERE b_id = ?',
      ),
      langOf: raw.prepare<[number], { lang: string }>('SELECT lang FROM articles WHERE id = ?'),
      insertLink: raw.prepare('INSERT INTO language_links (a_id, b_id, confidence) VALUES (?, ?, ?) ON CONFLICT (a_id, b_id) DO UPDATE SET confidence = excluded.confidence'),
      deleteLink: raw.prepare('DELETE FROM language_links WHERE a_id = ? AND b_id = ?'),
      linked: raw.prepare<[number, number], LinkRow>(
        `SELECT a.id, a.title, a.published, a.url, a.lang, src.slug AS source_slug, src.name AS source_name, l.confidence
         FROM (SELECT b_id AS other, confidence FROM language_links WHERE a_id = ? UNION ALL SELECT a_id, confidence FROM language_links WHERE b_id = ?) l
         JOIN articles a ON a.id = l.other JOIN sources src ON src.id = a.source_id ORDER BY l.confidence DESC`,
      ),
      dataVersion: raw.prepare('PRAGMA data_version').pluck(),
      anchorsOf: raw.prepare<[number], { family: string; lang: string; day: string; length: number; anchors: Buffer; weights: Buffer; kinds: Buffer }>(
        'SELECT family, lang, day, length, anchors, weights, kinds FROM story_anchors WHERE article_id = ?',
      ),
    };
  }

  /** Clusters and links every new article; runs inside the ingest transaction. */
  readonly hook: IngestHook = (_raw, id, item, outcome) => {
    // A copy folded into an article already stored (another URL of the same text) is not a new text.
    if (outcome.kind !== 'imported') return;
    const features = item.article.story ?? storyFeatures(item.article, this.config);
    this.cluster(id, features, item.article.published, item.seenAt);
    this.link(id, item.sourceId, item.article.lang, item.article.published, features.anchors);
  };

  /** Finds the closest earlier copy through the LSH buckets and joins its story; records the signature and buckets. */
  cluster(id: number, f: StoryFeatures, published: string, seenAt: string): StoryMatch | null {
    const c = this.config;
    // Before this signature is stored: the pending rows read back from signatures must not include it yet.
    this.syncPending();
    this.storeSignature(id, f);
    if (f.shingles.length < c.minShingles) return null;
    const keys = bandKeys(f.signature, c.bands, c.rows);
    const me: StoryCopy = { shingles: f.shingles, anchors: f.bodyAnchors, published };
    let best: StoryMatch | null = null;
    for (const cand of this.candidates(keys)) {
      const other = this.s.signature.get(cand.article_id);
      if (!other || other.shingles < c.minShingles) continue;
      // The signature's estimate spares reading back texts that cannot reach the thresholds.
      if (estimateJaccard(f.signature, u32(other.signature)) < c.estimateFloor) continue;
      const d = decide(me, this.copyOf(cand.article_id), c);
      if (d.same && (!best || d.score > best.similarity)) best = { articleId: cand.article_id, similarity: Math.round(d.score * 1000) / 1000 };
    }
    this.addBands(keys, id);
    this.remember(id, me);
    if (best) this.join(id, best.articleId, 'near', best.similarity, seenAt);
    return best;
  }

  private storeSignature(id: number, f: Pick<StoryFeatures, 'shingles' | 'signature'>): void {
    this.s.insertSignature.run(id, f.shingles.length, blob(f.signature));
    this.signatureTop = Math.max(this.signatureTop, id);
  }

  /** Articles sharing a bucket with `keys`, most shared bands first (then lowest id), at most `maxCandidates`. */
  private candidates(keys: number[]): { article_id: number; hits: number }[] {
    const stored = keys.filter((k) => this.filter.mayHave(k));
    const members = stored.length > 0 ? this.bucketLookup(stored.length).all(...stored) : [];
    for (const k of keys) this.pending.collect(k, members);
    if (members.length === 0) return [];
    const hits = new Map<number, number>();
    for (const m of members) hits.set(m, (hits.get(m) ?? 0) + 1);
    return [...hits]
      .map(([article_id, n]) => ({ article_id, hits: n }))
      .sort((x, y) => y.hits - x.hits || x.article_id - y.article_id)
      .slice(0, this.config.maxCandidates);
  }

  /** Bucket members only; counting and ranking in JS spares SQLite a temporary B-tree per article. */
  private bucketLookup(n: number): Database.Statement<number[], number> {
    this.lookups[n] ??= this.raw.prepare<number[], number>(`SELECT article_id FROM story_bands WHERE key IN (${Array(n).fill('?').join(',')})`).pluck();
    return this.lookups[n];
  }

  /** Holds an article's buckets in memory; moves them all into `story_bands` once enough have gathered. */
  private addBands(keys: number[], id: number): void {
    for (const k of keys) this.pending.add(k, id);
    this.pendingMax = Math.max(this.pendingMax, id);
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
  private syncPending(): void {
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

  private join(id: number, matched: number, how: 'exact' | 'near', sim: number, at: string): void {
    let story = this.s.memberOf.get(matched)?.story_id;
    if (story === undefined) {
      story = Number(this.s.newStory.run(at).lastInsertRowid);
      this.s.addMember.run(matched, story, 'founder', null, null);
    }
    this.s.addMember.run(id, story, how, matched, sim);
    this.s.grow.run(story, story);
  }

  /** A stored article's shingles, body anchors and date, from a small cache or read back and computed again. */
  private copyOf(id: number): StoryCopy {
    const hit = this.copyCache.get(id);
    if (hit) {
      this.copyCache.delete(id);
      this.copyCache.set(id, hit);
      return hit;
    }
    const row = this.s.body.get(id);
    const paragraphs = row ? row.body.split('\n') : [];
    const copy = { shingles: shinglesOf(paragraphs, this.config), anchors: bodyAnchors(paragraphs), published: row?.published ?? '1970-01-01' };
    this.remember(id, copy);
    return copy;
  }

  private remember(id: number, copy: StoryCopy): void {
    this.copyCache.set(id, copy);
    if (this.copyCache.size > SHINGLE_CACHE) this.copyCache.delete(this.copyCache.keys().next().value!);
  }

  private family(sourceId: number): string {
    let f = this.families.get(sourceId);
    if (f === undefined) {
      f = sourceFamily(this.s.sourceSlug.get(sourceId)?.slug ?? String(sourceId));
      this.families.set(sourceId, f);
    }
    return f;
  }

  /** Forgets cached windows when another connection has written to the archive. */
  private checkWindows(): void {
    const stamp = Number(this.s.dataVersion.get());
    if (stamp !== this.windowStamp) {
      this.windows.clear();
      this.windowStamp = stamp;
    }
  }

  /** Candidates published on `day` (a day number) in `family`, by language (call `checkWindows` first). */
  private windowDay(family: string, day: number): Map<string, WindowEntry[]> {
    let familyNumber = this.familyNumbers.get(family);
    if (familyNumber === undefined) {
      familyNumber = this.familyNumbers.size;
      this.familyNumbers.set(family, familyNumber);
    }
    const key = windowKey(familyNumber, day);
    let byLang = this.windows.get(key);
    if (!byLang) {
      byLang = new Map();
      for (const r of this.s.window.all(family, dayString(day))) {
        addToWindow(byLang, {
          id: r.article_id,
          ...prepareSide({
            lang: r.lang,
            published: r.day,
            family,
            anchors: { hashes: u32(r.anchors), weights: f32(r.weights), kinds: new Uint8Array(r.kinds), length: r.length },
          }),
        });
      }
      this.windows.set(key, byLang);
      if (this.windows.size > WINDOW_CACHE_DAYS * 4) this.windows.delete(this.windows.keys().next().value!);
    }
    return byLang;
  }

  /** Links an article to its best counterpart in each other language of its source family. */
  link(id: number, sourceId: number, lang: string, published: string, anchors: Anchors): void {
    const family = this.family(sourceId);
    const me = prepareSide({ lang, published, family, anchors });
    const best = new Map<string, { id: number; confidence: number }>();
    const w = this.config.linkWindowDays;
    this.checkWindows();
    for (let d = -w; d <= w; d++) {
      for (const [other, entries] of this.windowDay(family, me.day + d)) {
        if (other === lang) continue;
        for (const cand of entries) {
          if (cand.id === id) continue;
          const confidence = preparedConfidence(me, cand, w, this.config.linkConfidence);
          if (confidence < this.config.linkConfidence) continue;
          const cur = best.get(cand.lang);
          if (!cur || confidence > cur.confidence) best.set(cand.lang, { id: cand.id, confidence });
        }
      }
    }
    for (const { id: other, confidence } of best.values()) {
      // One version per language: a counterpart already linked more firmly to another article keeps its link.
      const existing = this.s.linksOf.all(other, other).filter((l) => this.s.langOf.get(l.other)?.lang === lang);
      if (existing.some((l) => l.confidence >= confidence)) continue;
      for (const l of existing) this.s.deleteLink.run(Math.min(other, l.other), Math.max(other, l.other));
      this.s.insertLink.run(Math.min(id, other), Math.max(id, other), Math.round(confidence * 1000) / 1000);
    }
    this.s.insertAnchors.run(id, family, lang, published, anchors.length, blob(anchors.hashes), blob(anchors.weights), Buffer.from(anchors.kinds));
    addToWindow(this.windowDay(family, me.day), { id, ...me });
  }

  storyOf(articleId: number): StoryRef | null {
    return this.s.story.get(articleId) ?? null;
  }

  story(storyId: number): { id: number; size: number; createdAt: string; members: StoryMember[] } | null {
    const row = this.s.storyById.get(storyId);
    if (!row) return null;
    return { id: row.id, size: row.size, createdAt: row.created_at, members: this.s.members.all(storyId).map(toMember) };
  }

  /**
   * An article's versions in other languages, most confident first, each marked `shown` when its confidence
   * reaches `linkShown`. The confidence is scored again from the stored anchors, so a link stored by an
   * earlier version of the score reads as the current score rates it.
   */
  languageLinks(articleId: number): LanguageLink[] {
    const me = this.storedSide(articleId);
    return this.s.linked
      .all(articleId, articleId)
      .map((r) => {
        const other = me ? this.storedSide(r.id) : null;
        const confidence = me && other ? Math.round(preparedConfidence(me, other, this.config.linkWindowDays) * 1000) / 1000 : r.confidence;
        return {
          id: r.id,
          lang: r.lang,
          confidence,
          shown: confidence >= this.config.linkShown,
          title: r.title,
          published: r.published,
          url: r.url,
          sourceSlug: r.source_slug,
          sourceName: r.source_name,
        };
      })
      .sort((a, b) => b.confidence - a.confidence || a.id - b.id);
  }

  /** The linking side of a stored article, from its stored anchors. */
  private storedSide(articleId: number): PreparedSide | null {
    const r = this.s.anchorsOf.get(articleId);
    if (!r) return null;
    return prepareSide({
      lang: r.lang,
      published: r.day,
      family: r.family,
      anchors: { hashes: u32(r.anchors), weights: f32(r.weights), kinds: new Uint8Array(r.kinds), length: r.length },
    });
  }

  /** The story of each given article that belongs to one (for collapsing search results). */
  storyIdsFor(articleIds: readonly number[]): Map<number, number> {
    const out = new Map<number, number>();
    for (let i = 0; i < articleIds.length; i += 500) {
      const chunk = articleIds.slice(i, i + 500);
      const rows = this.raw
        .prepare(`SELECT article_id, story_id FROM story_members WHERE article_id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as { article_id: number; story_id: number }[];
      for (const r of rows) out.set(r.article_id, r.story_id);
    }
    return out;
  }

  /** Clusters and links every stored article again, from scratch, in id order. */
  rebuild(onProgress?: (done: number, total: number) => void): { articles: number; stories: number; links: number; seconds: number } {
    const started = performance.now();
    this.raw.exec('DELETE FROM language_links; DELETE FROM story_anchors; DELETE FROM story_members; DELETE FROM stories; DELETE FROM story_bands; DELETE FROM story_band_filter; DELETE FROM story_signatures;');
    this.pending.clear();
    this.filter = BandFilter.empty();
    this.through = 0;
    this.pendingMax = 0;
    this.signatureTop = 0;
    this.pendingStamp = Number(this.s.dataVersion.get());
    this.copyCache.clear();
    this.windows.clear();
    const total = Number(this.raw.prepare('SELECT count(*) FROM articles').pluck().get());
    const page = this.raw.prepare<[number], { id: number; source_id: number; lang: string; title: string; body: string; published: string; first_seen: string }>(
      'SELECT id, source_id, lang, title, body, published, first_seen FROM articles WHERE id > ? ORDER BY id LIMIT 1000',
    );
    let last = 0;
    let done = 0;
    for (;;) {
      const rows = page.all(last);
      if (rows.length === 0) break;
      this.raw.transaction(() => {
        for (const r of rows) {
          const paragraphs = r.body.split('\n');
          const f = storyFeatures({ title: r.title, paragraphs }, this.config);
          this.cluster(r.id, f, r.published, r.first_seen);
          this.link(r.id, r.source_id, r.lang, r.published, f.anchors);
        }
      })();
      last = rows[rows.length - 1].id;
      done += rows.length;
      onProgress?.(done, total);
    }
    const count = (t: string) => Number(this.raw.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
    return { articles: done, stories: count('stories'), links: count('language_links'), seconds: (performance.now() - started) / 1000 };
  }
}

interface MemberRow {
  id: number;
  title: string;
  published: string;
  url: string;
  lang: string;
  duplicate_of: number | null;
  source_slug: string;
  source_name: string;
  how: string;
  matched_id: number | null;
  similarity: number | null;
}

interface LinkRow {
  id: number;
  title: string;
  published: string;
  url: string;
  lang: string;
  source_slug: string;
  source_name: string;
  confidence: number;
}

function toMember(r: MemberRow): StoryMember {
  return {
    id: r.id,
    title: r.title,
    published: r.published,
    url: r.url,
    lang: r.lang,
    sourceSlug: r.source_slug,
    sourceName: r.source_name,
    duplicateOf: r.duplicate_of,
    how: r.how as StoryMember['how'],
    matchedId: r.matched_id,
    similarity: r.similarity,
  };
}
