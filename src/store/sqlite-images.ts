import type Database from 'better-sqlite3';
import { cropPhashesOf, storedCropPhashes, editsAmong, slotsKey, type ImageAppearance, type ImageEvent, type ImageImport, type ImageRecord, type ImageSet, type ImageSlot, type ImageStore, type SlotChange, type StoredImage } from './images.js';

interface ImageDbRow {
  id: number;
  sha256: string;
  bytes: number;
  width: number;
  height: number;
  format: string;
  phash: string;
  first_seen: string;
}

interface SlotDbRow {
  set_id: number;
  slot: string;
  src_url: string;
  caption: string | null;
  sha256: string | null;
  problem: string | null;
  change: string | null;
  etag: string | null;
  last_modified: string | null;
}

export const toStoredImage = (r: ImageDbRow): StoredImage => ({
  id: Number(r.id),
  sha256: r.sha256,
  bytes: Number(r.bytes),
  width: r.width,
  height: r.height,
  format: r.format,
  phash: r.phash,
  firstSeen: r.first_seen,
});

export const toSlot = (r: SlotDbRow): ImageSlot => ({ slot: r.slot, srcUrl: r.src_url, caption: r.caption, sha256: r.sha256, problem: r.problem,
  change: r.change ? (JSON.parse(r.change) as SlotChange) : null,
  etag: r.etag,
  lastModified: r.last_modified,
});

/** Groups slot rows (ordered by set, then position) under their sets. */
export function setsOf(sets: { id: number; article_id: number; seen_at: string }[], slots: SlotDbRow[]): ImageSet[] {
  const bySet = new Map<number, ImageSlot[]>();
  for (const s of slots) {
    const list = bySet.get(Number(s.set_id)) ?? [];
    list.push(toSlot(s));
    bySet.set(Number(s.set_id), list);
  }
  return sets.map((s) => ({ id: Number(s.id), articleId: Number(s.article_id), seenAt: s.seen_at, slots: bySet.get(Number(s.id)) ?? [] }));
}

