import { STATUS_CODES } from 'node:http';
import { WARCRecord } from 'warcio';
import { DEFAULT_USER_AGENT } from '../fetch/fetcher.js';
import { contentHash } from '../normalize/hash.js';
import type { TextCapture, VersionRow } from '../store/crawl-store.js';
import type { Article, Store } from '../store/store.js';
import { versionCapture } from '../versions/version-capture.js';
import { imageRecords } from './image-records.js';

export const WARC_VERSION = 'WARC/1.1';
const encoder = new TextEncoder();

/** The extracted fields of one version, as a `metadata` record holds them (JSON). */
export interface VersionMetadata {
  articleId: number;
  version: number;
  title: string;
  published: string;
  lang: string;
  source: string;
  url: string;
  /** sha256 of the version's text (title and paragraphs), as the archive's citations give it. */
  textSha256: string;
  /** The version's paragraphs as extracted, so a re-import stores exactly this text (its hash is `textSha256`). */
  body: string[];
  capturedAt: string;
  /** `crawl`: an HTTP capture by this archive; `import`: text read from a dump. */
  origin: string;
  permalink: string;
  /** The crawler keeps a subset of response headers and stores the body after undoing Content-Encoding. */
  httpHeadersKept?: 'subset';
  /** The request record is rebuilt from what the crawler sends (method, URL, its default User-Agent), not stored bytes. */
  requestReconstructed?: boolean;
}

const bytes = (b: Uint8Array) => [b];

/** The response headers as kept, with Content-Length matching the stored (decoded) body. */
function responseHeaders(kept: Record<string, string> | null | undefined, bodyLength: number): [string, string][] {
  const out: [string, string][] = Object.entries(kept ?? {}).filter(([k]) => !/^(content-length|content-encoding|transfer-encoding)$/i.test(k));
  out.push(['Content-Length', String(bodyLength)]);
  return out;
}

function requestRecord(c: TextCapture, date: string): WARCRecord {
  const u = new URL(c.url);
  return WARCRecord.create(
    {
      url: c.url,
      date,
      type: 'request',
      warcVersion: WARC_VERSION,
      statusline: `GET ${u.pathname}${u.search} HTTP/1.1`,
      httpHeaders: [
        ['Host', u.host],
        ['User-Agent', DEFAULT_USER_AGENT],
      ],
    },
    [],
  );
}

function responseRecord(c: TextCapture, date: string, body: Buffer): WARCRecord {
  const status = c.httpStatus ?? 200;
  return WARCRecord.create(
    {
      url: c.url,
      date,
      type: 'response',
      warcVersion: WARC_VERSION,
      statusline: `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd(),
      httpHeaders: responseHeaders(c.headers, body.length),
    },
    bytes(new Uint8Array(body.buffer, body.byteOffset, body.length)),
  );
}

/** The text exactly as the archive hashes it, so the payload digest is the cited `textSha256`. */
function resourceRecord(url: string, date: string, v: VersionRow): WARCRecord {
  const text = `${v.title}\n\n${v.body.join('\n')}`;
  return WARCRecord.create(
    { url, date, type: 'resource', warcVersion: WARC_VERSION, warcHeaders: { 'Content-Type': 'text/plain; charset=utf-8' } },
    bytes(encoder.encode(text)),
  );
}

function metadataRecord(url: string, date: string, refersTo: string, meta: VersionMetadata): WARCRecord {
  return WARCRecord.create(
    {
      url,
      date,
      type: 'metadata',
      warcVersion: WARC_VERSION,
      warcHeaders: { 'Content-Type': 'application/json', 'WARC-Concurrent-To': refersTo, 'WARC-Refers-To': refersTo },
    },
    bytes(encoder.encode(JSON.stringify(meta, null, 2) + '\n')),
  );
}

const recordId = (r: WARCRecord) => r.warcHeaders.headers.get('WARC-Record-ID') ?? '';

/**
 * The records of one article, oldest version first: for a version fetched over HTTP (its raw body kept),
 * request + response with the bytes as fetched; else a resource record with the text; each followed by
 * a metadata record with the extracted fields; then the photos of its image versions (image-records.ts),
 * those not in `imagesWritten` yet (the images the file holds already, shared by its articles).
 */
export async function* articleRecords(store: Store, article: Article, origin: string, imagesWritten = new Set<string>()): AsyncGenerator<WARCRecord> {
  const [versions, captures] = await Promise.all([store.crawl.versions(article.id), store.crawl.textCaptures(article.id)]);
  for (const v of versions) {
    const cap = versionCapture(versions, captures, v.n).first;
    const date = cap?.takenAt ?? v.seenAt;
    const raw = cap?.origin === 'crawl' && cap.rawSha256 ? await store.crawl.getBlob(cap.rawSha256) : null;
    const meta: VersionMetadata = {
      articleId: article.id,
      version: v.n,
      title: v.title,
      published: article.published,
      lang: article.lang,
      source: article.sourceSlug,
      url: article.url,
      textSha256: contentHash(v.title, v.body),
      body: v.body,
      capturedAt: date,
      origin: cap?.origin ?? 'import',
      permalink: `${origin}/articles/${article.id}/versions/${v.n}`,
    };
    let main: WARCRecord;
    if (cap && raw) {
      main = responseRecord(cap, date, raw);
      const req = requestRecord(cap, date);
      req.warcHeaders.headers.set('WARC-Concurrent-To', recordId(main));
      yield req;
      yield main;
      meta.httpHeadersKept = 'subset';
      meta.requestReconstructed = true;
    } else {
      main = resourceRecord(cap?.url ?? article.url, date, v);
      yield main;
    }
    yield metadataRecord(main.warcTargetURI ?? article.url, date, recordId(main), meta);
  }
  yield* imageRecords(store, article.id, imagesWritten);
}
