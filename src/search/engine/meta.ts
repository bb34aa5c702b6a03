import { dayNumberOf } from '../../dates/calendar.js';
import type { MetaRow, MetaSource } from './text-index.js';

const NONE = -0x80000000;

/**
 * Per-article metadata (source, language, day) held in typed arrays indexed by article id, so that
 * filters, facets, date sorting and timelines over hundreds of thousands of matches cost a few
 * milliseconds. Loaded on first use and topped up when the database changes.
 */
export class ArticleMeta {
  day = new Int32Array(0);
  year = new Uint16Array(0);
  source = new Uint16Array(0);
  lang = new Uint8Array(0);
  maxId = 0;
  count = 0;
  /** Bumped whenever the arrays change (caches key on it). */
  generation = 0;
  /** Bumped whenever anything in the database changed since the last look (texts included). */
  writes = 0;
  readonly langCodes: string[] = [];
  private readonly langIndex = new Map<string, number>();
  sources = new Map<number, string>();
  /** Source id → name, as on /sources. */
  sourceNames = new Map<number, string>();
  private readonly dayOf = new Map<string, number>();
  /** First and last id of each source and language (a superset range for their filters). */
  private readonly sourceSpans = new Map<number, [number, number]>();
  private readonly langSpans = new Map<number, [number, number]>();
  private dayOrder: { generation: number; ids: Int32Array; day: Int32Array } | null = null;
  private seenVersion = '';
  private refreshing: Promise<void> | null = null;

  constructor(private readonly from: MetaSource) {}

  /** Brings the arrays up to date with the database (cheap when nothing changed); concurrent callers share one refresh. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshNow().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refreshNow(): Promise<void> {
    const version = await this.from.version();
    if (version === this.seenVersion) return;
    this.seenVersion = version;
    this.writes++;
    // One consistent read: a writer committing between the count and the new rows would otherwise look
    // like rows gone missing, and every metadata array would be read again (half a second on 138,000 articles).
    const n = await this.from.load(this.maxId, (rows) => this.add(rows));
    if (this.count !== n) {
      // Rows went away or changed underneath: start over.
      this.day.fill(NONE);
      this.sourceSpans.clear();
      this.langSpans.clear();
      this.maxId = 0;
      this.count = 0;
      await this.from.load(0, (rows) => this.add(rows));
    }
    const sources = await this.from.sources();
    this.sources = new Map(sources.map((s) => [s.id, s.slug]));
    this.sourceNames = new Map(sources.map((s) => [s.id, s.name]));
  }

  has(id: number): boolean {
    return id <= this.maxId && this.day[id] !== NONE;
  }

  langCode(lang: string): number {
    return this.langIndex.get(lang) ?? -1;
  }

  sourceIdOf(slug: string): number {
    for (const [id, s] of this.sources) if (s === slug) return id;
    return -1;
  }

  /** The first and last article id of a source or language (`source:` / `lang:`), or an empty range; undefined for other fields. */
  idSpan(field: string, value: string): [number, number] | undefined {
    if (field === 'source') return this.sourceSpans.get(this.sourceIdOf(value)) ?? [1, 0];
    if (field === 'lang') return this.langSpans.get(this.langCode(value)) ?? [1, 0];
    return undefined;
  }

  /** Every stored article id ordered by day (then id), with each one's day: date filters binary-search it. */
  byDay(): { ids: Int32Array; day: Int32Array } {
    if (this.dayOrder?.generation === this.generation) return this.dayOrder;
    const ids = this.all().slice();
    const days = this.day;
    // Day and id as one exactly representable number, so a typed-array sort does it.
    const keys = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) keys[i] = (days[ids[i]] + 1e6) * 4294967296 + ids[i];
    keys.sort();
    const day = new Int32Array(ids.length);
    for (let i = 0; i < keys.length; i++) {
      ids[i] = keys[i] % 4294967296;
      day[i] = days[ids[i]];
    }
    this.dayOrder = { generation: this.generation, ids, day };
    return this.dayOrder;
  }

  /** Every stored article id, ascending. */
  all(): Int32Array {
    const out = new Int32Array(this.count);
    let k = 0;
    for (let id = 1; id <= this.maxId; id++) if (this.day[id] !== NONE) out[k++] = id;
    return k === out.length ? out : out.subarray(0, k);
  }

  /** One chunk of rows in ascending id order. */
  private add(rows: MetaRow[]): void {
    if (rows.length === 0) return;
    this.grow(rows[rows.length - 1][0]);
    for (const [id, sourceId, lang, published] of rows) {
      this.day[id] = this.dayNumber(published);
      this.year[id] = Number(published.slice(0, 4)) || 0;
      this.source[id] = sourceId;
      let code = this.langIndex.get(lang);
      if (code === undefined) {
        code = this.langCodes.length;
        this.langCodes.push(lang);
        this.langIndex.set(lang, code);
      }
      this.lang[id] = code;
      widen(this.sourceSpans, sourceId, id);
      widen(this.langSpans, code, id);
      this.count++;
    }
    this.maxId = Math.max(this.maxId, rows[rows.length - 1][0]);
    this.generation++;
  }

  private grow(maxId: number): void {
    if (maxId < this.day.length) return;
    const size = Math.max(maxId + 1, Math.ceil(this.day.length * 1.5), 1024);
    const day = new Int32Array(size).fill(NONE);
    day.set(this.day);
    this.day = day;
    this.year = copy(new Uint16Array(size), this.year);
    this.source = copy(new Uint16Array(size), this.source);
    this.lang = copy(new Uint8Array(size), this.lang);
  }

  /** Days since 1970-01-01 for `YYYY-MM-DD`. */
  dayNumber(ymd: string): number {
    let d = this.dayOf.get(ymd);
    if (d === undefined) {
      d = dayNumberOf(ymd);
      this.dayOf.set(ymd, d);
    }
    return d;
  }
}

function widen(spans: Map<number, [number, number]>, key: number, id: number): void {
  const s = spans.get(key);
  if (!s) spans.set(key, [id, id]);
  else {
    if (id < s[0]) s[0] = id;
    if (id > s[1]) s[1] = id;
  }
}

function copy<T extends Uint16Array | Uint8Array>(to: T, from: T): T {
  to.set(from);
  return to;
}

export function ymdOf(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}
