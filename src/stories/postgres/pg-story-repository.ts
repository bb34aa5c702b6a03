import { sql } from 'kysely';
import type { PgDb } from '../../store/postgres/pg-ingest.js';
import { blob, f32, u32, u8 } from '../blobs.js';
import type { LinkedVersion, StoredAnchors, StoredSignature, StoredText, StoryRepository } from '../repository.js';
import type { StoryMember } from '../stories.js';
import { dayString } from '../clustering.js';
import { dayNumberOf } from '../../dates/calendar.js';

export interface PgAnchorRow {
  article_id: number;
  family: string;
  lang: string;
  day: string;
  length: number;
  anchors: Buffer;
  weights: Buffer;
  kinds: Buffer;
}

export function pgStoredAnchors(r: PgAnchorRow): StoredAnchors {
  return {
    articleId: r.article_id,
    family: r.family,
    lang: r.lang,
    day: r.day,
    anchors: { hashes: u32(r.anchors), weights: f32(r.weights), kinds: u8(r.kinds), length: r.length },
  };
}

/** Days of anchors read at once from the day asked for. */
const WINDOW_DAYS_READ = 7;

let repositories = 0;

/**
 * The story tables in PostgreSQL, through one transaction (the ingest's, holding the locks on what its
 * articles' decisions read, so nothing else changes that meanwhile: pg-stories.ts). Signatures, bucket rows, anchors and links are held here and
 * written a statement a table (`flush`), since a round trip per row cost more than the clustering; reads
 * see them. Stories and members, written for the few articles that join one, go out at once.
 */
export class PgStoryRepository implements StoryRepository {
  /** Windows cached by clustering stay valid for this transaction only. */
  private readonly stamp = ++repositories;
  private signaturesHeld = new Map<number, StoredSignature>();
  private bandsHeld = new Map<number, number[]>();
  private anchorsHeld = new Map<string, StoredAnchors[]>();
  /** Links written ("low:high" → confidence) or deleted (null). */
  private linksHeld = new Map<string, { low: number; high: number; confidence: number | null }>();
  /** Stored anchors by family and day, read for this transaction (its locks keep them current). */
  private readonly windowsRead = new Map<string, StoredAnchors[]>();
  /** Stored bucket members of keys looked up ahead (`prefetchBuckets`), until the next `flush`. */
  private prefetched = new Map<number, number[]>();

  constructor(private readonly db: PgDb) {}

  async putSignature(articleId: number, shingles: number, signature: Uint32Array): Promise<void> {
    this.signaturesHeld.set(articleId, { shingles, signature });
  }

  /** Looks up the stored members of many articles' buckets at once (the articles of a batch, before they are clustered in turn). */
  async prefetchBuckets(keys: readonly number[]): Promise<void> {
    const wanted = [...new Set(keys)].filter((k) => !this.prefetched.has(k));
    if (wanted.length === 0) return;
    for (const k of wanted) this.prefetched.set(k, []);
    const { rows } = await sql<{ key: number; article_id: number }>`SELECT key, article_id FROM story_bands WHERE key = ANY(${wanted}::int8[])`.execute(this.db);
    for (const r of rows) this.prefetched.get(r.key)!.push(r.article_id);
  }

  async bucketMembers(keys: readonly number[]): Promise<number[]> {
    const members: number[] = [];
    const unknown = keys.filter((k) => !this.prefetched.has(k));
    if (unknown.length > 0) {
      const { rows } = await sql<{ article_id: number }>`SELECT article_id FROM story_bands WHERE key = ANY(${unknown}::int8[])`.execute(this.db);
      for (const r of rows) members.push(r.article_id);
    }
    for (const k of keys) {
      for (const id of this.prefetched.get(k) ?? []) members.push(id);
      for (const id of this.bandsHeld.get(k) ?? []) members.push(id);
    }
    return members;
  }

  addBands(keys: readonly number[], articleId: number): void {
    for (const k of keys) {
      const ids = this.bandsHeld.get(k);
      if (ids) ids.push(articleId);
      else this.bandsHeld.set(k, [articleId]);
    }
  }

  async signatures(articleIds: readonly number[]): Promise<Map<number, StoredSignature>> {
    const out = new Map<number, StoredSignature>();
    const stored = articleIds.filter((id) => !this.signaturesHeld.has(id));
    if (stored.length > 0) {
      const { rows } = await sql<{ article_id: number; shingles: number; signature: Buffer }>`
        SELECT article_id, shingles, signature FROM story_signatures WHERE article_id = ANY(${stored}::int8[])`.execute(this.db);
      for (const r of rows) out.set(r.article_id, { shingles: r.shingles, signature: u32(r.signature) });
    }
    for (const id of articleIds) {
      const held = this.signaturesHeld.get(id);
      if (held) out.set(id, held);
    }
    return out;
  }

