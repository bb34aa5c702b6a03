import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCRecord, WARCSerializer } from 'warcio';
import { makeScene, type Scene } from '../images/testing/scenes.js';
import { imagesOf } from '../store/images.js';
import { openStore } from '../store/open-store.js';
import { storeDb } from '../store/store-db.js';
import type { Store } from '../store/store.js';
import { testBackends } from '../testing/backends.js';
import { importWarc } from './warc-import.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const jpeg = (scene: Scene, omit: number[] = []) =>
  sharp(Buffer.from(scene.draw(omit)), { raw: { width: scene.width, height: scene.height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();

const PAGE = 'https://outlet.example/news/7';
const page = (text: string) =>
  new TextEncoder().encode(`<!doctype html><html><head><title>Leader visits a farm</title><meta property="og:image" content="/img/group.jpg"></head><body><main><article>
  <h1>Leader visits a farm</h1><p>${text}</p><p>He gave instructions on the harvest and praised the farmers for their work this year.</p>
  <figure><img src="/img/group.jpg" alt="group"><figcaption>The leader with officials</figcaption></figure>
  <figure><img src="/img/badge.svg" alt="badge"><figcaption>Badge</figcaption></figure>
  </article></main></body></html>`);

/** A WARC as another crawler writes it: a page, its images after it; the page again two days later with one photo doctored. */
async function photoWarc(): Promise<{ file: string; original: Buffer; edited: Buffer; loose: Buffer }> {
  const scene = makeScene(31);
  const original = await jpeg(scene);
  const edited = await jpeg(scene, [1]);
  const loose = await jpeg(makeScene(32));
  const response = (url: string, date: string, type: string, body: Uint8Array, status = '200 OK') =>
    WARCRecord.create({ url, date, type: 'response', warcVersion: 'WARC/1.0', statusline: `HTTP/1.1 ${status}`, httpHeaders: { 'Content-Type': type } }, [body]);
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const records = [
    response(PAGE, '2026-05-01T00:00:00Z', 'text/html; charset=utf-8', page('The leader visited a cooperative farm in the province on Friday.')),
    response('https://outlet.example/img/group.jpg', '2026-05-01T00:00:05Z', 'image/jpeg', original),
    response('https://outlet.example/img/badge.svg', '2026-05-01T00:00:06Z', 'image/svg+xml', svg),
    // A photo under a type that says nothing: its bytes decide.
    response('https://outlet.example/img/loose', '2026-05-01T00:00:07Z', 'application/octet-stream', loose),
    response('https://outlet.example/img/gone.jpg', '2026-05-01T00:00:08Z', 'image/jpeg', new TextEncoder().encode('not here'), '404 Not Found'),
    response(PAGE, '2026-05-03T00:00:00Z', 'text/html; charset=utf-8', page('The leader visited a cooperative farm in the province on Friday.')),
    response('https://outlet.example/img/group.jpg', '2026-05-03T00:00:04Z', 'image/jpeg', edited),
  ];
  const file = join(mkdtempSync(join(tmpdir(), 'warc-images-')), 'photos.warc.gz');
  writeFileSync(file, Buffer.concat(await Promise.all(records.map(async (r) => Buffer.from(await WARCSerializer.serialize(r, { gzip: true }))))));
  return { file, original, edited, loose };
}

describe.each(testBackends())('WARC import of images ($name)', (backend) => {
  let store: Store;
  let warc: Awaited<ReturnType<typeof photoWarc>>;
  beforeAll(async () => {
    warc = await photoWarc();
    store = await openStore(await backend.location());
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
    rmSync(dirname(warc.file), { recursive: true, force: true });
  });

  it('stores the image records as captured images, refuses what is no photo, and links them to the page that shows them', { timeout: 60_000 }, async () => {
    const skipped: string[] = [];
    const summary = await importWarc(store, warc.file, { source: 'outlet', onSkip: (s) => skipped.push(`${s.url}: ${s.reason}`) });
    expect(summary).toMatchObject({ records: 7, read: 2, imported: 1, images: { records: 4, added: 3, known: 0, refused: 1, linked: 2, events: 2 } });
    expect(skipped).toEqual(['https://outlet.example/img/badge.svg: image refused: not a raster image (svg)', 'https://outlet.example/img/gone.jpg: HTTP 404']);
    const images = imagesOf(store);
    for (const b of [warc.original, warc.edited, warc.loose]) expect(await images.image(sha(b))).toMatchObject({ format: 'jpeg', phash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(await images.image(sha(new TextEncoder().encode('not here')))).toBeNull();

    const id = (await store.findArticleIdByUrl(PAGE))!;
    const sets = await images.sets(id);
    expect(sets.map((s) => s.seenAt)).toEqual(['2026-05-01T00:00:00Z', '2026-05-03T00:00:00Z']);
    expect(sets[0].slots.map((s) => [s.slot, s.caption, s.sha256, s.problem])).toEqual([
      ['og:image', null, sha(warc.original), null],
      ['content:1', 'The leader with officials', sha(warc.original), null],
      ['content:2', 'Badge', null, 'not a raster image (svg)'],
    ]);
    // The page's second capture holds the photo captured beside it: the doctored one, classified as the crawler does.
    expect(sets[1].slots.find((s) => s.slot === 'content:1')).toMatchObject({ sha256: sha(warc.edited), change: { kind: 'edited', from: sha(warc.original) } });
    const { rows } = await sql<{ type: string; detail: string }>`SELECT type, detail FROM events WHERE article_id = ${id} AND type LIKE 'image-%' ORDER BY id`.execute(storeDb(store));
    expect(rows.map((r) => r.type)).toEqual(['image-edited', 'image-edited']);
    expect(rows.map((r) => JSON.parse(r.detail).slot)).toEqual(['og:image', 'content:1']);
    expect(JSON.parse(rows[1].detail)).toMatchObject({ oldSha256: sha(warc.original), newSha256: sha(warc.edited), region: { w: expect.any(Number) } });
    // The photo no page shows is kept all the same (found by the similar-image lookup).
    expect((await images.appearances([sha(warc.loose)])).length).toBe(0);
  });

  it('importing the same WARC again adds nothing', { timeout: 60_000 }, async () => {
    const id = (await store.findArticleIdByUrl(PAGE))!;
    const before = (await imagesOf(store).sets(id)).length;
    const again = await importWarc(store, warc.file, { source: 'outlet' });
    expect(again.images).toMatchObject({ added: 0, known: 3, refused: 1 });
    expect((await imagesOf(store).sets(id)).length).toBe(before);
  });
});
