// Story clustering and language links, once for every backend: the steps run over a StoryRepository
// (src/stories/steps.ts explains the generators).

import type { Anchors } from './anchors.js';
import { bodyAnchors } from './anchors.js';
import { DEFAULT_STORY_CONFIG, type StoryConfig } from './config.js';
import { decide, type StoryCopy } from './decide.js';
import { shinglesOf, storyFeatures, type StoryFeatures } from './features.js';
import { preparedConfidence, prepareSide, sourceFamily, type PreparedSide } from './language-links.js';
import { bandKeys } from './lsh.js';
import { estimateJaccard } from './minhash.js';
import type { StoredText, StoryRepository } from './repository.js';
import { ask, type Steps } from './steps.js';
import type { StoryMatch } from './stories.js';

const SHINGLE_CACHE = 4096;
const WINDOW_CACHE_DAYS = 64;

interface WindowEntry extends PreparedSide {
  id: number;
}

/** A window's cache key: the family's number and the day, as one small integer. */
function windowKey(familyNumber: number, day: number): number {
  return familyNumber * 1_000_000 + day + 500_000;
}

/** Adds an article to its day's window, in the list of its language. */
function addToWindow(byLang: Map<string, WindowEntry[]>, entry: WindowEntry): void {
  const list = byLang.get(entry.lang);
  if (list) list.push(entry);
  else byLang.set(entry.lang, [entry]);
}

export function dayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** An article as clustering sees it (a new one from the ingest hook, or a stored one on rebuild). */
export interface ClusteredArticle {
  id: number;
  sourceId: number;
  lang: string;
  published: string;
  /** When it was first seen: a new story's creation time. */
  seenAt: string;
  features: StoryFeatures;
}

/** Features of a stored article, computed again from its text. */
export function storedFeatures(title: string, body: string, config: StoryConfig): StoryFeatures {
  return storyFeatures({ title, paragraphs: body.split('\n') }, config);
}

/**
 * Decides each new article's story (the closest earlier copy through the LSH buckets) and links it to its
 * best counterpart in each other language of its source family. Holds caches only: what is stored lives in
 * the repository handed to each call.
 */
export class StoryClustering {
  private readonly copyCache = new Map<number, StoryCopy>();
  /** Articles of one family and day, by language (a link only ever joins two languages). */
  private readonly windows = new Map<number, Map<string, WindowEntry[]>>();
  private readonly familyNumbers = new Map<string, number>();
  private windowStamp = -1;
  private readonly families = new Map<number, string>();

  constructor(readonly config: StoryConfig = DEFAULT_STORY_CONFIG) {}

  /** Forgets every cache (the stored stories were cleared). */
  reset(): void {
    this.copyCache.clear();
    this.windows.clear();
    this.windowStamp = -1;
  }

  /** Clusters and links one article. */
  *ingest(repo: StoryRepository, a: ClusteredArticle): Steps<void> {
    yield* this.cluster(repo, a.id, a.features, a.published, a.seenAt);
    yield* this.link(repo, a.id, a.sourceId, a.lang, a.published, a.features.anchors);
  }

  /** Finds the closest earlier copy through the LSH buckets and joins its story; records the signature and buckets. */
  *cluster(repo: StoryRepository, id: number, f: StoryFeatures, published: string, seenAt: string): Steps<StoryMatch | null> {
    const c = this.config;
    yield* ask(repo.putSignature(id, f.shingles.length, f.signature));
    if (f.shingles.length < c.minShingles) return null;
    const keys = bandKeys(f.signature, c.bands, c.rows);
    const me: StoryCopy = { shingles: f.shingles, anchors: f.bodyAnchors, published };
    const candidates = rankCandidates(yield* ask(repo.bucketMembers(keys)), c.maxCandidates);
    let best: StoryMatch | null = null;
    if (candidates.length > 0) {
      const signatures = yield* ask(repo.signatures(candidates));
      // The signature's estimate spares reading back texts that cannot reach the thresholds.
      const close = candidates.filter((cand) => {
        const other = signatures.get(cand);
        return other !== undefined && other.shingles >= c.minShingles && estimateJaccard(f.signature, other.signature) >= c.estimateFloor;
      });
      const copies = new Map<number, StoryCopy>();
      for (const cand of close) {
        const hit = this.cached(cand);
        if (hit) copies.set(cand, hit);
      }
      const missing = close.filter((cand) => !copies.has(cand));
      if (missing.length > 0) {
        const texts = yield* ask(repo.texts(missing));
        for (const cand of missing) copies.set(cand, this.copyFrom(cand, texts.get(cand)));
      }
      for (const cand of close) {
        const d = decide(me, copies.get(cand)!, c);
        if (d.same && (!best || d.score > best.similarity)) best = { articleId: cand, similarity: Math.round(d.score * 1000) / 1000 };
      }
    }
    yield* ask(repo.addBands(keys, id));
    this.remember(id, me);
    if (best) yield* this.join(repo, id, best.articleId, 'near', best.similarity, seenAt);
    return best;
  }

