import { GenerationMemo } from '../../store/generation-memo.js';
import type Database from 'better-sqlite3';
import { collapseToStories, storyIdsFor } from '../../stories/sqlite/collapse.js';
import {
  MAX_PER_PAGE,
  SearchRequestError,
  type FacetCount,
  type Facets,
  type Interval,
  type SearchBackend,
  type SearchHit,
  type SearchRequest,
  type SearchResponse,
  type SortOrder,
  type StreamOptions,
  type TimelineBucket,
  type TimelineRequest,
} from '../backend.js';
import { isChangeField, type FilterNode } from '../query/ast.js';
import { parseQuery } from '../query/parse.js';
import { planQuery, positiveSeqs, type PlanNode, type SeqNode } from '../query/plan.js';
import { langScript, queryScript, type Script } from '../query/script.js';
import { urlLookupForms } from '../../urls/equivalent.js';
import { snippet } from '../snippet.js';
import { ChangeSearch } from './change-search.js';
import { changeGroup, toFts } from './fts-query.js';
import { SqliteIndexer } from './indexer.js';
import { ArticleMeta, ymdOf } from './meta.js';
import { VariantPruner } from './prune.js';
import { heapTop } from './top.js';

/** Relevance (BM25) ranks result sets up to this size; larger ones are ordered newest first. */
export const RANK_LIMIT = 5000;
const ROW_CHUNK = 500;

interface TimelineAxis {
  generation: number;
  firstDay: number;
  /** Bucket index for each day from firstDay on. */
  bucketOfDay: Int32Array;
  labels: string[];
  /** Articles per bucket (stories per bucket on a collapsed axis). */
  totals: Uint32Array;
  /** Articles per bucket, whatever the counting: 0 means the archive holds nothing there. */
  articles: Uint32Array;
}

interface Evaluated {
  ids: Int32Array;
  /** The MATCH expression covering the query's text, when one expression does (for ranking). */
  fts: string | null;
  /** How many articles that expression alone matches, when known. */
  textCount?: number;
  /** The expression's rows are exactly `ids` (no filter, no row without an article): ranking can page in SQL. */
  exact?: boolean;
}

/** Search over the SQLite archive: FTS5 for text, typed arrays for metadata, facets and timelines. */
export class SqliteSearch implements SearchBackend {
  readonly meta: ArticleMeta;
  readonly indexer: SqliteIndexer;
  private readonly stmts;
  private readonly axes = new Map<string, TimelineAxis>();
  private readonly pruner: VariantPruner;
  private readonly changes: ChangeSearch;
  private readonly matches: GenerationMemo;
  private readonly fromMatches = new WeakMap<Int32Array, Map<string, unknown>>();

  constructor(private readonly raw: Database.Database) {
    this.meta = new ArticleMeta(raw);
    this.indexer = new SqliteIndexer(raw);
    this.pruner = new VariantPruner(raw);
    this.changes = new ChangeSearch(raw);
    this.matches = new GenerationMemo(raw, { foreignLagMs: 5_000, maxEntries: 64 });
    this.stmts = {
      // Ids come back as one comma-separated string: far cheaper than a row per id across the driver.
      match: raw.prepare<[string], string | null>("SELECT group_concat(rowid, ',') FROM search_fts WHERE search_fts MATCH ?").pluck(),
      matchWithin: raw
        .prepare<[string, number, number], string | null>("SELECT group_concat(rowid, ',') FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ?")
        .pluck(),
      // Only "more than RANK_LIMIT or not" matters: stop counting there.
      countUpTo: raw
        .prepare<[string, number], number>('SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?)')
        .pluck(),
      ranked: raw.prepare<[string], number>('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts, 3.0, 1.0), rowid').pluck(),
      // The first rows only: SQLite keeps a bounded heap instead of sorting every scored row.
      rankedTop: raw
        .prepare<[string, number, number], number>('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts, 3.0, 1.0), rowid LIMIT ? OFFSET ?')
        .pluck(),
      // URLs that start with `page#`: '$' is the character after '#'.
      onPage: raw.prepare<[string, string], number>('SELECT article_id FROM article_urls WHERE url > ? AND url < ? ORDER BY url').pluck(),
      rows: raw.prepare<[string], { id: number; url: string; title: string; published: string; lang: string; body: string; source: string }>(
        `SELECT a.id, a.url, a.title, a.published, a.lang, a.body, s.slug AS source
         FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id IN (SELECT value FROM json_each(?))`,
      ),
    };
  }

