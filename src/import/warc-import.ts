import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { WARCParser, type WARCRecord } from 'warcio';
import { readArticlePage } from '../crawl/read-page.js';
import { sourceDefOf } from '../crawl/crawler.js';
import { extractArticle } from '../extract/article.js';
import { decodeBody } from '../fetch/charset.js';
import { contentHash } from '../normalize/hash.js';
import { normalizeArticle, type NormalizedArticle, type RawArticle } from '../normalize/article.js';
import { loadSourcesDir, SHIPPED_SOURCES_DIR } from '../sources/load.js';
import type { SourceDef } from '../sources/schema.js';
import type { IngestItem, Store } from '../store/store.js';
import type { VersionMetadata } from '../warc/article-records.js';
import { IMAGE_MAX_BYTES } from '../crawl/image-capture.js';
import { pageImages, type PageImage } from '../crawl/page-images.js';
import { isImageRecord, WarcImages, type WarcImageSummary } from './warc-images.js';

export interface WarcImportOptions {
  /** The source every record belongs to; else a Wirewatch metadata record's source, else the source whose site the URL is on. */
  source?: string;
  sourcesDir?: string;
  /** Records (pages) per transaction. */
  batchSize?: number;
  onSkip?: (skip: WarcSkip) => void;
  onProgress?: (records: number) => void;
}

export interface WarcSkip {
  /** The record's offset in the file (where a WARC reader finds it). */
  offset: number;
  url: string | null;
  reason: string;
}

export interface WarcImportSummary {
  records: number;
  /** Pages and texts read into articles. */
  read: number;
  imported: number;
  /** Later versions of an article already stored. */
  versions: number;
  unchanged: number;
  folded: number;
  skipped: number;
  /** Skipped records by reason. */
  reasons: Record<string, number>;
  /** Image records, and the image versions of the articles whose pages show them (src/import/warc-images.ts). */
  images: WarcImageSummary;
}

interface MainRecord {
  offset: number;
  type: 'response' | 'resource';
  id: string;
  url: string;
  date: string;
  status: number | null;
  contentType: string | null;
  payload: Buffer;
  meta: VersionMetadata | null;
}

/** Everything that decides which source a URL belongs to: its slug, name and (when crawlable) its adapter. */
interface KnownSource {
  slug: string;
  name: string;
  lang: string | null;
  def: SourceDef | null;
}

const HTML = /^(text\/html|application\/xhtml\+xml)/i;
/** An image record declaring more than this (the image limit and room for HTTP headers) is refused unread. */
const IMAGE_RECORD_MAX = IMAGE_MAX_BYTES + 64 * 1024;

/**
 * Reads a WARC file (plain or gzip per record; Wirewatch's own or another crawler's) into the archive:
 * HTML responses go through the same extraction as crawling (the source's adapter, else the generic
 * reader), with the raw bytes kept as the capture; Wirewatch's resource and metadata records give back
 * the texts exactly as exported. Image records are stored as the crawler stores what it fetches and, at
 * the end, linked to the articles whose pages show them (warc-images.ts). Records arrive in file order, so
 * an article's versions land in order.
 */
