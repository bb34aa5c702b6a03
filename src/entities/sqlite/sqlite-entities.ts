import type Database from 'better-sqlite3';
import type { EntityKind } from '../gazetteer.js';
import type { AcceptOptions, EntityIndex } from '../entity-index.js';
import { EntityAggregates } from './entity-aggregates.js';
import { SqliteEntityIndex } from './entity-index.js';

/**
 * The entity index of a SQLite archive: the synchronous index answers at once (one statement each), and
 * the per-entity figures come from `EntityAggregates`, off the request thread.
 */
export class SqliteEntities implements EntityIndex {
  readonly sync: SqliteEntityIndex;
  private figuresReader: EntityAggregates | null = null;

  constructor(private readonly raw: Database.Database) {
    this.sync = new SqliteEntityIndex(raw);
  }

  private get figures(): EntityAggregates {
    return (this.figuresReader ??= new EntityAggregates(this.sync, this.raw));
  }

  async entity(id: string) {
    return this.sync.entity(id);
  }
  async allEntities() {
    return this.sync.allEntities();
  }
  async addedName(id: string) {
    return this.sync.addedName(id);
  }
  async counts(ids: string[]) {
    return this.sync.counts(ids);
  }
  async articleIds(id: string) {
    return this.sync.articleIds(id);
  }
  async mentionsOf(articleId: number) {
    return this.sync.mentionsOf(articleId);
  }
  async appearances(person: string, year?: number) {
    return this.sync.appearances(person, year);
  }
  async trackedWithAppearances() {
    return this.sync.trackedWithAppearances();
  }

  summary(id: string) {
    return this.figures.summary(id);
  }
  monthly(id: string) {
    return this.figures.monthly(id);
  }
  coMentioned(id: string, limit = 10, kind: EntityKind = 'person') {
    return this.figures.coMentioned(id, limit, kind);
  }
  events(person: string, year?: number) {
    return this.figures.events(person, year);
  }
  articleDays(person?: string) {
    return this.figures.articleDays(person);
  }

  async candidates(limit?: number, minArticles?: number) {
    return this.sync.candidates(limit, minArticles);
  }
  async rejected(limit?: number) {
    return this.sync.rejected(limit);
  }
  async accept(name: string, opts?: AcceptOptions) {
    return this.sync.accept(name, opts);
  }
  async remove(id: string) {
    return this.sync.remove(id);
  }
  async reject(name: string) {
    return this.sync.reject(name);
  }
  async restore(name: string) {
    return this.sync.restore(name);
  }
  async reindex(onProgress?: (done: number, total: number) => void) {
    return this.sync.reindex(onProgress);
  }

  async close(): Promise<void> {
    await this.figuresReader?.close();
    this.figuresReader = null;
  }
}