/** Images on SQLite: the same connection as the archive, each image version with its events in one transaction. */
export function sqliteImages(raw: Database.Database): ImageStore {
  const setsWhere = (where: string, args: unknown[]): ImageSet[] => {
    const sets = raw.prepare(`SELECT id, article_id, seen_at FROM image_sets WHERE ${where}`).all(...args) as { id: number; article_id: number; seen_at: string }[];
    if (sets.length === 0) return [];
    const ids = sets.map((s) => s.id);
    const slots = raw
      .prepare(`SELECT set_id, slot, src_url, caption, sha256, problem, change, etag, last_modified FROM image_slots WHERE set_id IN (${ids.map(() => '?').join(',')}) ORDER BY set_id, position`)
      .all(...ids) as SlotDbRow[];
    return setsOf(sets, slots);
  };
  return {
    async putImage(image: ImageRecord, data: Uint8Array, thumbnail: Uint8Array, at: string) {
      const info = raw
        .prepare('INSERT OR IGNORE INTO images (sha256, bytes, width, height, format, phash, crop_phashes, data, thumbnail, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(image.sha256, image.bytes, image.width, image.height, image.format, image.phash, storedCropPhashes(image), Buffer.from(data), Buffer.from(thumbnail), at);
      return info.changes > 0;
    },
    async image(sha256) {
      const r = raw.prepare('SELECT id, sha256, bytes, width, height, format, phash, first_seen FROM images WHERE sha256 = ?').get(sha256) as ImageDbRow | undefined;
      return r ? toStoredImage(r) : null;
    },
    async imageData(sha256, which) {
      const r = raw.prepare(`SELECT ${which === 'image' ? 'data' : 'thumbnail'} AS b FROM images WHERE sha256 = ?`).get(sha256) as { b: Buffer } | undefined;
      return r?.b ?? null;
    },
    async latestSet(articleId) {
      return setsWhere('id = (SELECT id FROM image_sets WHERE article_id = ? ORDER BY seen_at DESC, id DESC LIMIT 1)', [articleId])[0] ?? null;
    },
    async sets(articleId) {
      return setsWhere('article_id = ? ORDER BY seen_at, id', [articleId]);
    },
    async recordSet(articleId: number, sourceId: number, seenAt: string, slots: ImageSlot[], events: ImageEvent[]) {
      return raw.transaction(() => {
        const set = raw.prepare('INSERT INTO image_sets (article_id, seen_at, slots_key) VALUES (?, ?, ?)').run(articleId, seenAt, slotsKey(slots));
        const setId = Number(set.lastInsertRowid);
        const insert = raw.prepare('INSERT INTO image_slots (set_id, position, slot, src_url, caption, sha256, problem, change, etag, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
        slots.forEach((s, i) => insert.run(setId, i, s.slot, s.srcUrl, s.caption, s.sha256, s.problem, s.change ? JSON.stringify(s.change) : null, s.etag ?? null, s.lastModified ?? null));
        const event = raw.prepare('INSERT INTO events (type, article_id, source_id, at, detail) VALUES (?, ?, ?, ?, ?)');
        for (const e of events) event.run(e.type, articleId, sourceId, seenAt, JSON.stringify(e.detail));
        return setId;
      })();
    },
    async appearances(sha256s) {
      if (sha256s.length === 0) return [];
      const rows = raw
        .prepare(
          `SELECT sl.sha256, a.id AS article_id, a.url, a.title, s.slug AS source, a.published, min(st.seen_at) AS seen_at, sl.slot, sl.caption
           FROM image_slots sl JOIN image_sets st ON st.id = sl.set_id JOIN articles a ON a.id = st.article_id JOIN sources s ON s.id = a.source_id
           WHERE sl.sha256 IN (${sha256s.map(() => '?').join(',')}) GROUP BY sl.sha256, a.id ORDER BY sl.sha256, seen_at, a.id`,
        )
        .all(...sha256s) as { sha256: string; article_id: number; url: string; title: string; source: string; published: string; seen_at: string; slot: string; caption: string | null }[];
      return rows.map(toAppearance);
    },
    async phashesAfter(afterId, limit) {
      const rows = raw.prepare('SELECT id, sha256, phash, crop_phashes FROM images WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as { id: number; sha256: string; phash: string; crop_phashes: string | null }[];
      return rows.map((r) => ({ id: r.id, sha256: r.sha256, phash: r.phash, cropPhashes: cropPhashesOf(r.crop_phashes) }));
    },
    async setCropPhashes(id, phashes) {
      raw.prepare('UPDATE images SET crop_phashes = ? WHERE id = ?').run(phashes.join(' '), id);
    },
    async recordImport(sha256, sourceId, name, at) {
      return raw.prepare('INSERT OR IGNORE INTO image_imports (sha256, source_id, name, imported_at) VALUES (?, ?, ?, ?)').run(sha256, sourceId, name, at).changes > 0;
    },
    async imports(sha256) {
      return raw
        .prepare('SELECT s.slug AS source, i.name, i.imported_at AS importedAt FROM image_imports i JOIN sources s ON s.id = i.source_id WHERE i.sha256 = ? ORDER BY i.imported_at, i.id')
        .all(sha256) as ImageImport[];
    },
    async shasOf(ids) {
      if (ids.length === 0) return new Map();
      const rows = raw.prepare(`SELECT id, sha256 FROM images WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { id: number; sha256: string }[];
      return new Map(rows.map((r) => [Number(r.id), r.sha256]));
    },
    async editsFrom(from, sha256s) {
      if (sha256s.length === 0) return new Map();
      const rows = raw
        .prepare(`SELECT sha256, change FROM image_slots WHERE sha256 IN (${sha256s.map(() => '?').join(',')}) AND change IS NOT NULL ORDER BY set_id, position`)
        .all(...sha256s) as { sha256: string; change: string }[];
      return editsAmong(from, rows);
    },
  };
}

export function toAppearance(r: { sha256: string; article_id: number; url: string; title: string; source: string; published: string; seen_at: string; slot: string; caption: string | null }): ImageAppearance {
  return { sha256: r.sha256, articleId: Number(r.article_id), url: r.url, title: r.title, source: r.source, published: r.published, seenAt: r.seen_at, slot: r.slot, caption: r.caption };
}