export async function importWarc(store: Store, file: string, opts: WarcImportOptions = {}): Promise<WarcImportSummary> {
  const images = new WarcImages(store);
  const summary: WarcImportSummary = { records: 0, read: 0, imported: 0, versions: 0, unchanged: 0, folded: 0, skipped: 0, reasons: {}, images: images.summary };
  const sources = await knownSources(store, opts.sourcesDir ?? SHIPPED_SOURCES_DIR);
  const sourceIds = new Map<string, number>();
  const batchSize = opts.batchSize ?? 200;
  let batch: IngestItem[] = [];
  /** The images each page of the batch shows, by position. */
  let batchImages: PageImage[][] = [];

  const skip = (offset: number, url: string | null, reason: string) => {
    summary.skipped++;
    summary.reasons[reason] = (summary.reasons[reason] ?? 0) + 1;
    opts.onSkip?.({ offset, url, reason });
  };
  const flush = async () => {
    if (!batch.length) return;
    const outcomes = await store.ingestBatch(batch);
    outcomes.forEach((outcome, i) => {
      // A copy folded into another article keeps no images of its own (as in a crawl).
      if (outcome.kind !== 'folded') images.notePage(outcome.id, batch[i].sourceId, batch[i].seenAt, batchImages[i]);
    });
    for (const outcome of outcomes) {
      if (outcome.kind === 'imported') summary.imported++;
      else if (outcome.kind === 'merged') summary.versions++;
      else if (outcome.kind === 'folded') summary.folded++;
      else summary.unchanged++;
    }
    batch = [];
    batchImages = [];
  };
  const take = async (main: MainRecord) => {
    const read = await itemOf(store, main, opts.source, sources, sourceIds);
    if ('reason' in read) return skip(main.offset, main.url, read.reason);
    summary.read++;
    batch.push(read.item);
    batchImages.push(read.images);
    if (batch.length >= batchSize) await flush();
  };

  const parser = new WARCParser(createReadStream(file));
  let pending: MainRecord | null = null;
  let record: WARCRecord | null;
  for (;;) {
    try {
      record = await parser.parse();
    } catch (e) {
      throw new Error(`${file}: not a readable WARC at byte ${parser.offset}: ${(e as Error).message}`);
    }
    if (!record) break;
    if (!/^WARC\/1\.[01]$/.test(record.warcHeaders.protocol ?? '')) {
      throw new Error(`${file}: not a WARC record at byte ${parser.offset} (it starts '${(record.warcHeaders.protocol ?? '').slice(0, 20)}', not 'WARC/1.1')`);
    }
    summary.records++;
    opts.onProgress?.(summary.records);
    const offset = parser.offset;
    const type = record.warcType;
    if (type === 'metadata' && pending && record.warcHeaders.headers.get('WARC-Refers-To') === pending.id) {
      pending.meta = parseMetadata(Buffer.from(await record.readFully(false)));
      continue;
    }
    if (type !== 'response' && type !== 'resource') {
      // Requests, warcinfo and other records carry nothing to store; they are not counted as skipped.
      if (type !== 'request' && type !== 'warcinfo' && type !== 'metadata') skip(offset, record.warcTargetURI ?? null, `${type} records are not read`);
      continue;
    }
    if (pending) await take(pending);
    pending = null;
    const url = record.warcTargetURI;
    if (!url || !/^https?:\/\//i.test(url)) {
      skip(offset, url ?? null, 'no http(s) target URI');
      continue;
    }
    const http = type === 'response' ? record.httpHeaders : null;
    if (type === 'response' && !http) {
      skip(offset, url, 'not an HTTP response');
      continue;
    }
    const date = record.warcDate ?? new Date().toISOString();
    const status = http ? Number(http.statusCode) : null;
    const contentType = (http ? http.headers.get('Content-Type') : record.warcContentType) ?? null;
    if (/^image\//i.test(contentType ?? '') && (record.warcContentLength ?? 0) > IMAGE_RECORD_MAX) {
      skip(offset, url, images.refuseTooLarge(url, date, record.warcContentLength));
      continue;
    }
    const payload = Buffer.from(await record.readFully(true));
    if (isImageRecord(contentType, payload.subarray(0, 64))) {
      const refusal = await images.take(url, date, status, payload);
      if (refusal) skip(offset, url, refusal);
      continue;
    }
    pending = { offset, type, id: record.warcHeaders.headers.get('WARC-Record-ID') ?? '', url, date, status, contentType, payload, meta: null };
  }
  if (pending) await take(pending);
  await flush();
  await images.link();
  return summary;
}

function parseMetadata(block: Buffer): VersionMetadata | null {
  try {
    const m = JSON.parse(block.toString('utf8')) as Partial<VersionMetadata>;
    return typeof m.title === 'string' && typeof m.textSha256 === 'string' && typeof m.url === 'string' ? (m as VersionMetadata) : null;
  } catch {
    return null;
  }
}

