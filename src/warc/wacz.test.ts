import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import yauzl from 'yauzl';
import { tempDir } from '../../test/helpers.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { articleRecords } from './article-records.js';
import { buildWarcFixture, FIXTURE_BYTES, FIXTURE_URL_CRAWLED, FIXTURE_URL_IMPORTED, sha256Hex } from './warc-fixture.js';
import { writeWacz, type WaczItem } from './wacz.js';
import { warcinfoRecord } from './write-warc.js';

let store: Store;
let ids: { crawledId: number; importedId: number };

beforeAll(async () => {
  store = await openStore(join(tempDir(), 'wacz.db'));
  ids = await buildWarcFixture(store);
});
afterAll(async () => store.close());

/** Every entry of a zip, whole, with whether it was stored uncompressed. */
function readZip(file: string): Promise<Map<string, { data: Buffer; stored: boolean }>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, { data: Buffer; stored: boolean }>();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (d: Buffer) => parts.push(d));
          stream.on('end', () => {
            out.set(entry.fileName, { data: Buffer.concat(parts), stored: entry.compressionMethod === 0 });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function* items(origin: string): AsyncGenerator<WaczItem> {
  for (const id of [ids.crawledId, ids.importedId]) {
    const article = (await store.getArticle(id))!;
    yield { records: articleRecords(store, article, origin), title: article.title };
  }
}

describe('WACZ package', () => {
  it('holds the WARC, a sorted CDXJ index whose offsets find each record, pages, and a datapackage whose digests verify', async () => {
    const file = join(tempDir(), 'out.wacz');
    const result = await writeWacz(warcinfoRecord('data.warc.gz', 'test'), items('https://archive.example'), file, { title: 'Test package' });
    expect(result).toMatchObject({ records: 8, pages: 2 });
    const zip = await readZip(file);
    expect([...zip.keys()].sort()).toEqual(['archive/data.warc.gz', 'datapackage-digest.json', 'datapackage.json', 'indexes/index.cdx', 'pages/pages.jsonl']);
    for (const e of zip.values()) expect(e.stored).toBe(true);

    const pkg = JSON.parse(zip.get('datapackage.json')!.data.toString());
    expect(pkg).toMatchObject({ profile: 'data-package', wacz_version: '1.1.1', title: 'Test package', software: 'Wirewatch' });
    expect(pkg.resources.map((r: { path: string }) => r.path).sort()).toEqual(['archive/data.warc.gz', 'indexes/index.cdx', 'pages/pages.jsonl']);
    for (const r of pkg.resources as { path: string; hash: string; bytes: number }[]) {
      const data = zip.get(r.path)!.data;
      expect(r.hash).toBe(`sha256:${sha256Hex(data)}`);
      expect(r.bytes).toBe(data.length);
    }
    const digest = JSON.parse(zip.get('datapackage-digest.json')!.data.toString());
    expect(digest).toEqual({ path: 'datapackage.json', hash: `sha256:${sha256Hex(zip.get('datapackage.json')!.data)}` });

    const warc = zip.get('archive/data.warc.gz')!.data;
    const lines = zip.get('indexes/index.cdx')!.data.toString().trimEnd().split('\n');
    expect([...lines].sort()).toEqual(lines);
    // Two responses (the crawled article's versions) and one resource (the imported text).
    expect(lines).toHaveLength(3);
    const seen: string[] = [];
    for (const line of lines) {
      const [surt, ts, json] = line.split(' ', 3);
      const cdx = JSON.parse(line.slice(surt.length + ts.length + 2));
      expect(json.startsWith('{')).toBe(true);
      expect(ts).toMatch(/^\d{14}$/);
      expect(cdx.filename).toBe('data.warc.gz');
      const member = gunzipSync(warc.subarray(Number(cdx.offset), Number(cdx.offset) + Number(cdx.length)));
      const record = (await new WARCParser([new Uint8Array(member)]).parse())!;
      expect(record.warcTargetURI).toBe(cdx.url);
      expect(record.warcPayloadDigest).toBe(cdx.digest.startsWith('sha256:') ? cdx.digest : `sha256:${cdx.digest}`);
      seen.push(`${record.warcType} ${cdx.url}`);
      if (record.warcType === 'response') {
        const payload = Buffer.from(await record.readFully(true));
        expect(FIXTURE_BYTES.some((b) => b.equals(payload))).toBe(true);
      }
    }
    expect(seen.sort()).toEqual([`resource ${FIXTURE_URL_IMPORTED}`, `response ${FIXTURE_URL_CRAWLED}`, `response ${FIXTURE_URL_CRAWLED}`]);

    const pages = zip.get('pages/pages.jsonl')!.data.toString().trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(pages[0]).toMatchObject({ format: 'json-pages-1.0', id: 'pages' });
    // A page opens the latest capture of each article.
    expect(pages.slice(1).map((p) => [p.url, p.ts, p.title])).toEqual([
      [FIXTURE_URL_CRAWLED, '2024-05-03T02:00:00Z', 'Harvest'],
      [FIXTURE_URL_IMPORTED, '2024-04-01T00:00:00Z', 'Harvest'],
    ]);
  });
});
