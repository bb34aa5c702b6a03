// Image capture through the crawl, per image: a loopback site of articles with photos crawled with image
// capture on and off side by side (first capture), then rechecked with the photos unchanged (conditional
// requests answered 304) — on SQLite, and on PostgreSQL when WIREWATCH_BENCH_PG names a database.
//   npx tsx bench/photos-crawl.ts            (PHOTOS_CRAWL_ARTICLES, default 40; PHOTOS_CRAWL_IMAGES per article, default 4)
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { Crawler } from '../src/crawl/crawler.js';
import { upsertSourceDef } from '../src/crawl/sync.js';
import { Fetcher } from '../src/fetch/fetcher.js';
import { startTestServer } from '../src/fetch/test-server.js';
import { makeScene } from '../src/images/testing/scenes.js';
import { parseSource } from '../src/sources/load.js';
import { openStore } from '../src/store/open-store.js';

const ARTICLES = Number(process.env.PHOTOS_CRAWL_ARTICLES ?? 40);
const PER_ARTICLE = Number(process.env.PHOTOS_CRAWL_IMAGES ?? 4);
const out = (s = '') => process.stdout.write(`${s}\n`);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

// Distinct photos (scenes 640–800 px wide, JPEG q85), one set per site so each run captures new images.
async function photos(prefix: number): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: ARTICLES * PER_ARTICLE }, async (_, i) => {
      const s = makeScene(prefix * 10_000 + i);
      return sharp(Buffer.from(s.draw()), { raw: { width: s.width, height: s.height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
    }),
  );
}

async function site(images: Buffer[]) {
  const etags = images.map((b) => `"${createHash('sha256').update(b).digest('hex').slice(0, 16)}"`);
  const server = await startTestServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') return void res.writeHead(404).end();
    if (path === '/news') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end(`<ul class="news">${Array.from({ length: ARTICLES }, (_, i) => `<li><a href="/a/${i}">Report ${i}</a></li>`).join('')}</ul>`);
    }
    const a = /^\/a\/(\d+)$/.exec(path);
    if (a) {
      const n = Number(a[1]);
      const imgs = Array.from({ length: PER_ARTICLE }, (_, k) => `<figure><img src="/img/${n * PER_ARTICLE + k}.jpg"><figcaption>Photo ${k}</figcaption></figure>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(`<html><body><div class="article"><h1 class="title">Report ${n}</h1><div class="body"><p>Pyongyang (KCNA) -- report number ${n} with photos.</p>${imgs}<p>It ends here.</p></div></div></body></html>`);
    }
    const img = /^\/img\/(\d+)\.jpg$/.exec(path);
    if (img) {
      const i = Number(img[1]);
      if (req.headers['if-none-match'] === etags[i]) return void res.writeHead(304, { etag: etags[i] }).end();
      res.writeHead(200, { 'content-type': 'image/jpeg', etag: etags[i] });
      return void res.end(images[i]);
    }
    res.writeHead(404).end();
  });
  const def = parseSource(
    {
      slug: 'bench',
      name: 'Bench',
      homepage: `${server.origin}/`,
      languages: ['en'],
      adapter: { kind: 'html', listings: [{ url: `${server.origin}/news` }], items: 'ul.news li a', article: { title: 'h1.title', paragraphs: 'div.body p' } },
      politeness: { allowPrivate: true, minIntervalMs: 0, concurrency: 4 },
      schedule: { maxNewPerPass: 10_000 },
    },
    'bench',
  );
  return { server, def };
}

async function run(location: string, images: boolean, bytes: Buffer[]): Promise<{ first: number; recheck: number }> {
  const { server, def } = await site(bytes);
  const store = await openStore(location);
  await upsertSourceDef(store, def);
  const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, timeoutMs: 10_000 }), images, log: () => {} });
  let t = performance.now();
  await crawler.runPass({ source: 'bench' });
  const first = performance.now() - t;
  t = performance.now();
  await crawler.runPass({ source: 'bench', recheckAll: true });
  const recheck = performance.now() - t;
  await crawler.close();
  await store.close();
  await server.close();
  return { first, recheck };
}

out(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; load average ${load()}`);
out(`${ARTICLES} articles × ${PER_ARTICLE} photos (JPEG, 600–800 px wide); 4 requests at a time, no host interval`);
const dir = mkdtempSync(join(tmpdir(), 'ww-bench-photos-'));
const backends: { name: string; location: () => Promise<{ url: string; drop: () => Promise<void> }> }[] = [
  { name: 'SQLite', location: async () => ({ url: join(dir, `${randomBytes(4).toString('hex')}.db`), drop: async () => {} }) },
];
const pgUrl = process.env.WIREWATCH_BENCH_PG;
if (pgUrl) {
  backends.push({
    name: 'PostgreSQL',
    location: async () => {
      const schema = `bench_photos_${randomBytes(4).toString('hex')}`;
      const admin = async (q: string) => {
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(q);
        await c.end();
      };
      await admin(`CREATE SCHEMA ${schema}`);
      const url = new URL(pgUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return { url: url.toString(), drop: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
    },
  });
}
out('\n| backend | first crawl, images off | first crawl, images on | per image | recheck, images off | recheck, images on (304s) | per image |');
out('| --- | --- | --- | --- | --- | --- | --- |');
let seed = 1;
for (const b of backends) {
  const n = ARTICLES * PER_ARTICLE;
  const results: Record<'off' | 'on', { first: number; recheck: number }> = { off: { first: 0, recheck: 0 }, on: { first: 0, recheck: 0 } };
  for (const mode of ['off', 'on'] as const) {
    const loc = await b.location();
    results[mode] = await run(loc.url, mode === 'on', await photos(seed++));
    await loc.drop();
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const per = (on: number, off: number) => `${((on - off) / n).toFixed(1)} ms`;
  out(`| ${b.name} | ${s(results.off.first)} | ${s(results.on.first)} | ${per(results.on.first, results.off.first)} | ${s(results.off.recheck)} | ${s(results.on.recheck)} | ${per(results.on.recheck, results.off.recheck)} |`);
}
out(`\nload average at the end: ${load()}`);
rmSync(dir, { recursive: true, force: true });
