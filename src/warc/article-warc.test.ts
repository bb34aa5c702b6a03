import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { CDXIndexer, WARCParser } from 'warcio';
import { tempDir } from '../../test/helpers.js';
import { normalizeArticle } from '../normalize/article.js';
import type { CaptureInput, CrawlUrlRow } from '../store/crawl-store.js';
import { openSqliteStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { createApp } from '../web/app.js';
import type { VersionMetadata } from './article-records.js';

const ORIGIN = 'https://archive.example';
const URL_1 = 'https://outlet.example/news/1?a=1&b=2';
const URL_IMPORTED = 'https://outlet.example/news/2';
const BYTES_1 = Buffer.from('<html><body><h1>Harvest</h1><p>The delegation praised the harvest.</p></body></html>');
const BYTES_2 = Buffer.from('<html><body><h1>Harvest</h1><p>The delegation criticized the harvest. 수확</p></body></html>');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const HEADERS = { 'content-type': 'text/html; charset=utf-8', 'content-length': '999', server: 'outlet', date: 'Wed, 01 May 2024 01:00:00 GMT' };

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let crawledId = 0;
let importedId = 0;

const get = (path: string) => app.request(`${ORIGIN}${path}`, { headers: { 'x-forwarded-proto': 'https' } });

function capture(at: string, contentHash: string, raw: Buffer): CaptureInput {
  return { takenAt: at, url: URL_1, httpStatus: 200, headers: HEADERS, rawSha256: sha256(raw), contentHash, extractor: 'selectors', errorKind: null };
}

function article(url: string, body: string[]) {
  const r = normalizeArticle({ url, title: 'Harvest', body, pageDate: '2024-05-01', lang: 'en', decoded: true });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
}

/** A crawled article edited once (raw bytes of both fetches kept), and an article imported from a dump. */
beforeAll(async () => {
  store = await openSqliteStore(join(tempDir(), 'warc.db'));
  app = createApp(store);
  const sourceId = await store.ensureSource({ slug: 'outlet', name: 'Outlet', lang: 'en' });
  const c = store.crawl;
  await c.enqueue(sourceId, [{ url: URL_1, fetchUrl: URL_1, mode: 'page', listingDate: '2024-05-01', hint: null }], '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z');
  const [row] = await c.queuedUrls(sourceId, '2024-05-01T00:00:00Z', 1);
  const v = { etag: null, lastModified: null, rawSha256: null };
  const first = article(URL_1, ['The delegation praised the harvest.']);
  await c.putBlob(sha256(BYTES_1), BYTES_1, '2024-05-01T01:00:00Z');
  await c.storeNew(row, { sourceId, article: first, seenAt: '2024-05-01T01:00:00Z', origin: 'crawl', httpStatus: 200, extractor: 'selectors', rawSha256: sha256(BYTES_1) }, capture('2024-05-01T01:00:00Z', first.contentHash, BYTES_1), v, '2024-05-02T00:00:00Z');
  const due = async (): Promise<CrawlUrlRow> => (await c.dueRechecks(sourceId, '2030-01-01T00:00:00Z', 1, true))[0];
  const edited = article(URL_1, ['The delegation criticized the harvest. 수확']);
  await c.putBlob(sha256(BYTES_2), BYTES_2, '2024-05-03T02:00:00Z');
  const next = () => ({ step: 0, at: '2024-06-01T00:00:00Z' });
  expect(await c.storeRecheck(await due(), edited, capture('2024-05-03T02:00:00Z', edited.contentHash, BYTES_2), v, next)).toBe('edited');
  crawledId = (await store.findArticleIdByUrl(URL_1))!;
  [{ id: importedId }] = await store.ingestBatch([{ sourceId, article: article(URL_IMPORTED, ['Imported paragraph one.', 'Imported paragraph two.']), seenAt: '2024-04-01T00:00:00Z', origin: 'import' }]);
});
afterAll(async () => store.close());

interface ReadRecord {
  type: string;
  headers: Map<string, string>;
  block: Uint8Array;
}

/** Every record with its whole block as bytes (HTTP headers not parsed), so digests can be recomputed. */
async function readWarc(body: ArrayBuffer): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  for await (const r of WARCParser.iterRecords([new Uint8Array(body)], { parseHttp: false })) {
    const block = await r.readFully(false);
    out.push({ type: r.warcType ?? '', headers: new Map(r.warcHeaders.headers as Iterable<[string, string]>), block: new Uint8Array(block) });
  }
  return out;
}