  async warm(): Promise<void> {
    this.meta.refresh();
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    const page = req.page ?? 1;
    const perPage = req.perPage ?? 20;
    if (!Number.isInteger(page) || page < 1) throw new SearchRequestError('page must be a positive integer');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) throw new SearchRequestError(`per_page must be 1…${MAX_PER_PAGE}`);
    const sort = req.sort ?? 'relevance';
    const plan = req.ids ? null : planQuery(req.q);
    const ev = req.ids ? this.fromIds(req.ids) : this.evaluate(plan!);
    const seqs = plan ? positiveSeqs(plan) : [];
    const first = sort === 'relevance' && plan ? this.derived(ev.ids, `first:${req.q}`, () => this.preferredLanguages(req.q, ev.ids)) : null;
    const languageFirst = first?.script ?? null;
    if (req.collapse === 'story') {
      // One article per story: the best-placed copy in this order stands for its story in the list;
      // the counts take each story once, at its first publication among the matches.
      const all = this.order(ev, sort, 0, ev.ids.length, first?.mask);
      const kept = collapseToStories(this.raw, all.ids);
      const pageIds = kept.subarray((page - 1) * perPage, page * perPage);
      const counted = this.storyFirsts(ev.ids);
      return { total: counted.length, page, perPage, sort, ranking: all.ranking, languageFirst, counts: 'stories', results: this.hits(pageIds, seqs), facets: this.facets(counted) };
    }
    const { ids, ranking } = this.derived(ev.ids, `order:${sort}:${page}:${perPage}:${req.q}`, () => this.order(ev, sort, (page - 1) * perPage, perPage, first?.mask));
    const facets = this.derived(ev.ids, 'facets', () => this.facets(ev.ids));
    return { total: ev.ids.length, page, perPage, sort, ranking, languageFirst, counts: 'articles', results: this.hits(ids, seqs), facets };
  }

  async count(q: string, collapse: 'none' | 'story' = 'none'): Promise<number> {
    const ids = this.evaluate(planQuery(q)).ids;
    return collapse === 'story' ? this.storyFirsts(ids).length : ids.length;
  }

  /** The query is parsed and evaluated here (errors surface before any row is sent); rows come chunk by chunk. */
  async *stream(q: string, sort: SortOrder, opts: StreamOptions = {}): AsyncIterable<SearchHit[]> {
    const plan = opts.ids ? null : planQuery(q);
    const ev = opts.ids ? this.fromIds(opts.ids) : this.evaluate(plan!);
    const seqs = plan ? positiveSeqs(plan) : [];
    const first = sort === 'relevance' && plan ? this.preferredLanguages(q, ev.ids) : null;
    let { ids } = this.order(ev, sort, 0, ev.ids.length, first?.mask);
    if (opts.collapse === 'story') ids = collapseToStories(this.raw, ids);
    if (ids.length === 0) yield [];
    for (let i = 0; i < ids.length; i += ROW_CHUNK) yield this.hits(ids.subarray(i, i + ROW_CHUNK), seqs);
  }

  async timeline(req: TimelineRequest): Promise<{ interval: Interval; buckets: TimelineBucket[] }> {
    const m = this.meta;
    const collapse = req.collapse === 'story';
    let ids = req.ids ? this.fromIds(req.ids).ids : req.q.trim() ? this.evaluate(planQuery(req.q)).ids : null;
    if (ids && collapse) ids = this.storyFirsts(ids);
    let sourceId = -1;
    if (req.source) {
      sourceId = m.sourceIdOf(req.source);
      if (sourceId < 0) throw new SearchRequestError(`no source ${req.source}`);
    }
    const axis = this.axis(req.interval, sourceId, collapse);
    const { firstDay, bucketOfDay, labels, totals, articles } = axis;
    let counts = totals;
    if (ids) {
      counts = new Uint32Array(labels.length);
      const day = m.day;
      const source = m.source;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (sourceId >= 0 && source[id] !== sourceId) continue;
        counts[bucketOfDay[day[id] - firstDay]]++;
      }
    }
    const buckets: TimelineBucket[] = new Array(labels.length);
    for (let b = 0; b < labels.length; b++) buckets[b] = { period: labels[b], count: counts[b], total: totals[b], covered: articles[b] > 0 };
    return { interval: req.interval, buckets };
  }

  async articlesOnPage(url: string): Promise<number[]> {
    const ids = new Set<number>();
    for (const form of urlLookupForms(url)) {
      if (form.includes('#')) continue;
      for (const id of this.stmts.onPage.all(`${form}#`, `${form}$`)) ids.add(id);
    }
    return [...ids];
  }

  /** A result set given as article ids (a URL lookup): the stored ones, ascending. */
  private fromIds(given: readonly number[]): Evaluated {
    this.meta.refresh();
    const ids = Int32Array.from(new Set(given.filter((id) => this.meta.has(id)))).sort();
    return { ids, fts: null };
  }

  /**
   * Each story once, at its first publication among `ids` (earliest day, then lowest id), plus every
   * article in no story; ascending. The one counting rule behind totals, facets and timelines with
   * collapse=story, so they agree with each other whatever the order of the list.
   */
  storyFirsts(ids: Int32Array): Int32Array {
    const storyOf = storyIdsFor(this.raw, ids);
    if (storyOf.size === 0) return ids;
    const day = this.meta.day;
    const first = new Map<number, number>();
    for (const [id, story] of storyOf) {
      const b = first.get(story);
      if (b === undefined || day[id] < day[b] || (day[id] === day[b] && id < b)) first.set(story, id);
    }
    const out = new Int32Array(ids.length);
    let k = 0;
    for (let i = 0; i < ids.length; i++) {
      const story = storyOf.get(ids[i]);
      if (story === undefined || first.get(story) === ids[i]) out[k++] = ids[i];
    }
    return out.subarray(0, k);
  }

  /**
   * The languages a relevance ranking puts first: those written in the query's script (Latin or
   * Hangul), unless the query names a language; null when that changes nothing (every match, or
   * none, is in those languages).
   */
  private preferredLanguages(q: string, ids: Int32Array): { script: Script; mask: Uint8Array } | null {
    const script = queryScript(parseQuery(q));
    if (!script) return null;
    const m = this.meta;
    const mask = new Uint8Array(256);
    m.langCodes.forEach((lang, code) => (mask[code] = langScript(lang) === script ? 1 : 0));
    let preferred = 0;
    const lang = m.lang;
    for (let i = 0; i < ids.length; i++) preferred += mask[lang[ids[i]]];
    if (preferred === 0 || preferred === ids.length) return { script, mask: new Uint8Array(0) };
    return { script, mask };
  }

  /** Buckets from the first to the last article (of a source), and all articles per bucket; cached per data generation. */
  private axis(interval: Interval, sourceId: number, collapse = false): TimelineAxis {
    const m = this.meta;
    const key = `${interval}:${sourceId}:${collapse ? 'story' : 'none'}`;
    const cached = this.axes.get(key);
    if (cached && cached.generation === m.generation) return cached;
    let lo = Infinity;
    let hi = -Infinity;
    for (let id = 1; id <= m.maxId; id++) {
      if (!m.has(id) || (sourceId >= 0 && m.source[id] !== sourceId)) continue;
      const d = m.day[id];
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    const axis: TimelineAxis = { generation: m.generation, firstDay: 0, bucketOfDay: new Int32Array(0), labels: [], totals: new Uint32Array(0), articles: new Uint32Array(0) };
    if (lo <= hi) {
      const bucketOf = bucketFn(interval);
      const next = stepFn(interval);
      const first = bucketOf(lo);
      const last = bucketOf(hi);
      const index = new Map<number, number>();
      for (let b = first; b <= last; b = next(b)) {
        index.set(b, axis.labels.length);
        axis.labels.push(periodLabel(interval, b));
      }
      axis.firstDay = lo;
      axis.bucketOfDay = new Int32Array(hi - lo + 1);
      for (let d = lo; d <= hi; d++) axis.bucketOfDay[d - lo] = index.get(bucketOf(d))!;
      axis.articles = new Uint32Array(axis.labels.length);
      for (let id = 1; id <= m.maxId; id++) {
        if (!m.has(id) || (sourceId >= 0 && m.source[id] !== sourceId)) continue;
        axis.articles[axis.bucketOfDay[m.day[id] - lo]]++;
      }
      axis.totals = axis.articles;
      if (collapse) {
        axis.totals = new Uint32Array(axis.labels.length);
        const firsts = this.storyFirsts(m.all());
        for (const id of firsts) if (sourceId < 0 || m.source[id] === sourceId) axis.totals[axis.bucketOfDay[m.day[id] - lo]]++;
      }
    }
    this.axes.set(key, axis);
    return axis;
  }

  async reindex(onProgress?: (done: number, total: number) => void) {
    return this.indexer.reindex(onProgress);
  }

  /**
   * The sorted ids of every article the plan matches. A popular query's matches (a hundred thousand ids
   * for "korea") are kept until the archive changes (GenerationMemo: another process's writes show within
   * seconds), so its pages, facets and timeline do not run the full-text match again.
   */
  evaluate(query: PlanNode): Evaluated {
    this.meta.refresh();
    return this.matches.get(JSON.stringify(query), () => this.evaluateNow(query));
  }

  private evaluateNow(query: PlanNode): Evaluated {
    const plan = this.pruner.prune(query, this.meta.writes);
    const fts = toFts(plan);
    if (fts !== null) {
      const rows = { count: 0 };
      const ids = this.matchIds(fts, undefined, rows);
      return { ids, fts, textCount: ids.length, exact: rows.count === ids.length };
    }
    if (plan.type === 'and') {
      const inner = plan.children.filter((c) => c.type !== 'filter' && !(c.type === 'not' && c.child.type === 'filter'));
      const innerFts = inner.length === 0 ? null : toFts(inner.length === 1 ? inner[0] : { type: 'and', children: inner });
      return { ids: this.evalNode(plan), fts: innerFts };
    }
    return { ids: this.evalNode(plan), fts: null };
  }

  /**
   * What a kept match set (see evaluate) yields: its facets, a page's order, the languages put first.
   * Keyed by the set itself, so it goes when the set does.
   */
  private derived<T>(ids: Int32Array, key: string, compute: () => T): T {
    let kept = this.fromMatches.get(ids);
    if (!kept) this.fromMatches.set(ids, (kept = new Map()));
    if (!kept.has(key)) {
      if (kept.size >= 256) kept.clear();
      kept.set(key, compute());
    }
    return kept.get(key) as T;
  }

  /** Ids matching an FTS expression; `within` narrows the scan to an id range that holds every candidate. */
  private matchIds(fts: string, within?: [number, number], rows?: { count: number }): Int32Array {
    const list = within ? this.stmts.matchWithin.get(fts, within[0], within[1]) : this.stmts.match.get(fts);
    if (!list) return new Int32Array(0);
    const out = new Int32Array((list.length >> 1) + 1);
    const m = this.meta;
    let k = 0;
    let v = 0;
    for (let i = 0; i <= list.length; i++) {
      const c = i < list.length ? list.charCodeAt(i) : 44;
      if (c !== 44) v = v * 10 + c - 48;
      else {
        if (m.has(v)) out[k++] = v;
        v = 0;
        if (rows) rows.count++;
      }
    }
    // FTS5 returns rowids in ascending order.
    return out.slice(0, k);
  }

  private evalNode(node: PlanNode): Int32Array {
    const fts = toFts(node);
    if (fts !== null) return this.matchIds(fts);
    const changed = changeGroup(node);
    if (changed !== null) return this.changedIds(changed);
    switch (node.type) {
      case 'filter':
        return this.filterIds(this.meta.all(), [this.predicate(node)]);
      case 'not':
        return difference(this.meta.all(), this.evalNode(node.child));
      case 'or': {
        const text = node.children.map(toFts);
        const direct = text.filter((t): t is string => t !== null);
        let acc = direct.length ? this.matchIds(direct.length === 1 ? direct[0] : `(${direct.join(' OR ')})`) : new Int32Array(0);
        node.children.forEach((c, i) => {
          if (text[i] === null) acc = union(acc, this.evalNode(c));
        });
        return acc;
      }
      case 'and': {
        const positive: string[] = [];
        const negative: string[] = [];
        const preds: ((id: number) => boolean)[] = [];
        const sets: Int32Array[] = [];
        const minus: Int32Array[] = [];
        let days: [number, number] | undefined;
        let span: [number, number] | undefined;
        for (const c of node.children) {
          if (c.type === 'filter') {
            preds.push(this.predicate(c));
            if (c.value.kind === 'date') days = intersectRanges(days, this.dayWindow(c.value));
            else {
              const ids = this.meta.idSpan(c.field, c.value.value);
              if (ids) span = intersectRanges(span, ids);
            }
          }
          else if (c.type === 'not' && c.child.type === 'filter') {
            const p = this.predicate(c.child);
            preds.push((id) => !p(id));
          } else if (c.type === 'not') {
            const t = toFts(c.child);
            if (t !== null) negative.push(t);
            else minus.push(this.evalNode(c.child));
          } else {
            const t = toFts(c);
            if (t !== null) positive.push(t);
            else sets.push(this.evalNode(c));
          }
        }
        let base: Int32Array;
        if (positive.length) {
          base = this.matchIds(`(${positive.join(' AND ')}${negative.length ? ` NOT (${negative.join(' OR ')})` : ''})`, this.idRange(preds, days, span));
        } else {
          base = sets.length ? sets.shift()! : this.meta.all();
          if (negative.length) minus.push(this.matchIds(negative.length === 1 ? negative[0] : `(${negative.join(' OR ')})`));
        }
        for (const s of sets) base = intersect(base, s);
        for (const s of minus) base = difference(base, s);
        return preds.length ? this.filterIds(base, preds) : base;
      }
      case 'seq':
        throw new Error('unreachable: a sequence always has an index expression');
    }
  }

  /** Stored articles with a version that removed (added) the text of an `added:` or `removed:` term, ascending. */
  private changedIds(seqs: SeqNode[]): Int32Array {
    const ids = this.changes.articleIds(seqs);
    const m = this.meta;
    let k = 0;
    for (let i = 0; i < ids.length; i++) if (m.has(ids[i])) ids[k++] = ids[i];
    return ids.slice(0, k);
  }

  /**
   * The smallest id range holding every article that passes the filters. Ids mostly follow dates, so a
   * date filter lets the index skip most of a common word's entries; the range is exact, never a guess.
   * With a date filter only the articles of those days are visited (found by binary search in the
   * day-ordered ids), not every article.
   */
  private idRange(preds: ((id: number) => boolean)[], days?: [number, number], span?: [number, number]): [number, number] | undefined {
    if (preds.length === 0) return undefined;
    const m = this.meta;
    let lo = -1;
    let hi = -1;
    if (days) {
      const { ids, day } = m.byDay();
      outer: for (let i = lowerBound(day, days[0]); i < ids.length && day[i] <= days[1]; i++) {
        const id = ids[i];
        for (const p of preds) if (!p(id)) continue outer;
        if (lo < 0 || id < lo) lo = id;
        if (id > hi) hi = id;
      }
      if (lo < 0) return [1, 0];
    } else if (span) {
      // A source's or language's first and last article: a range that holds them all, without a scan.
      [lo, hi] = span;
      if (lo > hi) return [1, 0];
    } else return undefined;
    // Only worth a range when it cuts the scan substantially.
    return hi - lo < m.maxId * 0.8 ? [lo, hi] : undefined;
  }

  /** The days a date filter covers (day numbers, inclusive). */
  private dayWindow(v: { from: string | null; to: string | null }): [number, number] {
    return [v.from === null ? -Infinity : this.meta.dayNumber(v.from), v.to === null ? Infinity : this.meta.dayNumber(v.to)];
  }

  private predicate(node: FilterNode): (id: number) => boolean {
    const m = this.meta;
    const v = node.value;
    if (v.kind === 'date') {
      const [from, to] = this.dayWindow(v);
      return (id) => m.day[id] >= from && m.day[id] <= to;
    }
    if (node.field === 'source') {
      const sid = m.sourceIdOf(v.value);
      return (id) => m.source[id] === sid;
    }
    if (node.field === 'lang') {
      const code = m.langCode(v.value);
      return (id) => m.lang[id] === code;
    }
    if (node.field === 'entity') {
      // Mentions recorded on ingest by src/entities (table entity_mentions, migration 005).
      const ids = new Set(this.raw.prepare<[string], number>('SELECT article_id FROM entity_mentions WHERE entity_id = ?').pluck().all(v.value));
      return (id) => ids.has(id);
    }
    throw new SearchRequestError(`${node.field}: is not searchable in this archive yet`);
  }

  private filterIds(ids: Int32Array, preds: ((id: number) => boolean)[]): Int32Array {
    const out = new Int32Array(ids.length);
    let k = 0;
    outer: for (const id of ids) {
      for (const p of preds) if (!p(id)) continue outer;
      out[k++] = id;
    }
    return out.slice(0, k);
  }

  /** The ids of one page in the requested order. */
  /**
   * The ids of one page in the requested order. `first` (a flag per language code) puts the flagged
   * languages' matches ahead of the others in a relevance order, each group in its own order.
   */
  private order(ev: Evaluated, sort: SortOrder, offset: number, limit: number, first?: Uint8Array): { ids: Int32Array; ranking: SearchResponse['ranking'] } {
    const m = this.meta;
    const n = ev.ids.length;
    const grouped = sort === 'relevance' && first !== undefined && first.length > 0;
    if (offset >= n) return { ids: new Int32Array(0), ranking: sort === 'oldest' ? 'oldest' : sort === 'newest' ? 'newest' : 'bm25' };
    if (sort === 'relevance' && ev.fts !== null && n <= RANK_LIMIT && (ev.textCount ?? this.stmts.countUpTo.get(ev.fts, RANK_LIMIT + 1)!) <= RANK_LIMIT) {
      if (grouped) return { ids: this.rankedGroups(ev, first!, offset, limit), ranking: 'bm25' };
      if (ev.exact) {
        // Every row the expression matches is a result: let SQLite cut the page.
        return { ids: Int32Array.from(this.stmts.rankedTop.all(ev.fts, limit, offset)), ranking: 'bm25' };
      }
      const ranked = this.stmts.ranked.all(ev.fts);
      const wanted = new Set<number>();
      if (ranked.length !== n) for (const id of ev.ids) wanted.add(id);
      const out: number[] = [];
      let seen = 0;
      for (const id of ranked) {
        if (wanted.size > 0 ? !wanted.has(id) : !m.has(id)) continue;
        if (seen++ < offset) continue;
        out.push(id);
        if (out.length >= limit) break;
      }
      return { ids: Int32Array.from(out), ranking: 'bm25' };
    }
    const oldest = sort === 'oldest';
    // Key: day then id, as one exactly representable number (plus 2^50 for a language put first:
    // days stay below 2^18 in magnitude, so the sum stays exact and the groups apart).
    const keys = new Float64Array(n);
    const day = m.day;
    const lang = m.lang;
    for (let i = 0; i < n; i++) keys[i] = day[ev.ids[i]] * 4294967296 + ev.ids[i] + (grouped && first![lang[ev.ids[i]]] ? 2 ** 50 : 0);
    return { ids: heapTop(ev.ids, keys, offset + limit, !oldest).subarray(offset), ranking: oldest ? 'oldest' : 'newest' };
  }

  /** A BM25 page with the flagged languages' matches first, each group in BM25 order. */
  private rankedGroups(ev: Evaluated, first: Uint8Array, offset: number, limit: number): Int32Array {
    const m = this.meta;
    const ranked = this.stmts.ranked.all(ev.fts!);
    const wanted = new Set<number>();
    if (!ev.exact) for (const id of ev.ids) wanted.add(id);
    const out: number[] = [];
    let seen = 0;
    for (const pass of [1, 0]) {
      for (const id of ranked) {
        if (wanted.size > 0 ? !wanted.has(id) : !m.has(id)) continue;
        if (first[m.lang[id]] !== pass) continue;
        if (seen++ < offset) continue;
        out.push(id);
        if (out.length >= limit) return Int32Array.from(out);
      }
    }
    return Int32Array.from(out);
  }

  // Facet counters, reused between searches and cleared after each.
  private readonly facetSource = new Uint32Array(65536);
  private readonly facetLang = new Uint32Array(256);
  private readonly facetYear = new Uint32Array(65536);

  private facets(ids: Int32Array): Facets {
    const m = this.meta;
    const src = this.facetSource;
    const lang = this.facetLang;
    const year = this.facetYear;
    let minYear = 65535;
    let maxYear = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      src[m.source[id]]++;
      lang[m.lang[id]]++;
      const y = m.year[id];
      year[y]++;
      if (y < minYear) minYear = y;
      if (y > maxYear) maxYear = y;
    }
    const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || a.value.localeCompare(b.value);
    const sources: FacetCount[] = [];
    for (const [id, slug] of m.sources) if (src[id] > 0) sources.push({ value: slug, count: src[id], name: m.sourceNames.get(id) ?? slug });
    const years: FacetCount[] = [];
    for (let y = minYear; y <= maxYear; y++) if (year[y] > 0) years.push({ value: String(y), count: year[y] });
    const langs = m.langCodes.map((value, i) => ({ value, count: lang[i] })).filter((f) => f.count > 0);
    // Clear what this search counted, for the next one.
    src.fill(0);
    lang.fill(0);
    if (ids.length > 0) year.fill(0, minYear, maxYear + 1);
    return { source: sources.sort(byCount), lang: langs.sort(byCount), year: years };
  }

  private hits(ids: Int32Array, seqs: SeqNode[]): SearchHit[] {
    if (ids.length === 0) return [];
    const rows = new Map(this.stmts.rows.all(JSON.stringify(Array.from(ids))).map((r) => [r.id, r]));
    const changes = this.changes.snippets(ids, seqs);
    // Removed text may be gone from the current body: the change snippet shows it instead.
    const bodySeqs = seqs.filter((s) => !isChangeField(s.field));
    const out: SearchHit[] = [];
    for (const id of ids) {
      const r = rows.get(id);
      if (!r) continue;
      const hit: SearchHit = { id: r.id, url: r.url, title: r.title, published: r.published, source: r.source, lang: r.lang, snippet: snippet(r.body, bodySeqs) };
      const change = changes.get(id);
      if (change) hit.change = change;
      out.push(hit);
    }
    return out;
  }
}

