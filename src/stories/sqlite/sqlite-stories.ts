import type Database from 'better-sqlite3';
import type { IngestHook } from '../../store/sqlite-store.js';
import type { Anchors } from '../anchors.js';
import { StoryClustering, storedFeatures } from '../clustering.js';
import { DEFAULT_STORY_CONFIG, type StoryConfig } from '../config.js';
import { storyFeatures, type StoryFeatures } from '../features.js';
import { linkingSide, scoredLinks, toMember, type LinkRow, type MemberRow } from '../reads.js';
import { runSync } from '../steps.js';
import type { LanguageLink, RebuildSummary, Stories, StoryDetail, StoryListItem, StoryMatch, StoryRef } from '../stories.js';
import { storyIdsFor } from './collapse.js';
import { PENDING_BAND_ROWS, SqliteStoryRepository, storedAnchors } from './sqlite-story-repository.js';
import { recentStories } from './story-list.js';

export { PENDING_BAND_ROWS } from './sqlite-story-repository.js';

/**
 * Stories on SQLite: clustering and language links run synchronously inside the ingest transaction
 * (`hook`), over the SQLite repository; the reads answer the pages and the API.
 */
export class SqliteStories implements Stories {
  private readonly s;
  readonly repository: SqliteStoryRepository;
  private readonly clustering: StoryClustering;

  constructor(
    private readonly raw: Database.Database,
    readonly config: StoryConfig = DEFAULT_STORY_CONFIG,
    pendingBandRows = PENDING_BAND_ROWS,
  ) {
    this.repository = new SqliteStoryRepository(raw, config, pendingBandRows);
    this.clustering = new StoryClustering(config);
    this.s = {
      story: raw.prepare<[number], StoryRef>('SELECT s.id, s.size FROM story_members m JOIN stories s ON s.id = m.story_id WHERE m.article_id = ?'),
      storyById: raw.prepare<[number], { id: number; size: number; created_at: string }>('SELECT id, size, created_at FROM stories WHERE id = ?'),
      members: raw.prepare<[number], MemberRow>(
        `SELECT a.id, a.title, a.published, a.url, a.lang, a.duplicate_of, src.slug AS source_slug, src.name AS source_name,
                m.how, m.matched_id, m.similarity
         FROM story_members m JOIN articles a ON a.id = m.article_id JOIN sources src ON src.id = a.source_id
         WHERE m.story_id = ? ORDER BY a.published, a.id`,
      ),
      linked: raw.prepare<[number, number], LinkRow>(
        `SELECT a.id, a.title, a.published, a.url, a.lang, src.slug AS source_slug, src.name AS source_name, l.confidence
         FROM (SELECT b_id AS other, confidence FROM language_links WHERE a_id = ? UNION ALL SELECT a_id, confidence FROM language_links WHERE b_id = ?) l
         JOIN articles a ON a.id = l.other JOIN sources src ON src.id = a.source_id ORDER BY l.confidence DESC`,
      ),
      anchorsOf: raw.prepare<[number], Parameters<typeof storedAnchors>[0]>(
        'SELECT article_id, family, lang, day, length, anchors, weights, kinds FROM story_anchors WHERE article_id = ?',
      ),
    };
  }

  /** Clusters and links every new article; runs inside the ingest transaction. */
  readonly hook: IngestHook = (_raw, id, item, outcome) => {
    // A copy folded into an article already stored (another URL of the same text) is not a new text.
    if (outcome.kind !== 'imported') return;
    const features = item.article.story ?? storyFeatures(item.article, this.config);
    runSync(
      this.clustering.ingest(this.repository, {
        id,
        sourceId: item.sourceId,
        lang: item.article.lang,
        published: item.article.published,
        seenAt: item.seenAt,
        features,
      }),
    );
  };

  /** Finds the closest earlier copy through the LSH buckets and joins its story; records the signature and buckets. */
  cluster(id: number, f: StoryFeatures, published: string, seenAt: string): StoryMatch | null {
    return runSync(this.clustering.cluster(this.repository, id, f, published, seenAt));
  }

  /** Links an article to its best counterpart in each other language of its source family. */
  link(id: number, sourceId: number, lang: string, published: string, anchors: Anchors): void {
    runSync(this.clustering.link(this.repository, id, sourceId, lang, published, anchors));
  }

  async storyOf(articleId: number): Promise<StoryRef | null> {
    return this.s.story.get(articleId) ?? null;
  }

  async story(storyId: number): Promise<StoryDetail | null> {
    const row = this.s.storyById.get(storyId);
    if (!row) return null;
    return { id: row.id, size: row.size, createdAt: row.created_at, members: this.s.members.all(storyId).map(toMember) };
  }

  async languageLinks(articleId: number): Promise<LanguageLink[]> {
    const me = this.storedSide(articleId);
    const rows = this.s.linked.all(articleId, articleId);
    const sides = new Map(me ? rows.map((r) => [r.id, this.storedSide(r.id)] as const) : []);
    return scoredLinks(rows, me, sides, this.config);
  }

  /** The linking side of a stored article, from its stored anchors. */
  private storedSide(articleId: number) {
    const r = this.s.anchorsOf.get(articleId);
    return linkingSide(r ? storedAnchors(r) : null);
  }

  async storyIdsFor(articleIds: readonly number[]): Promise<Map<number, number>> {
    return storyIdsFor(this.raw, articleIds);
  }

  async recentStories(page: number, perPage: number): Promise<{ total: number; items: StoryListItem[] }> {
    return recentStories(this.raw, page, perPage);
  }

  /** Clusters and links every stored article again, from scratch, in id order. */
  async rebuild(onProgress?: (done: number, total: number) => void): Promise<RebuildSummary> {
    return this.rebuildNow(onProgress);
  }

  /** `rebuild`, synchronously (one transaction per thousand articles). */
  rebuildNow(onProgress?: (done: number, total: number) => void): RebuildSummary {
    const started = performance.now();
    this.repository.clear();
    this.clustering.reset();
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
          const features = storedFeatures(r.title, r.body, this.config);
          runSync(this.clustering.ingest(this.repository, { id: r.id, sourceId: r.source_id, lang: r.lang, published: r.published, seenAt: r.first_seen, features }));
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
