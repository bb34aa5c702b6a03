import type { Kysely } from 'kysely';
import type { Database as Schema } from '../store/schema.js';
import type { ExportRecord, ExportVersion, VersionDetail } from './export-record.js';

/**
 * Full records of the given articles through Kysely, on any backend (SQLite keeps its faster reader in
 * sqlite-article-chunks.ts, which a whole-archive dump uses). Side tables are read once per call.
 */
export async function articleRecordsById(db: Kysely<Schema>, ids: readonly number[], detail: VersionDetail = 'count'): Promise<ExportRecord[]> {
  if (ids.length === 0) return [];
  // Side tables outside the store's schema type (stories, entities) are read untyped.
  const any = db as unknown as Kysely<any>;
  const list = [...ids];
  const [rows, urls, stories, mentions, versions] = await Promise.all([
    db.selectFrom('articles as a').innerJoin('sources as s', 's.id', 'a.source_id').selectAll('a').select(['s.slug as slug', 's.name as source_name']).where('a.id', 'in', list).execute(),
    db.selectFrom('article_urls').select(['article_id', 'url', 'is_copy']).where('article_id', 'in', list).where('is_canonical', '=', 0).orderBy('article_id').orderBy('url').execute(),
    any.selectFrom('story_members').select(['article_id', 'story_id']).where('article_id', 'in', list).execute() as Promise<{ article_id: number; story_id: number }[]>,
    any.selectFrom('entity_mentions').select(['article_id', 'entity_id']).where('article_id', 'in', list).execute() as Promise<{ article_id: number; entity_id: string }[]>,
    db.selectFrom('versions').select(['article_id', 'title', 'body', 'content_hash', 'seen_at', 'id']).where('article_id', 'in', list).orderBy('article_id').orderBy('seen_at').orderBy('id').execute(),
  ]);
  const aliases = groupBy(urls);
  const storyOf = new Map(stories.map((s) => [s.article_id, s.story_id]));
  const entities = new Map<number, Set<string>>();
  for (const m of mentions) (entities.get(m.article_id) ?? entities.set(m.article_id, new Set()).get(m.article_id)!).add(m.entity_id);
  const older = groupBy(versions);
  const byId = new Map<number, ExportRecord>();
  for (const r of rows) {
    const others = (aliases.get(r.id) ?? []).filter((u) => u.url !== r.url);
    const olderOf = older.get(r.id) ?? [];
    byId.set(r.id, {
      id: r.id,
      url: r.url,
      source: r.slug,
      sourceName: r.source_name,
      lang: r.lang,
      title: r.title,
      titleDerived: r.title_derived === 1,
      published: r.published,
      publishedAt: r.published_at,
      datePrecision: r.date_precision,
      dateFrom: r.date_from,
      body: r.body.split('\n'),
      status: r.status,
      removedAt: (r as { removed_at?: string | null }).removed_at ?? null,
      damaged: r.damaged === 1,
      repaired: (r as { repaired?: number }).repaired === 1,
      duplicateOf: r.duplicate_of,
      aliases: others.map((u) => u.url),
      copies: others.filter((u) => (u as { is_copy?: number }).is_copy === 1).map((u) => u.url),
      storyId: storyOf.get(r.id) ?? null,
      versions: detail === 'count' ? 1 + olderOf.length : versionList(r, olderOf),
      entities: [...(entities.get(r.id) ?? [])].sort(),
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      listingDate: r.listing_date,
    });
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Older versions and the current text, oldest first, numbered as the versions page numbers them. */
export function versionList(
  r: { title: string; body: string; content_hash: string; first_seen: string; text_seen_at?: string | null },
  older: { title: string; body: string; content_hash: string; seen_at: string }[],
): ExportVersion[] {
  const seen = r.text_seen_at ?? r.first_seen;
  const list = older.map((v) => ({ seenAt: v.seen_at, title: v.title, body: v.body.split('\n'), contentHash: v.content_hash, current: false }));
  list.push({ seenAt: seen, title: r.title, body: r.body.split('\n'), contentHash: r.content_hash, current: true });
  list.sort((a, b) => (a.seenAt < b.seenAt ? -1 : a.seenAt > b.seenAt ? 1 : Number(a.current) - Number(b.current)));
  return list.map((v, i) => ({ n: i + 1, ...v }));
}

export function groupBy<T extends { article_id: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.article_id);
    if (list) list.push(r);
    else m.set(r.article_id, [r]);
  }
  return m;
}
