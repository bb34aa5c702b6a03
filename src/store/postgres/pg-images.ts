import { sql } from 'kysely';
import { cropPhashesOf, storedCropPhashes, editsAmong, slotsKey, type ImageEvent, type ImageImport, type ImageRecord, type ImageSlot, type ImageStore } from '../images.js';
import { setsOf, toAppearance, toStoredImage } from '../sqlite-images.js';
import type { PostgresStore } from './pg-store.js';

/** Images on PostgreSQL: each image version with its events in one transaction of the store's write queue. */
export function pgImages(store: PostgresStore): ImageStore {
  const db = store.db;
  const setsWhere = async (where: ReturnType<typeof sql>) => {
    const sets = (await sql<{ id: number; article_id: number; seen_at: string }>`SELECT id, article_id, seen_at FROM image_sets WHERE ${where}`.execute(db)).rows;
    if (sets.length === 0) return [];
    const ids = sets.map((s) => Number(s.id));
    const slots = (
      await sql<{ set_id: number; slot: string; src_url: string; caption: string | null; sha256: string | null; problem: string | null; change: string | null; etag: string | null; last_modified: string | null }>`
        SELECT set_id, slot, src_url, caption, sha256, problem, change, etag, last_modified FROM image_slots WHERE set_id = ANY(${ids}::bigint[]) ORDER BY set_id, position`.execute(db)
    ).rows;
    return setsOf(sets, slots);
  };
  return {
    async putImage(image: ImageRecord, data: Uint8Array, thumbnail: Uint8Array, at: string) {
      const r = await sql`INSERT INTO images (sha256, bytes, width, height, format, phash, crop_phashes, data, thumbnail, first_seen)
        VALUES (${image.sha256}, ${image.bytes}, ${image.width}, ${image.height}, ${image.format}, ${image.phash}, ${storedCropPhashes(image)}, ${Buffer.from(data)}, ${Buffer.from(thumbnail)}, ${at})
        ON CONFLICT (sha256) DO NOTHING`.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },
    async image(sha256) {
      const r = (
        await sql<{ id: number; sha256: string; bytes: number; width: number; height: number; format: string; phash: string; first_seen: string }>`
          SELECT id, sha256, bytes, width, height, format, phash, first_seen FROM images WHERE sha256 = ${sha256}`.execute(db)
      ).rows[0];
      return r ? toStoredImage(r) : null;
    },
    async imageData(sha256, which) {
      const col = sql.ref(which === 'image' ? 'data' : 'thumbnail');
      const r = (await sql<{ b: Buffer }>`SELECT ${col} AS b FROM images WHERE sha256 = ${sha256}`.execute(db)).rows[0];
      return r?.b ?? null;
    },
    async latestSet(articleId) {
      return (await setsWhere(sql`id = (SELECT id FROM image_sets WHERE article_id = ${articleId} ORDER BY seen_at DESC, id DESC LIMIT 1)`))[0] ?? null;
    },
    async sets(articleId) {
      return setsWhere(sql`article_id = ${articleId} ORDER BY seen_at, id`);
    },
    async recordSet(articleId: number, sourceId: number, seenAt: string, slots: ImageSlot[], events: ImageEvent[]) {
      return store.transaction(async (tx) => {
        const set = await sql<{ id: number }>`INSERT INTO image_sets (article_id, seen_at, slots_key) VALUES (${articleId}, ${seenAt}, ${slotsKey(slots)}) RETURNING id`.execute(tx);
        const setId = Number(set.rows[0].id);
        for (const [i, s] of slots.entries()) {
          await sql`INSERT INTO image_slots (set_id, position, slot, src_url, caption, sha256, problem, change, etag, last_modified)
            VALUES (${setId}, ${i}, ${s.slot}, ${s.srcUrl}, ${s.caption}, ${s.sha256}, ${s.problem}, ${s.change ? JSON.stringify(s.change) : null}, ${s.etag ?? null}, ${s.lastModified ?? null})`.execute(tx);
        }
        for (const e of events) {
          await sql`INSERT INTO events (type, article_id, source_id, at, detail) VALUES (${e.type}, ${articleId}, ${sourceId}, ${seenAt}, ${JSON.stringify(e.detail)})`.execute(tx);
        }
        return setId;
      });
    },
    async appearances(sha256s) {
      if (sha256s.length === 0) return [];
      const rows = (
        await sql<{ sha256: string; article_id: number; url: string; title: string; source: string; published: string; seen_at: string; slot: string; caption: string | null }>`
          SELECT * FROM (
            SELECT DISTINCT ON (sl.sha256, a.id) sl.sha256, a.id AS article_id, a.url, a.title, s.slug AS source, a.published, st.seen_at, sl.slot, sl.caption
            FROM image_slots sl JOIN image_sets st ON st.id = sl.set_id JOIN articles a ON a.id = st.article_id JOIN sources s ON s.id = a.source_id
            WHERE sl.sha256 = ANY(${sha256s}::text[]) ORDER BY sl.sha256, a.id, st.seen_at) firsts
          ORDER BY sha256, seen_at, article_id`.execute(db)
      ).rows;
      return rows.map(toAppearance);
    },
    async phashesAfter(afterId, limit) {
      const rows = (await sql<{ id: number; sha256: string; phash: string; crop_phashes: string | null }>`SELECT id, sha256, phash, crop_phashes FROM images WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`.execute(db)).rows;
      return rows.map((r) => ({ id: Number(r.id), sha256: r.sha256, phash: r.phash, cropPhashes: cropPhashesOf(r.crop_phashes) }));
    },
    async setCropPhashes(id, phashes) {
      await sql`UPDATE images SET crop_phashes = ${phashes.join(' ')} WHERE id = ${id}`.execute(db);
    },
    async recordImport(sha256, sourceId, name, at) {
      const r = await sql`INSERT INTO image_imports (sha256, source_id, name, imported_at) VALUES (${sha256}, ${sourceId}, ${name}, ${at}) ON CONFLICT DO NOTHING`.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },
    async imports(sha256) {
      return (
        await sql<ImageImport>`SELECT s.slug AS source, i.name, i.imported_at AS "importedAt" FROM image_imports i JOIN sources s ON s.id = i.source_id
          WHERE i.sha256 = ${sha256} ORDER BY i.imported_at, i.id`.execute(db)
      ).rows;
    },
    async shasOf(ids) {
      if (ids.length === 0) return new Map();
      const rows = (await sql<{ id: number; sha256: string }>`SELECT id, sha256 FROM images WHERE id = ANY(${ids}::bigint[])`.execute(db)).rows;
      return new Map(rows.map((r) => [Number(r.id), r.sha256]));
    },
    async editsFrom(from, sha256s) {
      if (sha256s.length === 0) return new Map();
      const rows = (await sql<{ sha256: string; change: string }>`SELECT sha256, change FROM image_slots WHERE sha256 = ANY(${sha256s}::text[]) AND change IS NOT NULL ORDER BY set_id, position`.execute(db)).rows;
      return editsAmong(from, rows);
    },
  };
}