  async texts(articleIds: readonly number[]): Promise<Map<number, StoredText>> {
    const { rows } = await sql<{ id: number; body: string; published: string }>`
      SELECT id, body, published FROM articles WHERE id = ANY(${articleIds}::int8[])`.execute(this.db);
    return new Map(rows.map((r) => [r.id, { body: r.body, published: r.published }]));
  }

  /**
   * Locks the article first: two articles that share no bucket with each other may both match it, and the
   * second must see the story the first made. A statement of its own, so the read sees what the lock waited for.
   */
  async storyOfArticle(articleId: number): Promise<number | null> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':s:' || ${String(articleId)}, 0))`.execute(this.db);
    const { rows } = await sql<{ story_id: number }>`SELECT story_id FROM story_members WHERE article_id = ${articleId}`.execute(this.db);
    return rows[0]?.story_id ?? null;
  }

  async createStory(createdAt: string): Promise<number> {
    const { rows } = await sql<{ id: number }>`INSERT INTO stories (size, created_at) VALUES (0, ${createdAt}) RETURNING id`.execute(this.db);
    return rows[0].id;
  }

  async addMember(articleId: number, storyId: number, how: StoryMember['how'], matchedId: number | null, similarity: number | null): Promise<void> {
    await sql`INSERT INTO story_members (article_id, story_id, how, matched_id, similarity)
      VALUES (${articleId}, ${storyId}, ${how}, ${matchedId}, ${similarity}) ON CONFLICT (article_id) DO NOTHING`.execute(this.db);
  }

  /** Locks the story's row first (members may join it from another process at once), then counts in a statement that sees theirs. */
  async updateSize(storyId: number): Promise<void> {
    await sql`SELECT id FROM stories WHERE id = ${storyId} FOR UPDATE`.execute(this.db);
    await sql`UPDATE stories SET size = (SELECT count(*) FROM story_members WHERE story_id = ${storyId}) WHERE id = ${storyId}`.execute(this.db);
  }

  async sourceSlug(sourceId: number): Promise<string | null> {
    const { rows } = await sql<{ slug: string }>`SELECT slug FROM sources WHERE id = ${sourceId}`.execute(this.db);
    return rows[0]?.slug ?? null;
  }

  windowStamp(): number {
    return this.stamp;
  }

  async anchorsOn(family: string, day: string): Promise<StoredAnchors[]> {
    const key = `${family}\n${day}`;
    if (!this.windowsRead.has(key)) await this.readWindows(family, day);
    const stored = this.windowsRead.get(key)!;
    const held = this.anchorsHeld.get(key) ?? [];
    const heldIds = new Set(held.map((h) => h.articleId));
    // In id order, as SQLite's index gives them: the first of equally confident counterparts wins on both.
    return [...stored.filter((r) => !heldIds.has(r.articleId)), ...held].sort((a, b) => a.articleId - b.articleId);
  }

  /** Reads the stored anchors of `day` and the days after it (articles come in date order, mostly). */
  private async readWindows(family: string, day: string): Promise<void> {
    const days = Array.from({ length: WINDOW_DAYS_READ }, (_, i) => dayString(dayNumberOf(day) + i)).filter((d) => !this.windowsRead.has(`${family}\n${d}`));
    for (const d of days) this.windowsRead.set(`${family}\n${d}`, []);
    const { rows } = await sql<PgAnchorRow>`SELECT article_id, family, lang, day, length, anchors, weights, kinds FROM story_anchors
      WHERE family = ${family} AND day = ANY(${days}::text[])`.execute(this.db);
    for (const r of rows) this.windowsRead.get(`${family}\n${r.day}`)?.push(pgStoredAnchors(r));
  }

  putAnchors(r: StoredAnchors): void {
    const key = `${r.family}\n${r.day}`;
    const list = this.anchorsHeld.get(key);
    if (list) list.push(r);
    else this.anchorsHeld.set(key, [r]);
  }

  async linksOf(articleId: number): Promise<LinkedVersion[]> {
    const { rows } = await sql<{ other: number; confidence: number }>`
      SELECT b_id AS other, confidence FROM language_links WHERE a_id = ${articleId}
      UNION ALL SELECT a_id AS other, confidence FROM language_links WHERE b_id = ${articleId}`.execute(this.db);
    const links = new Map(rows.map((r) => [r.other, r.confidence]));
    for (const l of this.linksHeld.values()) {
      const other = l.low === articleId ? l.high : l.high === articleId ? l.low : null;
      if (other === null) continue;
      if (l.confidence === null) links.delete(other);
      else links.set(other, l.confidence);
    }
    if (links.size === 0) return [];
    const { rows: langs } = await sql<{ id: number; lang: string }>`SELECT id, lang FROM articles WHERE id = ANY(${[...links.keys()]}::int8[])`.execute(this.db);
    return langs.map((a) => ({ other: a.id, confidence: links.get(a.id)!, lang: a.lang }));
  }

  putLink(lowId: number, highId: number, confidence: number): void {
    this.linksHeld.set(`${lowId}:${highId}`, { low: lowId, high: highId, confidence });
  }

  deleteLink(lowId: number, highId: number): void {
    this.linksHeld.set(`${lowId}:${highId}`, { low: lowId, high: highId, confidence: null });
  }

  /** Writes what is held, a statement a table (inside the transaction, before it commits). */
  async flush(): Promise<void> {
    const signatures = [...this.signaturesHeld];
    const bands = [...this.bandsHeld].flatMap(([key, ids]) => ids.map((id) => [key, id] as const));
    const anchors = [...this.anchorsHeld.values()].flat();
    const links = [...this.linksHeld.values()];
    // Written now, they belong with the stored anchors read for this transaction.
    for (const r of anchors) {
      const read = this.windowsRead.get(`${r.family}\n${r.day}`);
      if (read) read.splice(0, read.length, ...read.filter((x) => x.articleId !== r.articleId), r);
    }
    this.forget();
    if (signatures.length > 0) {
      await sql`INSERT INTO story_signatures (article_id, shingles, signature)
        SELECT * FROM unnest(${signatures.map(([id]) => id)}::int8[], ${signatures.map(([, s]) => s.shingles)}::int4[], ${signatures.map(([, s]) => blob(s.signature))}::bytea[])
        ON CONFLICT (article_id) DO UPDATE SET shingles = excluded.shingles, signature = excluded.signature`.execute(this.db);
    }
    if (bands.length > 0) {
      await sql`INSERT INTO story_bands (key, article_id) SELECT * FROM unnest(${bands.map((b) => b[0])}::int8[], ${bands.map((b) => b[1])}::int8[])
        ON CONFLICT DO NOTHING`.execute(this.db);
    }
    if (anchors.length > 0) {
      // The last anchors held for an article are its own (an article is linked once a transaction, but stay exact).
      const byId = new Map(anchors.map((r) => [r.articleId, r]));
      const rows = [...byId.values()];
      await sql`INSERT INTO story_anchors (article_id, family, lang, day, length, anchors, weights, kinds)
        SELECT * FROM unnest(${rows.map((r) => r.articleId)}::int8[], ${rows.map((r) => r.family)}::text[], ${rows.map((r) => r.lang)}::text[],
          ${rows.map((r) => r.day)}::text[], ${rows.map((r) => r.anchors.length)}::int4[], ${rows.map((r) => blob(r.anchors.hashes))}::bytea[],
          ${rows.map((r) => blob(r.anchors.weights))}::bytea[], ${rows.map((r) => blob(r.anchors.kinds))}::bytea[])
        ON CONFLICT (article_id) DO UPDATE SET family = excluded.family, lang = excluded.lang, day = excluded.day, length = excluded.length,
          anchors = excluded.anchors, weights = excluded.weights, kinds = excluded.kinds`.execute(this.db);
    }
    const deleted = links.filter((l) => l.confidence === null);
    const kept = links.filter((l) => l.confidence !== null);
    if (deleted.length > 0) {
      await sql`DELETE FROM language_links l USING unnest(${deleted.map((l) => l.low)}::int8[], ${deleted.map((l) => l.high)}::int8[]) AS d(a, b)
        WHERE l.a_id = d.a AND l.b_id = d.b`.execute(this.db);
    }
    if (kept.length > 0) {
      await sql`INSERT INTO language_links (a_id, b_id, confidence)
        SELECT * FROM unnest(${kept.map((l) => l.low)}::int8[], ${kept.map((l) => l.high)}::int8[], ${kept.map((l) => l.confidence)}::float8[])
        ON CONFLICT (a_id, b_id) DO UPDATE SET confidence = excluded.confidence`.execute(this.db);
    }
  }

  /** Forgets what is held (written, or rolled back with the transaction). */
  forget(): void {
    this.signaturesHeld = new Map();
    this.bandsHeld = new Map();
    this.anchorsHeld = new Map();
    this.linksHeld = new Map();
    this.prefetched = new Map();
  }
}