const digest = (b: Uint8Array) => `sha256:${sha256(b)}`;
function payloadOf(r: ReadRecord): Uint8Array {
  if (r.type !== 'request' && r.type !== 'response') return r.block;
  const end = Buffer.from(r.block).indexOf('\r\n\r\n');
  return r.block.subarray(end + 4);
}

describe('WARC of an article', () => {
  it('writes warcinfo, then request/response/metadata per crawled version, with the stored raw bytes and right digests', async () => {
    const res = await get(`/api/articles/${crawledId}/warc`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/warc');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="article-${crawledId}.warc.gz"`);
    const raw = await res.arrayBuffer();
    expect([...new Uint8Array(raw.slice(0, 2))]).toEqual([0x1f, 0x8b]);
    const records = await readWarc(raw);
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'metadata', 'request', 'response', 'metadata']);
    for (const r of records) expect(r.headers.get('warc-record-id')).toMatch(/^<urn:uuid:[0-9a-f-]{36}>$/);

    const [, req1, res1, meta1, , res2, meta2] = records;
    for (const r of records.slice(1)) {
      expect(r.headers.get('warc-target-uri')).toBe(URL_1);
      expect(r.headers.get('warc-block-digest')).toBe(digest(r.block));
      expect(r.headers.get('warc-payload-digest')).toBe(digest(payloadOf(r)));
      expect(Number(r.headers.get('content-length'))).toBe(r.block.length);
    }
    expect(res1.headers.get('warc-date')).toBe('2024-05-01T01:00:00Z');
    expect(res2.headers.get('warc-date')).toBe('2024-05-03T02:00:00Z');
    // The payload is the body as fetched: its sha256 is the capture's rawSha256.
    expect(Buffer.from(payloadOf(res1))).toEqual(BYTES_1);
    expect(Buffer.from(payloadOf(res2))).toEqual(BYTES_2);
    const captures = await store.crawl.textCaptures(crawledId);
    expect(captures.map((c) => c.rawSha256)).toEqual([sha256(payloadOf(res1)), sha256(payloadOf(res2))]);

    const head1 = Buffer.from(res1.block.subarray(0, res1.block.length - payloadOf(res1).length)).toString();
    expect(head1.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(head1).toContain('content-type: text/html; charset=utf-8\r\n');
    expect(head1).toContain(`Content-Length: ${BYTES_1.length}\r\n`);
    expect(head1).not.toContain('999');
    expect(Buffer.from(req1.block).toString()).toMatch(/^GET \/news\/1\?a=1&b=2 HTTP\/1\.1\r\nHost: outlet\.example\r\nUser-Agent: WirewatchBot/);
    expect(req1.headers.get('warc-concurrent-to')).toBe(res1.headers.get('warc-record-id'));

    expect(meta1.headers.get('warc-refers-to')).toBe(res1.headers.get('warc-record-id'));
    expect(meta1.headers.get('content-type')).toBe('application/json');
    const m1 = JSON.parse(Buffer.from(meta1.block).toString()) as VersionMetadata;
    expect(m1).toMatchObject({ articleId: crawledId, version: 1, title: 'Harvest', lang: 'en', source: 'outlet', url: URL_1, origin: 'crawl', capturedAt: '2024-05-01T01:00:00Z', permalink: `${ORIGIN}/articles/${crawledId}/versions/1` });
    const versions = await store.crawl.versions(crawledId);
    expect(m1.textSha256).toBe(versions[0].contentHash);
    const m2 = JSON.parse(Buffer.from(meta2.block).toString()) as VersionMetadata;
    expect(m2).toMatchObject({ version: 2, textSha256: versions[1].contentHash });
  });

  it("indexes with warcio's CDX indexer (strict headers), each record its own gzip member", async () => {
    const raw = new Uint8Array(await (await get(`/api/articles/${crawledId}/warc`)).arrayBuffer());
    const lines: { offset: number; length: number; status?: number; digest?: string; url?: string }[] = [];
    for await (const l of new CDXIndexer({ all: true }).iterIndex([{ filename: 'a.warc.gz', reader: (async function* () { yield raw; })() }])) lines.push(l as (typeof lines)[number]);
    expect(lines).toHaveLength(7);
    let end = 0;
    for (const l of lines) {
      expect(l.offset).toBe(end);
      expect(gunzipSync(raw.subarray(l.offset, l.offset + l.length)).subarray(0, 9).toString()).toBe('WARC/1.1\r');
      end = l.offset + l.length;
    }
    expect(end).toBe(raw.length);
    // The index's digest of a response is its payload's: the stored raw body.
    const responses = lines.filter((l) => l.status === 200);
    expect(responses.map((l) => [l.url, l.digest])).toEqual([
      [URL_1, sha256(BYTES_1)],
      [URL_1, sha256(BYTES_2)],
    ]);
  });

  it('writes imported text as a resource record', async () => {
    const records = await readWarc(await (await get(`/api/articles/${importedId}/warc`)).arrayBuffer());
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'resource', 'metadata']);
    const [, resource, meta] = records;
    expect(resource.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(resource.headers.get('warc-target-uri')).toBe(URL_IMPORTED);
    expect(Buffer.from(resource.block).toString()).toBe('Harvest\n\nImported paragraph one.\nImported paragraph two.');
    expect(resource.headers.get('warc-block-digest')).toBe(digest(resource.block));
    const m = JSON.parse(Buffer.from(meta.block).toString()) as VersionMetadata;
    expect(m).toMatchObject({ origin: 'import', version: 1, capturedAt: '2024-04-01T00:00:00Z' });
    // The resource holds the text as hashed: its payload digest is the cited text hash.
    expect(resource.headers.get('warc-payload-digest')).toBe(`sha256:${m.textSha256}`);
    expect(meta.headers.get('warc-refers-to')).toBe(resource.headers.get('warc-record-id'));
  });

  it('writes a crawled text whose raw body is not kept as a resource record, saying it was crawled', async () => {
    const url = 'https://outlet.example/news/3';
    const sourceId = (await store.crawl.crawlSources()).find((s) => s.slug === 'outlet')!.id;
    await store.crawl.enqueue(sourceId, [{ url, fetchUrl: url, mode: 'page', listingDate: '2024-05-01', hint: null }], '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z');
    const [row] = await store.crawl.queuedUrls(sourceId, '2024-05-01T00:00:00Z', 1);
    const a = article(url, ['Fetched before raw bodies were kept.']);
    const cap: CaptureInput = { takenAt: '2024-05-01T03:00:00Z', url, httpStatus: 200, headers: null, rawSha256: null, contentHash: a.contentHash, extractor: 'selectors', errorKind: null };
    await store.crawl.storeNew(row, { sourceId, article: a, seenAt: cap.takenAt, origin: 'crawl', httpStatus: 200 }, cap, { etag: null, lastModified: null, rawSha256: null }, '2024-05-02T00:00:00Z');
    const id = (await store.findArticleIdByUrl(url))!;
    const records = await readWarc(await (await get(`/api/articles/${id}/warc`)).arrayBuffer());
    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'resource', 'metadata']);
    expect(records[1].headers.get('warc-date')).toBe('2024-05-01T03:00:00Z');
    expect(JSON.parse(Buffer.from(records[2].block).toString())).toMatchObject({ origin: 'crawl', capturedAt: '2024-05-01T03:00:00Z' });
  });

  it('answers 404 for an unknown article', async () => {
    expect((await get('/api/articles/999999/warc')).status).toBe(404);
  });
});

describe('WARC of a search', () => {
  it('holds the records of every match, and refuses a bad query', async () => {
    const res = await get(`/api/search.warc?q=${encodeURIComponent('delegation OR imported')}`);
    expect(res.status).toBe(200);
    const records = await readWarc(await res.arrayBuffer());
    expect(records[0].type).toBe('warcinfo');
    const uris = new Set(records.slice(1).map((r) => r.headers.get('warc-target-uri')));
    expect(uris).toEqual(new Set([URL_1, URL_IMPORTED]));
    expect((await get('/api/search.warc?q=')).status).toBe(400);
    expect((await get(`/api/search.warc?q=${encodeURIComponent('title:(')}`)).status).toBe(400);
  });
});