  private *join(repo: StoryRepository, id: number, matched: number, how: 'exact' | 'near', sim: number, at: string): Steps<void> {
    let story = yield* ask(repo.storyOfArticle(matched));
    if (story === null) {
      story = yield* ask(repo.createStory(at));
      yield* ask(repo.addMember(matched, story, 'founder', null, null));
    }
    yield* ask(repo.addMember(id, story, how, matched, sim));
    yield* ask(repo.updateSize(story));
  }

  /** A stored article's shingles, body anchors and date from the cache (now the most recently used), or undefined. */
  private cached(id: number): StoryCopy | undefined {
    const hit = this.copyCache.get(id);
    if (hit) {
      this.copyCache.delete(id);
      this.copyCache.set(id, hit);
    }
    return hit;
  }

  /** A stored article's shingles, body anchors and date, computed again from its text (and cached). */
  private copyFrom(id: number, row: StoredText | undefined): StoryCopy {
    const paragraphs = row ? row.body.split('\n') : [];
    const copy = { shingles: shinglesOf(paragraphs, this.config), anchors: bodyAnchors(paragraphs), published: row?.published ?? '1970-01-01' };
    this.remember(id, copy);
    return copy;
  }

  private remember(id: number, copy: StoryCopy): void {
    this.copyCache.set(id, copy);
    if (this.copyCache.size > SHINGLE_CACHE) this.copyCache.delete(this.copyCache.keys().next().value!);
  }

  private *family(repo: StoryRepository, sourceId: number): Steps<string> {
    let f = this.families.get(sourceId);
    if (f === undefined) {
      f = sourceFamily((yield* ask(repo.sourceSlug(sourceId))) ?? String(sourceId));
      this.families.set(sourceId, f);
    }
    return f;
  }

  /** Candidates published on `day` (a day number) in `family`, by language. */
  private *windowDay(repo: StoryRepository, family: string, day: number): Steps<Map<string, WindowEntry[]>> {
    let familyNumber = this.familyNumbers.get(family);
    if (familyNumber === undefined) {
      familyNumber = this.familyNumbers.size;
      this.familyNumbers.set(family, familyNumber);
    }
    const key = windowKey(familyNumber, day);
    let byLang = this.windows.get(key);
    if (!byLang) {
      byLang = new Map();
      for (const r of yield* ask(repo.anchorsOn(family, dayString(day)))) {
        addToWindow(byLang, { id: r.articleId, ...prepareSide({ lang: r.lang, published: r.day, family, anchors: r.anchors }) });
      }
      this.windows.set(key, byLang);
      if (this.windows.size > WINDOW_CACHE_DAYS * 4) this.windows.delete(this.windows.keys().next().value!);
    }
    return byLang;
  }

  /** Links an article to its best counterpart in each other language of its source family. */
  *link(repo: StoryRepository, id: number, sourceId: number, lang: string, published: string, anchors: Anchors): Steps<void> {
    const family = yield* this.family(repo, sourceId);
    const me = prepareSide({ lang, published, family, anchors });
    const best = new Map<string, { id: number; confidence: number }>();
    const w = this.config.linkWindowDays;
    // Forgets cached windows when another writer has stored anchors.
    const stamp = yield* ask(repo.windowStamp());
    if (stamp !== this.windowStamp) {
      this.windows.clear();
      this.windowStamp = stamp;
    }
    for (let d = -w; d <= w; d++) {
      for (const [other, entries] of yield* this.windowDay(repo, family, me.day + d)) {
        if (other === lang) continue;
        for (const cand of entries) {
          if (cand.id === id) continue;
          const confidence = preparedConfidence(me, cand, w, this.config.linkConfidence);
          if (confidence < this.config.linkConfidence) continue;
          const cur = best.get(cand.lang);
          if (!cur || confidence > cur.confidence) best.set(cand.lang, { id: cand.id, confidence });
        }
      }
    }
    for (const { id: other, confidence } of best.values()) {
      // One version per language: a counterpart already linked more firmly to another article keeps its link.
      const existing = (yield* ask(repo.linksOf(other))).filter((l) => l.lang === lang);
      if (existing.some((l) => l.confidence >= confidence)) continue;
      for (const l of existing) yield* ask(repo.deleteLink(Math.min(other, l.other), Math.max(other, l.other)));
      yield* ask(repo.putLink(Math.min(id, other), Math.max(id, other), Math.round(confidence * 1000) / 1000));
    }
    yield* ask(repo.putAnchors({ articleId: id, family, lang, day: published, anchors }));
    addToWindow(yield* this.windowDay(repo, family, me.day), { id, ...me });
  }
}

/** Articles sharing a bucket, most shared buckets first (then lowest id), at most `max`. */
export function rankCandidates(members: readonly number[], max: number): number[] {
  if (members.length === 0) return [];
  const hits = new Map<number, number>();
  for (const m of members) hits.set(m, (hits.get(m) ?? 0) + 1);
  return [...hits]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, max)
    .map(([id]) => id);
}
