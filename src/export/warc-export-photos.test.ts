import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import yauzl from 'yauzl';
import { importWarc } from '../import/warc-import.js';
import { articleIdsInOrder } from '../store/article-ids.js';
import { imagesOf } from '../store/images.js';
import { openStore } from '../store/open-store.js';
import { storeDb } from '../store/store-db.js';
import type { Store } from '../store/store.js';
import { testBackends } from '../testing/backends.js';
import { buildPhotoFixture, LANDSCAPE_URL, PHOTO_ARTICLE_URL, PHOTO_URL, type PhotoFixture } from '../warc/photo-fixture.js';
import { createApp } from '../web/app.js';
import { exportWarc } from './warc-export.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const digest = (b: Uint8Array) => `sha256:${sha256(b)}`;

interface ImageRecordSeen { url: string; date: string; type: string; sha256: string; payloadDigest: string | null; blockDigest: string | null; digestOk: boolean }

async function imageRecordsOf(warc: string | Buffer): Promise<ImageRecordSeen[]> {
  const out: ImageRecordSeen[] = [];
  const parser = new WARCParser([gunzipSync(typeof warc === 'string' ? readFileSync(warc) : warc)]);
  for await (const r of parser) {
    if (r.warcType !== 'resource' || !/^image\//.test(r.warcContentType ?? '')) continue;
    const payload = await r.readFully(false);
    const h = r.warcHeaders.headers;
    out.push({
      url: r.warcTargetURI!, date: r.warcDate!, type: r.warcContentType!, sha256: sha256(payload),
      payloadDigest: h.get('WARC-Payload-Digest') ?? null, blockDigest: h.get('WARC-Block-Digest') ?? null, digestOk: h.get('WARC-Payload-Digest') === digest(payload),
    });
  }
  return out;
}

function zipEntries(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (d: Buffer) => parts.push(d));
          stream.on('end', () => { out.set(entry.fileName, Buffer.concat(parts)); zip.readEntry(); });
        }));
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe.each(testBackends())('WARC and WACZ exports carry photos ($name)', (backend) => {
  const stores: Store[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'warc-photos-'));
  let original: Store;
  let fixture: PhotoFixture;
  const warc = join(dir, 'export.warc.gz');
  const wacz = join(dir, 'export.wacz');
  const fresh = async () => {
    const s = await openStore(await backend.location());
    stores.push(s);
    return s;
  };
  beforeAll(async () => {
    original = await fresh();
    fixture = await buildPhotoFixture(original);
    const opts = { baseUrl: 'https://archive.example', description: 'test' };
    expect(await exportWarc(original, articleIdsInOrder({ db: storeDb(original) }), { ...opts, format: 'warc', out: warc })).toBe(2);
    expect(await exportWarc(original, articleIdsInOrder({ db: storeDb(original) }), { ...opts, format: 'wacz', out: wacz })).toBe(2);
  }, 60_000);
  afterAll(async () => {
    for (const s of stores) await s.close();
    await backend.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each stored photo once, at its address, typed by its bytes, dated when captured, with right digests', async () => {
    const seen = await imageRecordsOf(warc);
    expect(seen.map(({ url, date, type, sha256 }) => ({ url, date, type, sha256 }))).toEqual([
      { url: LANDSCAPE_URL, date: '2024-05-01T01:00:00.000Z', type: 'image/jpeg', sha256: fixture.landscape },
      { url: PHOTO_URL, date: '2024-05-01T01:00:00.000Z', type: 'image/jpeg', sha256: fixture.original },
      { url: PHOTO_URL, date: '2024-05-03T02:00:00.000Z', type: 'image/jpeg', sha256: fixture.edited },
    ]);
    for (const r of seen) {
      expect(r.digestOk, r.url).toBe(true);
      expect(r.blockDigest, r.url).toBe(r.payloadDigest);
    }
  });

  it('GET /api/articles/:id/warc carries the article\'s photos too', async () => {
    const res = await createApp(original).request(`/api/articles/${fixture.articleId}/warc`);
    expect(res.status).toBe(200);
    const seen = await imageRecordsOf(Buffer.from(await res.arrayBuffer()));
    expect(seen.map((r) => r.sha256)).toEqual([fixture.landscape, fixture.original, fixture.edited]);
  });

  it('lists the photos in the WACZ index, and only the articles in its pages', async () => {
    const entries = await zipEntries(wacz);
    const index = entries.get('indexes/index.cdx')!.toString('utf8').trim().split('\n').map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { url: string; mime: string; digest?: string });
    expect(index.filter((l) => l.mime === 'image/jpeg').map((l) => l.url).sort()).toEqual([LANDSCAPE_URL, PHOTO_URL, PHOTO_URL]);
    const pages = entries.get('pages/pages.jsonl')!.toString('utf8').trim().split('\n').slice(1).map((l) => (JSON.parse(l) as { url: string }).url);
    expect(pages).toEqual([PHOTO_ARTICLE_URL, 'https://outlet.example/news/farm']);
  });

  it('an export imported into an empty archive gives back the same photos and the article’s latest image slots', { timeout: 60_000 }, async () => {
    const copy = await fresh();
    const summary = await importWarc(copy, warc);
    expect(summary.images).toMatchObject({ records: 3, added: 3, refused: 0 });
    const images = imagesOf(copy);
    for (const sha of [fixture.original, fixture.edited, fixture.landscape]) expect(await images.image(sha), sha).not.toBeNull();
    const id = (await copy.findArticleIdByUrl(PHOTO_ARTICLE_URL))!;
    const slots = (s: Awaited<ReturnType<typeof images.latestSet>>) => s!.slots.map(({ slot, srcUrl, sha256 }) => ({ slot, srcUrl, sha256 }));
    expect(slots(await images.latestSet(id))).toEqual(slots(await imagesOf(original).latestSet(fixture.articleId)));
    expect((await images.sets(id)).map((s) => s.slots.find((x) => x.srcUrl === PHOTO_URL)?.sha256)).toEqual([fixture.original, fixture.edited]);
  });
});
