import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCRecord, WARCSerializer } from 'warcio';
import { tempDir, TESTDATA } from '../../test/helpers.js';
import { exportWarc } from '../export/warc-export.js';
import { articleIdsInOrder } from '../store/article-ids.js';
import { openStore } from '../store/open-store.js';
import { storeDb } from '../store/store-db.js';
import type { Store } from '../store/store.js';
import { testBackends } from '../testing/backends.js';
import { buildWarcFixture, FIXTURE_BYTES, FIXTURE_URL_CRAWLED, FIXTURE_URL_IMPORTED } from '../warc/warc-fixture.js';
import { importWarc } from './warc-import.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * What a citation rests on: each article's URL, source, date, language and every version's text hash,
 * with the raw bytes kept. (The current text is left out: an import keeps the first text it reads as
 * current and the later ones as versions, as a dump's import does.)
 */
async function evidence(store: Store) {
  const out = [];
  for await (const id of articleIdsInOrder({ db: storeDb(store) })) {
    const a = (await store.getArticle(id))!;
    const versions = await store.crawl.versions(id);
    const captures = await store.crawl.textCaptures(id);
    out.push({
      url: a.url,
      source: a.sourceSlug,
      published: a.published,
      lang: a.lang,
      versions: versions.map((v) => v.contentHash),
      raw: captures.filter((c) => c.rawSha256).map((c) => [c.takenAt, c.rawSha256, c.httpStatus]),
    });
  }
  return out;
}

describe.each(testBackends())('WARC import ($name)', (backend) => {
  const stores: Store[] = [];
  async function fresh(_name: string): Promise<Store> {
    const s = await openStore(await backend.location());
    stores.push(s);
    return s;
  }
  afterAll(async () => {
    for (const s of stores) await s.close();
    await backend.cleanup();
  });
  let original: Store;
  let warc: string;
  beforeAll(async () => {
    original = await fresh('original.db');
    await buildWarcFixture(original);
    warc = join(mkdtempSync(join(tmpdir(), 'warc-import-')), 'export.warc.gz');
    expect(await exportWarc(original, articleIdsInOrder({ db: storeDb(original) }), { format: 'warc', out: warc, baseUrl: 'https://archive.example', description: 'test' })).toBe(2);
  });

  it('re-imports an exported WARC into an empty archive with the same articles, versions, text hashes and raw bytes', async () => {
    const copy = await fresh('copy.db');
    const summary = await importWarc(copy, warc);
    expect(summary).toMatchObject({ read: 3, imported: 2, versions: 1, skipped: 0 });
    const [a, b] = [await evidence(original), await evidence(copy)];
    expect(b).toEqual(a);
    expect(b.find((e) => e.url === FIXTURE_URL_CRAWLED)!.raw.map((r) => r[1])).toEqual(FIXTURE_BYTES.map(sha256));
    expect(b.find((e) => e.url === FIXTURE_URL_IMPORTED)!.raw).toEqual([]);
    // The raw bytes came back: a WARC of the copy has the same payloads.
    const id = (await copy.findArticleIdByUrl(FIXTURE_URL_CRAWLED))!;
    const blobs = await Promise.all((await copy.crawl.textCaptures(id)).map((c) => copy.crawl.getBlob(c.rawSha256!)));
    expect(blobs.map((b) => b && Buffer.from(b))).toEqual(FIXTURE_BYTES);
  });

  it('importing the same WARC again changes nothing', async () => {
    const copy = await fresh('twice.db');
    await importWarc(copy, warc);
    const once = await evidence(copy);
    const again = await importWarc(copy, warc);
    expect(again).toMatchObject({ imported: 0, versions: 0, unchanged: 3 });
    expect(await evidence(copy)).toEqual(once);
  });

  it("reads another crawler's capture of an outlet page with that source's adapter, skipping what is not a page", async () => {
    const url = 'http://www.rodong.rep.kp/en/index.php?MTJAMjAyNi0wOC0yNS1OMDAxQDFAMUBAMEAxMw==';
    const html = readFileSync(join(TESTDATA, 'sites', 'rodong-en', 'article-2026-1.html'));
    const date = '2026-08-25T03:00:00Z';
    const http = (status: string, type: string, body: Uint8Array) =>
      WARCRecord.create({ url, date, type: 'response', warcVersion: 'WARC/1.0', statusline: `HTTP/1.1 ${status}`, httpHeaders: { 'Content-Type': type } }, [body]);
    const records = [
      WARCRecord.create({ url, date, type: 'request', warcVersion: 'WARC/1.0', statusline: 'GET /en/ HTTP/1.1', httpHeaders: { Host: 'www.rodong.rep.kp' } }, []),
      http('200 OK', 'text/html; charset=utf-8', new Uint8Array(html)),
      WARCRecord.create({ url: 'http://www.rodong.rep.kp/en/missing', date, type: 'response', warcVersion: 'WARC/1.0', statusline: 'HTTP/1.1 404 Not Found', httpHeaders: { 'Content-Type': 'text/html' } }, [new TextEncoder().encode('gone')]),
      WARCRecord.create({ url: 'http://elsewhere.example/a', date, type: 'response', warcVersion: 'WARC/1.0', statusline: 'HTTP/1.1 200 OK', httpHeaders: { 'Content-Type': 'text/html' } }, [new TextEncoder().encode('<p>x</p>')]),
    ];
    const file = join(tempDir(), 'other.warc.gz');
    writeFileSync(file, Buffer.concat(await Promise.all(records.map(async (r) => Buffer.from(await WARCSerializer.serialize(r, { gzip: true }))))));
    const store = await fresh('other.db');
    const skipped: string[] = [];
    const summary = await importWarc(store, file, { onSkip: (s) => skipped.push(s.reason) });
    expect(summary).toMatchObject({ records: 4, imported: 1, skipped: 2 });
    const article = (await store.getArticle((await store.findArticleIdByUrl(url))!))!;
    expect(article).toMatchObject({ sourceSlug: 'rodong-en', published: '2026-08-25', lang: 'en', title: 'Respected Comrade Kim Jong Un Visits Greenhouse Farm' });
    expect(article.body[0]).toBe('Respected Comrade Kim Jong Un visited a greenhouse farm under construction.');
    expect(skipped).toEqual(['HTTP 404', 'no source for elsewhere.example (give --source SLUG)']);
    const [e] = await evidence(store);
    expect(e.raw).toEqual([[date, sha256(html), 200]]);
  });

  it('names the file and byte where a WARC stops making sense', async () => {
    const file = join(tempDir(), 'bad.warc');
    writeFileSync(file, 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>a saved page, not a WARC</p>');
    await expect(importWarc(await fresh('bad.db'), file)).rejects.toThrow(/bad\.warc/);
  });
});
