import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { extractArticleFile, extractListingFile } from '../cli/extract-command.js';
import { Crawler } from '../crawl/crawler.js';
import { upsertSourceDef } from '../crawl/sync.js';
import { Fetcher } from '../fetch/fetcher.js';
import { startTestServer } from '../fetch/test-server.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { loadSourcesDir, parseSource } from './load.js';
import type { SourceDef } from './schema.js';

/**
 * Golden test on real saved pages (`testdata/real/<source>/expected.json`), read through the same
 * functions as `wirewatch extract`. Data-driven: a new page needs an entry in its folder's
 * expected.json, no code.
 */

/** `REAL_PAGES_DIR` checks another folder of the same layout (pages saved for an adapter being written). */
const REAL_DIR = process.env.REAL_PAGES_DIR ?? fileURLToPath(new URL('../../testdata/real', import.meta.url));

interface ArticleExpect {
  title: string;
  published: string | null;
  lang: string;
  firstWords: string;
  paragraphs: number;
}
interface ListingExpect {
  items: number;
  first: { url: string; title: string | null; date: string | null };
}
interface RealPage {
  file: string | null;
  url: string;
  kind: 'article' | 'listing';
  generation?: string;
  /** Optional: the date the listing showed for this article, as a crawl would know it. */
  listingDate?: string;
  /** Optional: when the page was captured (ISO); dates a dateline without a year. */
  capturedAt?: string;
  expect: ArticleExpect | ListingExpect;
}

const shipped = new Map(loadSourcesDir().sources.map((s) => [s.slug, s]));
const folders = existsSync(REAL_DIR)
  ? readdirSync(REAL_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(REAL_DIR, d.name, 'expected.json')))
      .map((d) => d.name)
      .sort()
  : [];
const pagesOf = (slug: string) => (JSON.parse(readFileSync(join(REAL_DIR, slug, 'expected.json'), 'utf8')) as { pages: RealPage[] }).pages;

const report = new Map<string, { read: number; described: number; noSource: number }>();
const tally = (slug: string) => report.get(slug) ?? (report.set(slug, { read: 0, described: 0, noSource: 0 }), report.get(slug)!);

afterAll(() => {
  if (report.size === 0) return;
  const lines = [...report].map(([slug, r]) => `  ${slug}: ${r.read} real page(s) checked, ${r.described} described only (no file)${r.noSource ? `, ${r.noSource} without a shipped source` : ''}`);
  process.stdout.write(`real pages:\n${lines.join('\n')}\n`);
});

describe('real saved pages read right', () => {
  if (folders.length === 0) it.skip('no real pages in testdata/real yet', () => {});
  for (const slug of folders) {
    const def = shipped.get(slug);
    for (const page of pagesOf(slug)) {
      const name = `${slug}: ${page.kind} ${page.file ?? '(described only)'} (${page.generation ?? '?'}) ${page.url}`;
      if (!page.file) {
        tally(slug).described++;
        it.skip(name, () => {});
        continue;
      }
      if (!def) {
        tally(slug).noSource++;
        it.skip(`${name}: no shipped source '${slug}'`, () => {});
        continue;
      }
      it(name, () => {
        const html = readFileSync(join(REAL_DIR, slug, page.file!), 'utf8');
        if (page.kind === 'listing') checkListing(def, html, page);
        else checkArticle(def, html, page);
        tally(slug).read++;
      });
    }
  }
});

