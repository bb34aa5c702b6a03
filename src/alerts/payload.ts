import { sql, type Kysely } from 'kysely';
import { compareArticles, type DiffPiece, type Granularity } from '../versions/diff.js';
import type { AlertKind } from './saved-searches.js';

export interface AlertPayload {
  type: `article.${AlertKind}`;
  /** When the change was stored. */
  timestamp: string;
  savedSearch: { id: number; name: string; query: string };
  event: { kind: AlertKind; id: number | null; at: string };
  article: {
    id: number;
    url: string;
    title: string;
    published: string;
    source: string;
    sourceName: string;
    lang: string;
    status: string;
    /** The article's page in this archive, when the archive's address is known (WIREWATCH_BASE_URL). */
    link: string | null;
  };
  /** Edits: what changed, in words (the pieces of the title and the body, in order). */
  diff?: { granularity: Granularity; added: number; removed: number; pieces: { title: DiffPiece[]; body: DiffPiece[] } };
  /** Image events: the event's detail as `GET /api/events` gives it (slot, addresses, old and new SHA-256, an edit's region and score). */
  image?: ImageAlertDetail;
}

export interface ImageAlertDetail {
  slot: string;
  src: string;
  oldSlot?: string;
  oldSrc?: string;
  oldSha256?: string;
  newSha256?: string;
  /** Edits: the changed region, relative 0–1 to the new picture. */
  region?: { x: number; y: number; w: number; h: number };
  /** Edits: the share of the picture changed. */
  score?: number;
}

const isImageKind = (k: AlertKind) => k.startsWith('image-');

export interface OutboxRow {
  outboxId: number;
  savedSearchId: number;
  name: string;
  query: string;
  kind: AlertKind;
  articleId: number;
  eventId: number;
  createdAt: string;
}

/** The JSON an alert carries (webhook body; the email and the feed say the same), read from either backend. */
export async function alertPayload(db: Kysely<any>, row: OutboxRow, baseUrl = process.env.WIREWATCH_BASE_URL ?? null): Promise<AlertPayload> {
  const a = (
    await sql<{ id: number; url: string; title: string; body: string; published: string; lang: string; status: string; content_hash: string; slug: string; name: string }>`
      SELECT a.id, a.url, a.title, a.body, a.published, a.lang, a.status, a.content_hash, s.slug, s.name
      FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ${row.articleId}`.execute(db)
  ).rows[0];
  const ev = row.eventId ? (await sql<{ at: string; detail: string | null }>`SELECT at, detail FROM events WHERE id = ${row.eventId}`.execute(db)).rows[0] : undefined;
  const payload: AlertPayload = {
    type: `article.${row.kind}`,
    timestamp: row.createdAt,
    savedSearch: { id: row.savedSearchId, name: row.name, query: row.query },
    event: { kind: row.kind, id: row.eventId || null, at: ev?.at ?? row.createdAt },
    article: {
      id: a.id,
      url: a.url,
      title: a.title,
      published: a.published,
      source: a.slug,
      sourceName: a.name,
      lang: a.lang,
      status: a.status,
      link: baseUrl ? `${baseUrl.replace(/\/+$/, '')}/articles/${a.id}` : null,
    },
  };
  if (row.kind === 'edited' && ev?.detail) {
    const d = JSON.parse(ev.detail) as { from?: string; to?: string };
    const text = async (hash: string | undefined) =>
      hash === a.content_hash
        ? { title: a.title, body: a.body }
        : (await sql<{ title: string; body: string }>`SELECT title, body FROM versions WHERE article_id = ${a.id} AND content_hash = ${hash ?? null} ORDER BY id DESC LIMIT 1`.execute(db))
            .rows[0];
    const before = await text(d.from);
    const after = await text(d.to);
    if (before && after) {
      const c = compareArticles({ title: before.title, body: before.body.split('\n') }, { title: after.title, body: after.body.split('\n') }, a.lang);
      payload.diff = { granularity: c.granularity, added: c.added, removed: c.removed, pieces: { title: c.title, body: c.body } };
    }
  }
  if (isImageKind(row.kind) && ev?.detail) payload.image = JSON.parse(ev.detail) as ImageAlertDetail;
  return payload;
}

const VERB: Record<AlertKind, string> = {
  new: 'New article',
  edited: 'Edited',
  removed: 'Removed',
  restored: 'Restored',
  'image-edited': 'Image edited',
  'image-replaced': 'Image replaced',
  'image-removed': 'Image removed',
};

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** An image event in words, for the email. */
function imageLines(image: ImageAlertDetail): string[] {
  const lines = [`Image (${image.slot}): ${image.src}`];
  if (image.oldSha256) lines.push(`Before: ${image.oldSha256}${image.oldSrc && image.oldSrc !== image.src ? ` (${image.oldSrc})` : ''}`);
  if (image.newSha256) lines.push(`After: ${image.newSha256}`);
  const r = image.region;
  if (r) lines.push(`Changed region: from ${percent(r.x)} across and ${percent(r.y)} down, ${percent(r.w)} wide and ${percent(r.h)} high`);
  return lines;
}

/** The plain-text paragraph an email gives one alert. */
export function alertText(p: AlertPayload): string {
  const lines = [`${VERB[p.event.kind]}: ${p.article.title}`, `${p.article.sourceName}, ${p.article.published}`, p.article.url];
  if (p.article.link) lines.push(`In the archive: ${p.article.link}`);
  if (p.image) lines.push(...imageLines(p.image));
  if (p.diff) {
    const words = (op: 'added' | 'removed') =>
      [...p.diff!.pieces.title, ...p.diff!.pieces.body]
        .filter((x) => x.op === op)
        .map((x) => x.text.trim())
        .filter(Boolean)
        .join(' … ');
    const removed = words('removed');
    const added = words('added');
    if (removed) lines.push(`Removed: ${removed.slice(0, 2000)}`);
    if (added) lines.push(`Added: ${added.slice(0, 2000)}`);
  }
  return lines.join('\n');
}

export const alertSubject = (p: AlertPayload) => `[wirewatch] ${p.savedSearch.name}: ${VERB[p.event.kind].toLowerCase()}: ${p.article.title}`.slice(0, 250);