async function itemOf(
  store: Store,
  main: MainRecord,
  forced: string | undefined,
  sources: KnownSource[],
  sourceIds: Map<string, number>,
): Promise<{ item: IngestItem; images: PageImage[] } | { reason: string }> {
  const source = pickSource(main, forced, sources);
  if (!source) return { reason: `no source for ${hostOf(main.url)} (give --source SLUG)` };
  if (main.status !== null && (main.status < 200 || main.status > 299)) return { reason: `HTTP ${main.status}` };
  let article: NormalizedArticle | null = fromMetadata(main);
  let extractor: string | null = article ? 'warc-metadata' : null;
  const html = main.type === 'response' && HTML.test(main.contentType ?? 'text/html') ? decodeBody(main.payload, main.contentType).text : null;
  if (!article && main.type === 'response') {
    if (html === null) return { reason: `not an HTML page (${main.contentType})` };
    const read = readPage(source, html, main.url, main.date);
    if ('reason' in read) return read;
    ({ article, extractor } = read);
  }
  if (!article && main.type === 'resource') {
    if (!/^text\/plain/i.test(main.contentType ?? '')) return { reason: `a resource record that is not text (${main.contentType})` };
    const [title, ...rest] = main.payload.toString('utf8').split('\n\n');
    const n = normalizeArticle({ url: main.url, title, body: rest.join('\n\n').split('\n'), capturedAt: main.date, lang: source.lang, decoded: true });
    if (!n.ok) return { reason: n.reason };
    article = n.article;
  }
  if (!article) return { reason: 'no text found' };
  let sourceId = sourceIds.get(source.slug);
  if (sourceId === undefined) {
    sourceId = await store.ensureSource({ slug: source.slug, name: source.name, lang: source.lang });
    sourceIds.set(source.slug, sourceId);
  }
  let rawSha256: string | null = null;
  if (main.type === 'response') {
    rawSha256 = createHash('sha256').update(main.payload).digest('hex');
    await store.crawl.putBlob(rawSha256, main.payload, main.date);
  }
  const item: IngestItem = {
    sourceId,
    article,
    seenAt: main.date,
    origin: main.type === 'response' || main.meta?.origin === 'crawl' ? 'crawl' : 'import',
    httpStatus: main.status,
    extractor,
    rawSha256,
  };
  return { item, images: html === null ? [] : pageImages(source.def, html, main.url) };
}

/** Wirewatch's own metadata: the text exactly as it was stored, when its hash proves it whole. */
function fromMetadata(main: MainRecord): NormalizedArticle | null {
  const m = main.meta;
  if (!m || !Array.isArray(m.body) || contentHash(m.title, m.body) !== m.textSha256) return null;
  const raw: RawArticle = { url: m.url, title: m.title, body: m.body, pageDate: m.published, capturedAt: m.capturedAt ?? main.date, lang: m.lang, decoded: true };
  const n = normalizeArticle(raw);
  return n.ok && n.article.contentHash === m.textSha256 ? n.article : null;
}

function readPage(source: KnownSource, html: string, url: string, at: string): { article: NormalizedArticle; extractor: string } | { reason: string } {
  if (source.def && source.def.adapter.kind === 'html') {
    const r = readArticlePage(source.def, html, url, { capturedAt: at });
    return r.ok ? { article: r.article, extractor: r.extractor } : { reason: r.reason };
  }
  // A source without an HTML adapter: the generic reader, as a crawl falls back to it.
  const ex = extractArticle(html, url, undefined);
  if (!ex) return { reason: 'no article text found on the page' };
  const n = normalizeArticle({ url, title: ex.title, body: ex.paragraphs, pageDate: ex.pageDate, capturedAt: at, lang: source.lang, decoded: true });
  return n.ok ? { article: n.article, extractor: ex.extractor } : { reason: n.reason };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function pickSource(main: MainRecord, forced: string | undefined, sources: KnownSource[]): KnownSource | null {
  const bySlug = (slug: string) => sources.find((s) => s.slug === slug);
  if (forced) return bySlug(forced) ?? { slug: forced, name: forced, lang: null, def: null };
  if (main.meta?.source) return bySlug(main.meta.source) ?? { slug: main.meta.source, name: main.meta.source, lang: main.meta.lang ?? null, def: null };
  const host = hostOf(main.url).replace(/^www\./, '');
  return sources.find((s) => s.def && siteHosts(s.def).has(host)) ?? null;
}

const hostsCache = new WeakMap<SourceDef, Set<string>>();
/** The hosts a source's pages are served from: its homepage's and its listings'. */
function siteHosts(def: SourceDef): Set<string> {
  let hosts = hostsCache.get(def);
  if (!hosts) {
    hosts = new Set<string>();
    const text = JSON.stringify(def);
    for (const m of text.matchAll(/https?:\/\/([^/"'?#:]+)/g)) hosts.add(m[1].toLowerCase().replace(/^www\./, ''));
    hostsCache.set(def, hosts);
  }
  return hosts;
}

/** The archive's sources (their stored definitions) and the shipped definitions, archive first. */
async function knownSources(store: Store, dir: string): Promise<KnownSource[]> {
  const out: KnownSource[] = [];
  for (const row of await store.crawl.crawlSources()) out.push({ slug: row.slug, name: row.name, lang: row.lang, def: sourceDefOf(row) });
  for (const def of loadSourcesDir(dir).sources) {
    if (!out.some((s) => s.slug === def.slug)) out.push({ slug: def.slug, name: def.name, lang: def.languages.length === 1 ? def.languages[0] : null, def });
  }
  return out;
}
