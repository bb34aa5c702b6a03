import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { normalizeArticle } from '../normalize/article.js';
import type { CaptureInput, CrawlUrlRow, VersionRow } from '../store/crawl-store.js';
import { openSqliteStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { createApp } from './app.js';

const ORIGIN = 'https://archive.example';
const URL_1 = 'https://outlet.example/news/1?a=1&b=2';
const URL_IMPORTED = 'https://outlet.example/news/2';
// Every character that must be escaped somewhere: HTML, BibTeX (braces, specials, quotes), JSON.
const HOSTILE_TITLE = 'Hostile <script>alert(1)</script> } "quoted" {open & 100% #1 ~x_y^ \\end';
const BYTES_1 = Buffer.from('<html><body><p>The delegation praised the harvest.</p></body></html>');
const RAW_1 = createHash('sha256').update(BYTES_1).digest('hex');
const RAW_2 = 'b'.repeat(64);

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let crawledId = 0;
let importedId = 0;
let versions: VersionRow[] = [];

const get = (path: string) => app.request(`${ORIGIN}${path}`, { headers: { 'x-forwarded-proto': 'https' } });
const html = async (path: string) => {
  const res = await get(path);
  expect(res.status).toBe(200);
  return res.text();
};

function capture(at: string, contentHash: string | null, rawSha256: string | null, status = 200): CaptureInput {
  return { takenAt: at, url: URL_1, httpStatus: status, headers: null, rawSha256, contentHash, extractor: 'selectors', errorKind: null };
}

function article(url: string, title: string, body: string[]) {
  const r = normalizeArticle({ url, title, body, pageDate: '2024-05-01', lang: 'en', decoded: true });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
}

/** Crawled once (HTTP 200), edited two days later (new title and text), then read again unchanged. */
async function crawledHistory(sourceId: number): Promise<number> {
  const c = store.crawl;
  await c.putBlob(RAW_1, BYTES_1, '2024-05-01T01:00:00Z');
  await c.enqueue(sourceId, [{ url: URL_1, fetchUrl: URL_1, mode: 'page', listingDate: '2024-05-01', hint: null }], '2024-05-01T00:00:00Z', '2024-05-02T00:00:00Z');
  const [row] = await c.queuedUrls(sourceId, '2024-05-01T00:00:00Z', 1);
  const first = article(URL_1, HOSTILE_TITLE, ['The delegation praised the harvest.', 'A second paragraph.']);
  const v = { etag: null, lastModified: null, rawSha256: null };
  const item = { sourceId, article: first, seenAt: '2024-05-01T01:00:00Z', origin: 'crawl' as const, httpStatus: 200, extractor: 'selectors', rawSha256: RAW_1 };
  await c.storeNew(row, item, capture('2024-05-01T01:00:00Z', first.contentHash, RAW_1), v, '2024-05-02T00:00:00Z');
  const due = async (): Promise<CrawlUrlRow> => (await c.dueRechecks(sourceId, '2030-01-01T00:00:00Z', 1, true))[0];
  const edited = article(URL_1, `${HOSTILE_TITLE} (corrected)`, ['The delegation criticized the harvest.', 'A second paragraph.', 'A sentence added later.']);
  const next = () => ({ step: 0, at: '2024-06-01T00:00:00Z' });
  expect(await c.storeRecheck(await due(), edited, capture('2024-05-03T02:00:00Z', edited.contentHash, RAW_2), v, next)).toBe('edited');
  expect(await c.storeRecheck(await due(), edited, capture('2024-05-04T02:00:00Z', edited.contentHash, RAW_2), v, next)).toBe('unchanged');
  return (await store.findArticleIdByUrl(URL_1))!;
}

const textHash = (v: VersionRow) => createHash('sha256').update(`${v.title}\n\n${v.body.join('\n')}`, 'utf8').digest('hex');

/** The text of the `<pre>` after a summary (or the first), HTML entities decoded. */
function preAfter(page: string, summary: string | null): string {
  const start = summary === null ? page.indexOf('<pre class="cite-text">') : page.indexOf(`<summary>${summary}`);
  const m = /<pre class="cite-text">([\s\S]*?)<\/pre>/.exec(page.slice(start));
  return m![1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** BibTeX reads a field to its matching brace: every prefix must stay at or above zero and the whole balance. */
function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

beforeAll(async () => {
  store = await openSqliteStore(join(tempDir(), 'permalinks.db'));
  const sourceId = await store.ensureSource({ slug: 'outlet', name: 'Outlet & Co', lang: 'en' });
  crawledId = await crawledHistory(sourceId);
  const imported = article(URL_IMPORTED, 'An imported article', ['Text read from a dump.']);
  [{ id: importedId }] = await store.ingestBatch([{ sourceId, article: imported, seenAt: '2024-04-01T00:00:00Z', origin: 'import' }]);
  versions = await store.crawl.versions(crawledId);
  app = createApp(store, { private: false });
}, 60_000);
afterAll(async () => store.close());

describe('version permalinks', () => {
  it('shows each version as it was, with its capture, status and hashes', async () => {
    expect(versions.map((v) => v.n)).toEqual([1, 2]);
    const [v1, v2] = versions;
    const p1 = await html(`/articles/${crawledId}/versions/1`);
    expect(p1).toContain('The delegation praised the harvest.');
    expect(p1).not.toContain('A sentence added later.');
    expect(p1).toContain('2024-05-01 01:00 UTC');
    expect(p1).toMatch(/<dt>HTTP status<\/dt><dd>200<\/dd>/);
    expect(p1).toContain(RAW_1);
    expect(p1).toContain(textHash(v1));
    expect(p1).toContain('superseded');

    const p2 = await html(`/articles/${crawledId}/versions/2`);
    expect(p2).toContain('A sentence added later.');
    expect(p2).not.toContain('praised');
    expect(p2).toContain('2024-05-03 02:00 UTC');
    expect(p2).toContain('read 2 times, last 2024-05-04 02:00 UTC');
    expect(p2).toContain(RAW_2);
    expect(p2).not.toContain(RAW_1);
    expect(p2).toContain(textHash(v2));
    expect(textHash(v2)).not.toBe(textHash(v1));
  });

  it('links to the previous and next versions and to the differences', async () => {
    const p1 = await html(`/articles/${crawledId}/versions/1`);
    expect(p1).toContain(`href="/articles/${crawledId}/versions/2" rel="next"`);
    expect(p1).not.toContain('rel="prev"');
    expect(p1).toContain(`href="/articles/${crawledId}/versions?from=1&amp;to=2"`);
    const p2 = await html(`/articles/${crawledId}/versions/2`);
    expect(p2).toContain(`href="/articles/${crawledId}/versions/1" rel="prev"`);
    expect(p2).not.toContain('rel="next"');
    expect(p2).toContain('Changes from version 1');
    expect(p2).toContain(`<link rel="canonical" href="${ORIGIN}/articles/${crawledId}/versions/2"/>`);
  });

  it('answers 404 for a version or article that does not exist', async () => {
    for (const path of [`/articles/${crawledId}/versions/3`, `/articles/${crawledId}/versions/0`, `/articles/${crawledId}/versions/x`, '/articles/999999/versions/1']) {
      expect((await get(path)).status).toBe(404);
      const api = await get(`/api${path}`);
      expect(api.status).toBe(404);
      expect(await api.json()).toMatchObject({ error: 'not_found' });
    }
  });

  it('serves the same as JSON', async () => {
    const res = await get(`/api/articles/${crawledId}/versions/1`);
    expect(res.status).toBe(200);
    const j = await res.json();
    expect(j).toMatchObject({
      article: crawledId,
      n: 1,
      of: 2,
      current: false,
      title: versions[0].title,
      body: versions[0].body,
      textSha256: textHash(versions[0]),
      capture: { origin: 'crawl', takenAt: '2024-05-01T01:00:00Z', url: URL_1, httpStatus: 200, rawSha256: RAW_1, count: 1, raw: `${ORIGIN}/articles/${crawledId}/versions/1/raw` },
      links: {
        permalink: `${ORIGIN}/articles/${crawledId}/versions/1`,
        original: URL_1,
        previous: null,
        next: `${ORIGIN}/articles/${crawledId}/versions/2`,
        changesFromPrevious: null,
        changesToNext: `${ORIGIN}/articles/${crawledId}/versions?from=1&to=2`,
      },
    });
    expect(createHash('sha256').update(`${j.title}\n\n${j.body.join('\n')}`).digest('hex')).toBe(j.textSha256);
    expect(j.citation.text).toContain(j.textSha256);
    expect(j.citation.csl[0]).toMatchObject({ type: 'article-newspaper', title: j.title, 'container-title': 'Outlet & Co', URL: URL_1 });
  });

  it('serves the raw bytes of a capture, whose SHA-256 is the one shown', async () => {
    const res = await get(`/articles/${crawledId}/versions/1/raw`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')).toBe(RAW_1);
    // Version 2's bytes were not kept; an imported version never had any.
    expect((await get(`/articles/${crawledId}/versions/2/raw`)).status).toBe(404);
    expect((await get(`/articles/${importedId}/versions/1/raw`)).status).toBe(404);
    expect((await get(`/articles/${crawledId}/versions/9/raw`)).status).toBe(404);
  });

  it('is linked from the versions table and the versions JSON', async () => {
    expect(await html(`/articles/${crawledId}/versions`)).toContain(`<a href="/articles/${crawledId}/versions/1"`);
    const j = await (await get(`/api/articles/${crawledId}/versions`)).json();
    expect(j.versions.map((v: { permalink: string }) => v.permalink)).toEqual([1, 2].map((n) => `${ORIGIN}/articles/${crawledId}/versions/${n}`));
  });

  it('says plainly when a version was imported, with no HTTP capture', async () => {
    const page = await html(`/articles/${importedId}/versions/1`);
    expect(page).toContain('Imported from a dump; no HTTP capture');
    expect(page).not.toContain('HTTP status');
    const j = await (await get(`/api/articles/${importedId}/versions/1`)).json();
    expect(j.capture).toMatchObject({ origin: 'import', httpStatus: null, rawSha256: null, raw: null });
    expect(j.citation.text).toContain('Imported 2024-04-01 00:00 UTC into Wirewatch from a dump, version 1, text SHA-256');
    expect(j.citation.bibtex).toContain('Imported 2024-04-01 00:00 UTC into Wirewatch from a dump');
    expect(j.citation.text).not.toContain('Captured');
  });
});

describe('citing a version', () => {
  it('offers plain text, BibTeX and CSL-JSON, naming outlet, URL, capture time and hash', async () => {
    const page = await html(`/articles/${crawledId}/versions/1`);
    const hash = textHash(versions[0]);
    const plain = preAfter(page, null);
    expect(plain).toBe(
      `Outlet & Co. "${versions[0].title}." Published 2024-05-01. ${URL_1}. Captured 2024-05-01 01:00 UTC by Wirewatch, version 1, text SHA-256 ${hash}. ${ORIGIN}/articles/${crawledId}/versions/1.`,
    );
    const bib = preAfter(page, 'BibTeX');
    expect(bib.startsWith(`@misc{wirewatch${crawledId}v1,`)).toBe(true);
    expect(balanced(bib)).toBe(true);
    expect(bib).toContain(`url = {${URL_1}},`);
    expect(bib).toContain('urldate = {2024-05-01},');
    expect(bib).toContain(hash);
    // The hostile title: braces and LaTeX specials escaped, quotes left as they are (fields are brace-delimited).
    expect(bib).toContain('\\textbraceright{} "quoted" \\textbraceleft{}open \\& 100\\% \\#1 \\textasciitilde{}x\\_y\\textasciicircum{} \\textbackslash{}end');
    const csl = JSON.parse(preAfter(page, 'CSL-JSON'));
    expect(csl[0]).toMatchObject({
      id: `wirewatch-${crawledId}-v1`,
      type: 'article-newspaper',
      title: versions[0].title,
      'container-title': 'Outlet & Co',
      URL: URL_1,
      issued: { 'date-parts': [[2024, 5, 1]] },
      accessed: { 'date-parts': [[2024, 5, 1]] },
      archive_location: `${ORIGIN}/articles/${crawledId}/versions/1`,
    });
    expect(csl[0].note).toContain(hash);
  });

  it('never lets a hostile title out of its escaping', async () => {
    for (const path of [`/articles/${crawledId}/versions/1`, `/articles/${crawledId}`]) {
      const page = await html(path);
      expect(page).not.toContain('<script>');
      expect(page).toContain('&lt;script&gt;');
    }
  });

  it('puts citation metadata in the article page head and cites the current version', async () => {
    const page = await html(`/articles/${crawledId}`);
    const head = page.slice(0, page.indexOf('</head>'));
    expect(head).toContain('<meta name="citation_title" content="Hostile &lt;script&gt;alert(1)&lt;/script&gt; } &quot;quoted&quot;');
    expect(head).toContain('<meta name="citation_date" content="2024/05/01"/>');
    expect(head).toContain('<meta name="citation_publisher" content="Outlet &amp; Co"/>');
    expect(head).toContain(`<meta name="citation_public_url" content="${ORIGIN}/articles/${crawledId}/versions/2"/>`);
    expect(head).toContain(`<link rel="canonical" href="${ORIGIN}/articles/${crawledId}"/>`);
    expect(page).toContain('Cite this version (version 2)');
    expect(page).toContain(`<a href="/articles/${crawledId}/versions/2">Version 2 as captured</a>`);
    expect(preAfter(page, null)).toContain(textHash(versions[1]));
  });
});
