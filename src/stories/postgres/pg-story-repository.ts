import { sql } from 'kysely';
import type { PgDb } from '../../store/postgres/pg-ingest.js';
import { blob, f32, u32, u8 } from '../blobs.js';
import type { LinkedVersion, StoredAnchors, StoredSignature, StoredText, StoryRepository } from '../repository.js';
import type { StoryMember } from '../stories.js';

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

let repositories = 0;

/**
 * The story tables in PostgreSQL, through one transaction (the ingest's, holding the stories lock, so
 * nothing else changes them meanwhile). Bucket rows go straight into `story_bands`.
 */
export class PgStoryRepository implements StoryRepository {
  /** Windows cached by clustering stay valid for this transaction only. */
  private readonly stamp = ++repositories;

  constructor(private readonly db: PgDb) {}

  async putSignature(articleId: number, shingles: number, signature: Uint32Array): Promise<void> {
    await sql`INSERT INTO story_signatures (article_id, shingles, signature) VALUES (${articleId}, ${shingles}, ${blob(signature)})
      ON CONFLICT (article_id) DO UPDATE SET shingles = excluded.shingles, signature = excluded.signature`.execute(this.db);
  }

  async bucketMembers(keys: readonly number[]): Promise<number[]> {
    const { rows } = await sql<{ article_id: number }>`SELECT article_id FROM story_bands WHERE key = ANY(${keys}::int8[])`.execute(this.db);
    return rows.map((r) => r.article_id);
  }

  async addBands(keys: readonly number[], articleId: number): Promise<void> {
    await sql`INSERT INTO story_bands (key, article_id) SELECT k, ${articleId}::int8 FROM unnest(${keys}::int8[]) AS k ON CONFLICT DO NOTHING`.execute(this.db);
  }

  async signatures(articleIds: readonly number[]): Promise<Map<number, StoredSignature>> {
    const { rows } = await sql<{ article_id: number; shingles: number; signature: Buffer }>`
      SELECT article_id, shingles, signature FROM story_signatures WHERE article_id = ANY(${articleIds}::int8[])`.execute(this.db);
    return new Map(rows.map((r) => [r.article_id, { shingles: r.shingles, signature: u32(r.signature) }]));
  }

  async texts(articleIds: readonly number[]): Promise<Map<number, StoredText>> {
    const { rows } = await sql<{ id: number; body: string; published: string }>`
      SELECT id, body, published FROM articles WHERE id = ANY(${articleIds}::int8[])`.execute(this.db);
    return new Map(rows.map((r) => [r.id, { body: r.body, published: r.published }]));
  }

  async storyOfArticle(articleId: number): Promise<number | null> {
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

  async updateSize(storyId: number): Promise<void> {
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
    // In id order, as SQLite's index gives them: the first of equally confident counterparts wins on both.
    const { rows } = await sql<PgAnchorRow>`SELECT article_id, family, lang, day, length, anchors, weights, kinds FROM story_anchors
      WHERE family = ${family} AND day = ${day} ORDER BY article_id`.execute(this.db);
    return rows.map(pgStoredAnchors);
  }

  async putAnchors(r: StoredAnchors): Promise<void> {
    const a = r.anchors;
    await sql`INSERT INTO story_anchors (article_id, family, lang, day, length, anchors, weights, kinds)
      VALUES (${r.articleId}, ${r.family}, ${r.lang}, ${r.day}, ${a.length}, ${blob(a.hashes)}, ${blob(a.weights)}, ${blob(a.kinds)})
      ON CONFLICT (article_id) DO UPDATE SET family = excluded.family, lang = excluded.lang, day = excluded.day, length = excluded.length,
        anchors = excluded.anchors, weights = excluded.weights, kinds = excluded.kinds`.execute(this.db);
  }

  async linksOf(articleId: number): Promise<LinkedVersion[]> {
    const { rows } = await sql<LinkedVersion>`SELECT l.other, l.confidence, a.lang FROM
        (SELECT b_id AS other, confidence FROM language_links WHERE a_id = ${articleId}
         UNION ALL SELECT a_id AS other, confidence FROM language_links WHERE b_id = ${articleId}) l
      JOIN articles a ON a.id = l.other`.execute(this.db);
    return rows;
  }

  async putLink(lowId: number, highId: number, confidence: number): Promise<void> {
    await sql`INSERT INTO language_links (a_id, b_id, confidence) VALUES (${lowId}, ${highId}, ${confidence})
      ON CONFLICT (a_id, b_id) DO UPDATE SET confidence = excluded.confidence`.execute(this.db);
  }

  async deleteLink(lowId: number, highId: number): Promise<void> {
    await sql`DELETE FROM language_links WHERE a_id = ${lowId} AND b_id = ${highId}`.execute(this.db);
  }
}