/** The overlap of two inclusive ranges (empty when the first end passes the second). */
function intersectRanges(a: [number, number] | undefined, b: [number, number]): [number, number] {
  return a ? [Math.max(a[0], b[0]), Math.min(a[1], b[1])] : b;
}

/** The first index whose value is ≥ x in an ascending array. */
function lowerBound(xs: Int32Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function union(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out[k++] = a[i++];
    else if (a[i] > b[j]) out[k++] = b[j++];
    else {
      out[k++] = a[i++];
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out.slice(0, k);
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      out[k++] = a[i++];
      j++;
    }
  }
  return out.slice(0, k);
}

function difference(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  let j = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) j++;
    if (j < b.length && b[j] === a[i]) continue;
    out[k++] = a[i];
  }
  return out.slice(0, k);
}

/** Bucket number for a day (days since 1970-01-01). */
function bucketFn(interval: Interval): (day: number) => number {
  switch (interval) {
    case 'day':
      return (d) => d;
    case 'week':
      // Weeks start on Monday; 1970-01-01 was a Thursday.
      return (d) => d - ((((d + 3) % 7) + 7) % 7);
    case 'month':
      return (d) => {
        const t = new Date(d * 86400000);
        return t.getUTCFullYear() * 12 + t.getUTCMonth();
      };
    case 'year':
      return (d) => new Date(d * 86400000).getUTCFullYear();
  }
}

function stepFn(interval: Interval): (b: number) => number {
  return interval === 'week' ? (b) => b + 7 : (b) => b + 1;
}

function periodLabel(interval: Interval, b: number): string {
  switch (interval) {
    case 'day':
    case 'week':
      return ymdOf(b);
    case 'month':
      return `${Math.floor(b / 12)}-${String((b % 12) + 1).padStart(2, '0')}`;
    case 'year':
      return String(b);
  }
}
