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
import { ArticleMeta } from './meta.js';
import { SetMemo } from './memo.js';
import { difference, intersect, intersectRanges, lowerBound, union } from './set-ops.js';
import { collapseToStories, storyFirsts } from './stories.js';
import { allOf, anyOf, changeGroup, isTextExpr } from './text-expr.js';
import type { TextIndex } from './text-index.js';
import { buildAxis, type TimelineAxis } from './timeline.js';
import { heapTop } from './top.js';

/** Relevance (BM25) ranks result sets up to this size; larger ones are ordered newest first. */
export const RANK_LIMIT = 5000;
/** Sort keys kept in memory between searches (8 bytes each), at most. */
const MAX_KEPT_KEYS = 2 ** 21;
const ROW_CHUNK = 500;

export interface Evaluated {
  ids: Int32Array;
  /** The text expression covering the query's text, when one expression does (for ranking). */
  text: PlanNode | null;
  /** How many articles that expression alone matches, when known. */
  textCount?: number;
  /** The expression's rows are exactly `ids` (no filter, no row without an article): ranking can page in the index. */
  exact?: boolean;
}

/**
 * The query language evaluated over any backend's text index: set algebra on sorted id arrays, filters,
 * facets, timelines and orders over per-article metadata held in typed arrays, snippets from the rows.
 * A backend supplies only the index queries (TextIndex), so every backend gives the same answers.
 */
export class SearchEngine implements SearchBackend {
  readonly meta: ArticleMeta;
  private readonly axes = new Map<string, TimelineAxis>();
  private readonly matches = new SetMemo({ foreignLagMs: 5_000, maxEntries: 64 });
  private readonly fromMatches = new WeakMap<Int32Array, Map<string, unknown>>();

  constructor(readonly index: TextIndex) {
    this.meta = new ArticleMeta(index.meta);
  }

