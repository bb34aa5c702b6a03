import type Database from 'better-sqlite3';
import { groupBy, versionList } from './article-chunks.js';
import type { ExportRecord, VersionDetail } from './export-record.js';

/**
 * Articles per chunk: a few batched queries each, and memory bounded by one chunk's texts. Larger chunks
 * leave the garbage collector more to catch up with (1,000 peaked about 120 MB higher, and ran slower).
 */
export const EXPORT_CHUNK = 250;

interface ArticleRow {
  id: number;
  url: string;
  slug: string;
  name: string;
  lang: string;
  title: string;
  title_derived: number;
  published: string;
  published_at: string | null;
  date_precision: string;
  date_from: string;
  body: string;
  status: string;
  removed_at: string | null;
  damaged: number;
  repaired: number;
  duplicate_of: number | null;
  first_seen: string;
  last_seen: string;
  listing_date: string | null;
  text_seen_at: string | null;
  content_hash: string;
}

const ARTICLE_COLUMNS = `a.id, a.url, a.source_id, a.lang, a.title, a.title_derived, a.published, a.published_at, a.date_precision,
  a.date_from, a.body, a.status, a.removed_at, a.damaged, a.repaired, a.duplicate_of, a.first_seen, a.last_seen, a.listing_date`;
/** What only the version list needs (the current text's hash and time): left unread when versions are counted. */
const VERSION_COLUMNS: Record<VersionDetail, string> = { full: 'a.text_seen_at, a.content_hash', count: 'NULL, NULL' };
/** The chunk's ids as a table for the side queries (one statement per table, whatever the chunk). */
const CHUNK_IDS = 'SELECT value FROM json_each(?)';
/**
 * Which side-table rows a chunk needs: a whole-archive chunk is every article from its first id to its
 * last, so an index range (a third of the time of a list); a query's matches are scattered, so the list.
 */
interface ChunkRows {
  where: string;
  args(ids: number[]): unknown[];
}
const RANGED: ChunkRows = { where: 'article_id BETWEEN ? AND ?', args: (ids: number[]) => [ids[0], ids[ids.length - 1]] };
const LISTED: ChunkRows = { where: `article_id IN (${CHUNK_IDS})`, args: (ids: number[]) => [JSON.stringify(ids)] };

export interface ChunkOptions {
  /** Only these articles (a query's matches), else every article. */
  ids?: Int32Array | readonly number[];
  versions?: VersionDetail;
  chunkSize?: number;
  /**
   * False: the body as stored, one element holding the paragraphs joined by newlines, for a format that
   * joins them anyway (CSV): splitting and joining 200 MB of text was a fifth of a dump's time.
   */
  paragraphs?: boolean;
}

/**
 * Every article in id order, `chunkSize` at a time: keyset pagination over the primary key, so memory
 * stays that of one chunk whatever the archive's size; each side table is read once per chunk.
 */
export function* sqliteArticleChunks(raw: Database.Database, opts: ChunkOptions = {}): Generator<ExportRecord[]> {
  const size = opts.chunkSize ?? EXPORT_CHUNK;
  const q = statements(raw, opts.ids ? LISTED : RANGED, opts.versions ?? 'count');
  const sources = new Map((raw.prepare('SELECT id, slug, name FROM sources').all() as { id: number; slug: string; name: string }[]).map((r) => [r.id, r]));
  const read = (values: unknown[][]) => records(q, values.map((v) => articleRow(v, sources)), opts.versions ?? 'count', opts.paragraphs ?? true);
  if (opts.ids) {
    const ids = Int32Array.from(opts.ids).sort();
    for (let i = 0; i < ids.length; i += size) {
      const rows = q.byIds.all(JSON.stringify(Array.from(ids.subarray(i, i + size))));
      if (rows.length) yield read(rows);
    }
    return;
  }
  let after = 0;
  for (;;) {
    const rows = q.after.all(after, size);
    if (rows.length === 0) return;
    after = rows[rows.length - 1][0] as number;
    yield read(rows);
  }
}

