import type { StoredAppearance, TrackedEvent } from '../tracker/events.js';
import type { Entity, EntityKind } from './gazetteer.js';

/** A name waiting for review, with how often it was seen. */
export interface CandidateRow {
  name: string;
  articles: number;
  firstArticle: number;
  lastArticle: number;
  context: string;
}

export interface RejectedRow {
  name: string;
  articles: number;
  context: string;
}

export interface EntitySummary {
  articles: number;
  mentions: number;
  firstSeen: string | null;
  lastSeen: string | null;
  firstArticle: number | null;
  lastArticle: number | null;
}

export interface ArticleMention {
  id: string;
  count: number;
  offsets: [number, number][];
}

/** Stored articles of a day; per source for a tracked person. */
export interface ArticleDay {
  day: string;
  articles: number;
  source?: number;
}

export interface AcceptOptions {
  id?: string;
  kind?: EntityKind;
  aliases?: string[];
  hangul?: string[];
  /** The web form: only a name waiting on the review list can be accepted. */
  candidateOnly?: boolean;
}

/**
 * The figures of an entity page. Each reads every mention of an entity (up to a few hundred ms for the
 * most named), so a backend may compute them away from the request (SQLite: on a worker thread).
 */
export interface EntityFigures {
  summary(id: string): Promise<EntitySummary>;
  /** Articles mentioning the entity per month (`YYYY-MM`). */
  monthly(id: string): Promise<{ month: string; articles: number }[]>;
  /** Entities of a kind named in the same articles, most often first (ties by id). */
  coMentioned(id: string, limit?: number, kind?: EntityKind): Promise<{ id: string; articles: number }[]>;
  /** A tracked person's appearances folded into events, for one year or all. */
  events(person: string, year?: number): Promise<TrackedEvent[]>;
  /**
   * Stored articles per day: of every source, or, given a tracked person, per source and day of the
   * outlets his appearances were read from (whose coverage decides what an absence is).
   */
  articleDays(person?: string): Promise<ArticleDay[]>;
}

/**
 * People, organizations and places found in the archive's articles, names awaiting review, and the
 * tracked leaders' appearances: what pages, the tracker, search's `entity:` field and the CLI ask. Every
 * backend writes them inside the ingest transaction (its own hook); extraction itself is shared.
 */
export interface EntityIndex extends EntityFigures {
  /** A shipped gazetteer entry or a name accepted into this archive. */
  entity(id: string): Promise<Entity | undefined>;
  allEntities(): Promise<Entity[]>;
  /** The name accepted into this archive's gazetteer under this id; undefined for shipped or unknown ids. */
  addedName(id: string): Promise<string | undefined>;
  /** Mentioning articles and mentions per entity, for a list. */
  counts(ids: string[]): Promise<Map<string, { articles: number; mentions: number }>>;
  /** Articles mentioning the entity, by id: the `entity:` search field. */
  articleIds(id: string): Promise<number[]>;
  mentionsOf(articleId: number): Promise<ArticleMention[]>;
  /** Reports of a leader's appearances (all years, or one with a fortnight either side). */
  appearances(person: string, year?: number): Promise<StoredAppearance[]>;
  trackedWithAppearances(): Promise<string[]>;

  candidates(limit?: number, minArticles?: number): Promise<CandidateRow[]>;
  rejected(limit?: number): Promise<RejectedRow[]>;
  /** Adds a reviewed name to this archive's gazetteer and finds it in the stored articles. */
  accept(name: string, opts?: AcceptOptions): Promise<{ id: string; articles: number }>;
  /** Undoes an accepted name: its mentions go, and it waits for review again. False for any other id. */
  remove(id: string): Promise<boolean>;
  reject(name: string): Promise<boolean>;
  /** Undoes a rejection. False for a name that was not rejected. */
  restore(name: string): Promise<boolean>;
  /** Reads every stored article again (after a gazetteer change, or an archive stored before extraction). */
  reindex(onProgress?: (done: number, total: number) => void): Promise<{ articles: number; seconds: number }>;
  /** Stops whatever the index runs beside the store (SQLite's figures thread). */
  close(): Promise<void>;
}