  async warm(): Promise<void> {
    await this.meta.refresh();
    // A common word's sort keys, in memory touched now rather than by its first search.
    const n = Math.min(this.meta.count, MAX_KEPT_KEYS);
    if (this.orderKeys.length < n) this.orderKeys = new Float64Array(n).fill(1);
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    const page = req.page ?? 1;
    const perPage = req.perPage ?? 20;
    if (!Number.isInteger(page) || page < 1) throw new SearchRequestError('page must be a positive integer');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) throw new SearchRequestError(`per_page must be 1…${MAX_PER_PAGE}`);
    const sort = req.sort ?? 'relevance';
    const plan = req.ids ? null : planQuery(req.q);
    const ev = req.ids ? await this.fromIds(req.ids) : await this.evaluate(plan!);
    const seqs = plan ? positiveSeqs(plan) : [];
    const first = sort === 'relevance' && plan ? await this.derived(ev.ids, `first:${req.q}`, async () => this.preferredLanguages(req.q, ev.ids)) : null;
    const languageFirst = first?.script ?? null;
    // A walk with a cursor: a date order goes on strictly after the last hit it gave (keyset); a relevance
    // order keeps to the articles stored when the walk began, so articles stored since push nothing along.
    const newestId = this.meta.maxId;
    const after = req.after && sort !== 'relevance' ? this.afterKey(req.after, sort) : null;
    const upTo = req.upToId;
    const walked: Evaluated = upTo !== undefined ? { ...ev, ids: ev.ids.filter((id) => id <= upTo), exact: false } : ev;
    const offset = after ? 0 : (page - 1) * perPage;
    if (req.collapse === 'story') {
      // One article per story: the best-placed copy in this order stands for its story in the list;
      // the counts take each story once, at its first publication among the matches.
      const all = await this.order(walked, sort, 0, walked.ids.length, first?.mask);
      let kept = collapseToStories(await this.index.storyMembership(), all.ids);
      if (after) kept = kept.filter(after);
      const pageIds = kept.subarray(offset, offset + perPage);
      const counted = await this.storyFirsts(ev.ids);
      return { total: counted.length, page, perPage, sort, ranking: all.ranking, languageFirst, counts: 'stories', results: await this.hits(pageIds, seqs), facets: this.facets(counted), newestId, more: kept.length > offset + perPage };
    }
    const paged: Evaluated = after ? { ...walked, ids: walked.ids.filter(after), exact: false } : walked;
    const walkKey = after ? `after:${req.after!.published}:${req.after!.id}` : upTo !== undefined ? `upto:${upTo}` : '';
    const { ids, ranking } = await this.derived(ev.ids, `order:${sort}:${page}:${perPage}:${walkKey}:${req.q}`, () => this.order(paged, sort, offset, perPage, first?.mask));
    const facets = await this.derived(ev.ids, 'facets', async () => this.facets(ev.ids));
    return { total: ev.ids.length, page, perPage, sort, ranking, languageFirst, counts: 'articles', results: await this.hits(ids, seqs), facets, newestId, more: paged.ids.length > offset + perPage };
  }

  /** Whether an article comes strictly after a hit (its day and id) in a date order. */
  private afterKey(hit: { published: string; id: number }, sort: SortOrder): (id: number) => boolean {
    const m = this.meta;
    const bound = m.dayNumber(hit.published) * 4294967296 + hit.id;
    return sort === 'oldest' ? (id) => m.day[id] * 4294967296 + id > bound : (id) => m.day[id] * 4294967296 + id < bound;
  }

  async count(q: string, collapse: 'none' | 'story' = 'none'): Promise<number> {
    const ids = (await this.evaluate(planQuery(q))).ids;
    return collapse === 'story' ? (await this.storyFirsts(ids)).length : ids.length;
  }

  /** The query is parsed and evaluated on the first pull (errors surface before any row is sent); rows come chunk by chunk. */
  async *stream(q: string, sort: SortOrder, opts: StreamOptions = {}): AsyncIterable<SearchHit[]> {
    const plan = opts.ids ? null : planQuery(q);
    const ev = opts.ids ? await this.fromIds(opts.ids) : await this.evaluate(plan!);
    const seqs = plan ? positiveSeqs(plan) : [];
    const first = sort === 'relevance' && plan ? this.preferredLanguages(q, ev.ids) : null;
    let { ids } = await this.order(ev, sort, 0, ev.ids.length, first?.mask);
    if (opts.collapse === 'story') ids = collapseToStories(await this.index.storyMembership(), ids);
    if (ids.length === 0) yield [];
    for (let i = 0; i < ids.length; i += ROW_CHUNK) yield await this.hits(ids.subarray(i, i + ROW_CHUNK), seqs);
  }

  async timeline(req: TimelineRequest): Promise<{ interval: Interval; buckets: TimelineBucket[] }> {
    const collapse = req.collapse === 'story';
    let ids = req.ids ? (await this.fromIds(req.ids)).ids : req.q.trim() ? (await this.evaluate(planQuery(req.q))).ids : null;
    await this.meta.refresh();
    const m = this.meta;
    if (ids && collapse) ids = await this.storyFirsts(ids);
    let sourceId = -1;
    if (req.source) {
      sourceId = m.sourceIdOf(req.source);
      if (sourceId < 0) throw new SearchRequestError(`no source ${req.source}`);
    }
    const axis = await this.axis(req.interval, sourceId, collapse);
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
      // URLs that start with `page#`: '$' is the character after '#'.
      for (const id of await this.index.urlRange(`${form}#`, `${form}$`)) ids.add(id);
    }
    return [...ids];
  }

  reindex(onProgress?: (done: number, total: number) => void): Promise<{ articles: number; seconds: number }> {
    return this.index.reindex(onProgress);
  }

  /** A result set given as article ids (a URL lookup): the stored ones, ascending. */
  private async fromIds(given: readonly number[]): Promise<Evaluated> {
    await this.meta.refresh();
    const ids = Int32Array.from(new Set(given.filter((id) => this.meta.has(id)))).sort();
    return { ids, text: null };
  }

  /** Each story once, at its first publication among `ids`, plus every article in no story (see stories.ts). */
  async storyFirsts(ids: Int32Array): Promise<Int32Array> {
    return storyFirsts(await this.index.storyMembership(), this.meta.day, ids);
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
  private async axis(interval: Interval, sourceId: number, collapse: boolean): Promise<TimelineAxis> {
    const m = this.meta;
    const key = `${interval}:${sourceId}:${collapse ? 'story' : 'none'}`;
    const cached = this.axes.get(key);
    if (cached && cached.generation === m.generation) return cached;
    const axis = buildAxis(m, interval, sourceId, collapse ? await this.storyFirsts(m.all()) : null);
    this.axes.set(key, axis);
    return axis;
  }

  /**
   * The sorted ids of every article the plan matches. A popular query's matches (a hundred thousand ids
   * for "korea") are kept until the archive changes (SetMemo: another process's writes show within
   * seconds), so its pages, facets and timeline do not run the full-text match again.
   */
  async evaluate(query: PlanNode): Promise<Evaluated> {
    await this.meta.refresh();
    return this.matches.get(JSON.stringify(query), await this.index.changeStamp(), () => this.evaluateNow(query));
  }

  private async evaluateNow(query: PlanNode): Promise<Evaluated> {
    const plan = this.index.prune ? await this.index.prune(query, this.meta.writes) : query;
    if (isTextExpr(plan)) {
      const rows = await this.index.match(plan);
      const ids = this.stored(rows);
      return { ids, text: plan, textCount: ids.length, exact: rows.length === ids.length };
    }
    if (plan.type === 'and') {
      const inner = plan.children.filter((c) => c.type !== 'filter' && !(c.type === 'not' && c.child.type === 'filter'));
      const innerText = inner.length === 0 ? null : inner.length === 1 ? inner[0] : ({ type: 'and', children: inner } as PlanNode);
      return { ids: await this.evalNode(plan), text: innerText && isTextExpr(innerText) ? innerText : null };
    }
    return { ids: await this.evalNode(plan), text: null };
  }

  /**
   * What a kept match set (see evaluate) yields: its facets, a page's order, the languages put first.
   * Keyed by the set itself, so it goes when the set does.
   */
  private async derived<T>(ids: Int32Array, key: string, compute: () => Promise<T>): Promise<T> {
    let kept = this.fromMatches.get(ids);
    if (!kept) this.fromMatches.set(ids, (kept = new Map()));
    if (!kept.has(key)) {
      if (kept.size >= 256) kept.clear();
      kept.set(key, await compute());
    }
    return kept.get(key) as T;
  }

  /** The index's rows that are stored articles (ascending in, ascending out). */
  private stored(rows: Int32Array): Int32Array {
    const m = this.meta;
    const out = new Int32Array(rows.length);
    let k = 0;
    for (let i = 0; i < rows.length; i++) if (m.has(rows[i])) out[k++] = rows[i];
    return out.slice(0, k);
  }

  private async matchIds(expr: PlanNode, within?: [number, number]): Promise<Int32Array> {
    return this.stored(await this.index.match(expr, within));
  }

  private async evalNode(node: PlanNode): Promise<Int32Array> {
    if (isTextExpr(node)) return this.matchIds(node);
    const changed = changeGroup(node);
    if (changed !== null) return this.stored(await this.index.changedIds(changed));
    switch (node.type) {
      case 'filter':
        return this.filterIds(this.meta.all(), [await this.predicate(node)]);
      case 'not':
        return difference(this.meta.all(), await this.evalNode(node.child));
      case 'or': {
        const direct = node.children.filter(isTextExpr);
        let acc = direct.length ? await this.matchIds(anyOf(direct)) : new Int32Array(0);
        for (const c of node.children) if (!isTextExpr(c)) acc = union(acc, await this.evalNode(c));
        return acc;
      }
      case 'and': {
        const positive: PlanNode[] = [];
        const negative: PlanNode[] = [];
        const preds: ((id: number) => boolean)[] = [];
        const sets: Int32Array[] = [];
        const minus: Int32Array[] = [];
        let days: [number, number] | undefined;
        let span: [number, number] | undefined;
        for (const c of node.children) {
          if (c.type === 'filter') {
            preds.push(await this.predicate(c));
            if (c.value.kind === 'date') days = intersectRanges(days, this.dayWindow(c.value));
            else {
              const ids = this.meta.idSpan(c.field, c.value.value);
              if (ids) span = intersectRanges(span, ids);
            }
          } else if (c.type === 'not' && c.child.type === 'filter') {
            const p = await this.predicate(c.child);
            preds.push((id) => !p(id));
          } else if (c.type === 'not') {
            if (isTextExpr(c.child)) negative.push(c.child);
            else minus.push(await this.evalNode(c.child));
          } else if (isTextExpr(c)) positive.push(c);
          else sets.push(await this.evalNode(c));
        }
        let base: Int32Array;
        if (positive.length) {
          base = await this.matchIds(allOf(positive, negative), this.idRange(preds, days, span));
        } else {
          base = sets.length ? sets.shift()! : this.meta.all();
          if (negative.length) minus.push(await this.matchIds(anyOf(negative)));
        }
        for (const s of sets) base = intersect(base, s);
        for (const s of minus) base = difference(base, s);
        return preds.length ? this.filterIds(base, preds) : base;
      }
      case 'seq':
        throw new Error('unreachable: a sequence always has an index expression');
    }
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

  private async predicate(node: FilterNode): Promise<(id: number) => boolean> {
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
      // Mentions recorded on ingest by src/entities.
      const ids = new Set(await this.index.entityArticles(v.value));
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

  /**
   * The ids of one page in the requested order. `first` (a flag per language code) puts the flagged
   * languages' matches ahead of the others in a relevance order, each group in its own order.
   */
  private async order(ev: Evaluated, sort: SortOrder, offset: number, limit: number, first?: Uint8Array): Promise<{ ids: Int32Array; ranking: SearchResponse['ranking'] }> {
    const m = this.meta;
    const n = ev.ids.length;
    const grouped = sort === 'relevance' && first !== undefined && first.length > 0;
    if (offset >= n) return { ids: new Int32Array(0), ranking: sort === 'oldest' ? 'oldest' : sort === 'newest' ? 'newest' : 'bm25' };
    if (sort === 'relevance' && ev.text !== null && n <= RANK_LIMIT && (ev.textCount ?? (await this.index.countUpTo(ev.text, RANK_LIMIT + 1))) <= RANK_LIMIT) {
      if (grouped) return { ids: await this.rankedGroups(ev, first!, offset, limit), ranking: 'bm25' };
      // Every row the expression matches is a result: let the index cut the page.
      if (ev.exact) return { ids: Int32Array.from(await this.index.ranked(ev.text, limit, offset)), ranking: 'bm25' };
      const ranked = await this.index.ranked(ev.text);
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
    const keys = this.sortKeys(n);
    const day = m.day;
    const lang = m.lang;
    for (let i = 0; i < n; i++) keys[i] = day[ev.ids[i]] * 4294967296 + ev.ids[i] + (grouped && first![lang[ev.ids[i]]] ? 2 ** 50 : 0);
    return { ids: heapTop(ev.ids, keys, offset + limit, !oldest).subarray(offset), ranking: oldest ? 'oldest' : 'newest' };
  }

  /** A BM25 page with the flagged languages' matches first, each group in BM25 order. */
  private async rankedGroups(ev: Evaluated, first: Uint8Array, offset: number, limit: number): Promise<Int32Array> {
    const m = this.meta;
    const ranked = await this.index.ranked(ev.text!);
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

  private orderKeys = new Float64Array(0);

  /**
   * Room for n sort keys, filled and used at once: memory kept between calls up to MAX_KEPT_KEYS (fresh
   * pages for a common word's keys cost more than computing them), fresh memory beyond.
   */
  private sortKeys(n: number): Float64Array {
    if (n > MAX_KEPT_KEYS) return new Float64Array(n);
    if (this.orderKeys.length < n) this.orderKeys = new Float64Array(Math.min(MAX_KEPT_KEYS, Math.max(n, this.orderKeys.length * 2)));
    return this.orderKeys.subarray(0, n);
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

  private async hits(ids: Int32Array, seqs: SeqNode[]): Promise<SearchHit[]> {
    if (ids.length === 0) return [];
    const rows = new Map((await this.index.rows(ids)).map((r) => [r.id, r]));
    const changes = seqs.some((s) => isChangeField(s.field)) ? await this.index.changeSnippets(ids, seqs) : new Map();
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