function checkListing(def: SourceDef, html: string, page: RealPage): void {
  const e = page.expect as ListingExpect;
  const { items } = extractListingFile(def, html, page.url);
  expect(items.length, 'item count').toBe(e.items);
  expect(items[0]).toEqual({ url: e.first.url, title: e.first.title, date: e.first.date });
  for (const it of items) expect(it.url, 'absolute article URLs').toMatch(/^https?:\/\//);
}

function checkArticle(def: SourceDef, html: string, page: RealPage): void {
  const e = page.expect as ArticleExpect;
  const { article: a } = extractArticleFile(def, html, page.url, page.listingDate ?? null, page.capturedAt);
  expect(a.title, 'title').toBe(e.title);
  if (e.published === null) {
    // The page carries no date: the adapter must not invent one (only the capture date stands in).
    expect(a.dateFrom, `dated from ${a.dateFrom} (${a.published}) though the page has no date`).toBe('capture');
  } else expect(a.published, `published (from ${a.dateFrom})`).toBe(e.published);
  expect(a.lang, 'lang').toBe(e.lang);
  expect(a.body.join('\n').startsWith(e.firstWords), `body starts with "${e.firstWords}", got "${a.body[0]?.slice(0, 80)}"`).toBe(true);
  expect(a.body, 'paragraphs').toHaveLength(e.paragraphs);
}

/**
 * A crawl of the shipped source against a loopback replay of a real listing and the real article pages
 * it links: every saved article the listing links is discovered and stored.
 */
describe('crawling a replay of real pages', () => {
  const replayable = folders.filter((slug) => {
    const def = shipped.get(slug);
    if (!def || def.adapter.kind !== 'html') return false;
    const pages = pagesOf(slug).filter((p) => p.file);
    return pages.some((p) => p.kind === 'listing') && pages.some((p) => p.kind === 'article');
  });
  if (replayable.length === 0) it.skip('no real listing with real article pages yet', () => {});
  for (const slug of replayable) {
    it(`${slug}: the shipped adapter discovers and stores the articles of a real listing`, async () => {
      const def = shipped.get(slug)!;
      const pages = pagesOf(slug).filter((p) => p.file);
      const listings = pages.filter((p) => p.kind === 'listing');
      const articles = pages.filter((p) => p.kind === 'article');
      const origins = [...new Set(pages.map((p) => new URL(p.url).origin))];
      const routes = new Map(pages.map((p) => [new URL(p.url).pathname + new URL(p.url).search, p.file!]));
      const server = await startTestServer((req, res) => {
        const file = routes.get(req.url ?? '/');
        if (!file) {
          res.writeHead(404, { 'content-type': 'text/html' });
          return void res.end('<html><body>Not Found</body></html>');
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(readFileSync(join(REAL_DIR, slug, file)));
      });
      const move = (u: string) => origins.reduce((s, o) => s.replace(o, server.origin), u);
      try {
        // The shipped adapter, polling the saved listings (moved to the replay).
        let text = JSON.stringify({ ...def, adapter: { ...def.adapter, listings: listings.map((l) => ({ url: l.url })) } });
        for (const o of origins) text = text.replaceAll(o, server.origin);
        const local = parseSource({ ...JSON.parse(text), politeness: { ...def.politeness, allowPrivate: true, minIntervalMs: 0, robots: false } }, slug);
        const store = await SqliteStore.open(':memory:');
        await upsertSourceDef(store, local);
        const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, retries: 0, timeoutMs: 3000 }) });
        const pass = await crawler.runPass({ source: slug });
        const linked = new Set(listings.flatMap((l) => extractListingFile(def, readFileSync(join(REAL_DIR, slug, l.file!), 'utf8'), l.url).items.map((i) => i.url)));
        const expected = articles.filter((a) => linked.has(a.url));
        expect(pass.sources[0].discovered).toBeGreaterThanOrEqual(expected.length);
        expect(expected.length, 'saved article pages linked from the saved listings').toBeGreaterThan(0);
        for (const a of expected) {
          const id = await store.findArticleIdByUrl(move(a.url));
          expect(id, `${a.url} stored`).not.toBeNull();
          expect((await store.getArticle(id!))!.title).toBe((a.expect as ArticleExpect).title);
        }
        await crawler.close();
        await store.close();
      } finally {
        await server.close();
      }
    });
  }
});