/** How many articles a whole-archive export writes (for the progress bar). */
export function articleCount(raw: Database.Database): number {
  return (raw.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
}

function statements(raw: Database.Database, chunk: ChunkRows, detail: VersionDetail) {
  const where = chunk.where;
  const columns = `${ARTICLE_COLUMNS}, ${VERSION_COLUMNS[detail]}`;
  // Rows as arrays, sources from a map: the driver builds arrays at half the cost of named rows.
  return {
    args: chunk.args,
    after: raw.prepare<[number, number], unknown[]>(`SELECT ${columns} FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?`).raw(),
    byIds: raw.prepare<[string], unknown[]>(`SELECT ${columns} FROM articles a WHERE a.id IN (${CHUNK_IDS}) ORDER BY a.id`).raw(),
    urls: raw.prepare<unknown[], { article_id: number; url: string; is_copy: number }>(
      `SELECT article_id, url, is_copy FROM article_urls WHERE ${where} AND is_canonical = 0 ORDER BY article_id, url`,
    ),
    stories: raw.prepare<unknown[], { article_id: number; story_id: number }>(`SELECT article_id, story_id FROM story_members WHERE ${where}`),
    versionCounts: raw.prepare<unknown[], { article_id: number; n: number }>(
      `SELECT article_id, count(*) AS n FROM versions WHERE ${where} GROUP BY article_id`,
    ),
    versions: raw.prepare<unknown[], { article_id: number; title: string; body: string; content_hash: string; seen_at: string }>(
      `SELECT article_id, title, body, content_hash, seen_at FROM versions WHERE ${where} ORDER BY article_id, seen_at, id`,
    ),
    // The chunk's mentions as one text of `article<RS>entity` pairs split by US: one string for the driver to
    // hand over instead of a row per article (two thirds of the time of grouped rows).
    entities: raw
      .prepare<unknown[], string | null>(`SELECT group_concat(article_id || char(30) || entity_id, char(31)) FROM entity_mentions WHERE ${where}`)
      .pluck(),
  };
}

type Statements = ReturnType<typeof statements>;

/** Each article's entity ids, sorted, from the pairs the entities statement gives. */
function entitiesByArticle(pairs: string | null): Map<number, string[]> {
  const byArticle = new Map<number, string[]>();
  if (!pairs) return byArticle;
  for (const pair of pairs.split('\x1f')) {
    const cut = pair.indexOf('\x1e');
    const id = Number(pair.slice(0, cut));
    const entity = pair.slice(cut + 1);
    const list = byArticle.get(id);
    if (list) list.push(entity);
    else byArticle.set(id, [entity]);
  }
  for (const list of byArticle.values()) list.sort();
  return byArticle;
}

/** A row of ARTICLE_COLUMNS and VERSION_COLUMNS, in their order. */
function articleRow(v: unknown[], sources: Map<number, { slug: string; name: string }>): ArticleRow {
  const source = sources.get(v[2] as number);
  return {
    id: v[0] as number,
    url: v[1] as string,
    slug: source?.slug ?? '',
    name: source?.name ?? '',
    lang: v[3] as string,
    title: v[4] as string,
    title_derived: v[5] as number,
    published: v[6] as string,
    published_at: v[7] as string | null,
    date_precision: v[8] as string,
    date_from: v[9] as string,
    body: v[10] as string,
    status: v[11] as string,
    removed_at: v[12] as string | null,
    damaged: v[13] as number,
    repaired: v[14] as number,
    duplicate_of: v[15] as number | null,
    first_seen: v[16] as string,
    last_seen: v[17] as string,
    listing_date: v[18] as string | null,
    text_seen_at: v[19] as string | null,
    content_hash: v[20] as string,
  };
}

function records(q: Statements, rows: ArticleRow[], detail: VersionDetail, paragraphs: boolean): ExportRecord[] {
  const ids = q.args(rows.map((r) => r.id));
  const aliases = groupBy(q.urls.all(...ids));
  const stories = new Map(q.stories.all(...ids).map((s) => [s.article_id, s.story_id]));
  const entities = entitiesByArticle(q.entities.get(...ids) ?? null);
  const counts = detail === 'count' ? new Map(q.versionCounts.all(...ids).map((v) => [v.article_id, v.n])) : null;
  const older = detail === 'full' ? groupBy(q.versions.all(...ids)) : null;
  return rows.map((r) => {
    const urls = (aliases.get(r.id) ?? []).filter((u) => u.url !== r.url);
    return {
      id: r.id,
      url: r.url,
      source: r.slug,
      sourceName: r.name,
      lang: r.lang,
      title: r.title,
      titleDerived: r.title_derived === 1,
      published: r.published,
      publishedAt: r.published_at,
      datePrecision: r.date_precision,
      dateFrom: r.date_from,
      body: paragraphs ? r.body.split('\n') : [r.body],
      status: r.status,
      removedAt: r.removed_at,
      damaged: r.damaged === 1,
      repaired: r.repaired === 1,
      duplicateOf: r.duplicate_of,
      aliases: urls.map((u) => u.url),
      copies: urls.filter((u) => u.is_copy === 1).map((u) => u.url),
      storyId: stories.get(r.id) ?? null,
      versions: counts ? 1 + (counts.get(r.id) ?? 0) : versionList(r, older!.get(r.id) ?? []),
      entities: entities.get(r.id) ?? [],
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      listingDate: r.listing_date,
    };
  });
}
