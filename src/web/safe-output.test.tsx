import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { highlight, snippet } from '../search/snippet.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { openSqliteStore } from '../store/open-store.js';
import { createApp } from './app.js';
import { csvRows, neutralizeCell } from './csv.js';
import { ExternalLink, isHttpUrl } from './safe-links.js';
import { Hono } from 'hono';
import { CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers.js';

const RLO = '\u202e';
const HOSTILE_TITLE = `=HYPERLINK("http://evil.example/","Hyperlink report") <script>alert(1)</script> ${RLO}gnp.exe`;
const HOSTILE_BODY = [
  `Hyperlink report opens with <img src=x onerror=alert(1)> and ${RLO}desrever text in the first paragraph.`,
  '@SUM(1+1) is the second paragraph of the hyperlink report, written out at length for the snippet.',
].join('\n');

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let id: number;

beforeAll(async () => {
  const dir = tempDir();
  const file = join(dir, 'hostile.jsonl');
  writeFileSync(
    file,
    JSON.stringify({ source: 'hostile', url: 'https://hostile.example/news/1', title: HOSTILE_TITLE, body: HOSTILE_BODY, date: '2024-05-01' }) + '\n',
  );
  store = await openSqliteStore(join(dir, 'safe.db'));
  await importFile(store, file, { spec: { map: { source: 'source' }, source: 'hostile' }, worker: false });
  id = (await store.findArticleIdByUrl('https://hostile.example/news/1'))!;
  // Addresses no importer would accept, as a damaged or hostile archive could still hold them.
  store.raw.prepare('UPDATE articles SET url = ? WHERE id = ?').run('javascript:alert(1)', id);
  store.raw.prepare('INSERT INTO article_urls (url, article_id, is_canonical, is_copy) VALUES (?, ?, 0, 1)').run('data:text/html,<b>x</b>', id);
  store.raw.prepare('INSERT INTO article_urls (url, article_id, is_canonical, is_copy) VALUES (?, ?, 0, 1)').run('https://mirror.example/news/1', id);
  store.raw.prepare("UPDATE sources SET homepage = 'javascript:alert(2)' WHERE slug = 'hostile'").run();
  app = createApp(store);
}, 60_000);
afterAll(async () => store.close());

const get = (path: string) => app.request(path);

describe('security headers', () => {
  it.each(['/', '/search?q=hyperlink', `/articles/1`, '/api/stats', '/api/search?q=hyperlink', '/api/search.csv?q=hyperlink', '/static/search-chart.js', '/static/wirewatch.css', '/no/such/page', '/api/search?q=%22unclosed', '/favicon.ico'])(
    '%s carries CSP, nosniff, referrer policy and frame denial',
    async (path) => {
      const res = await get(path);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      await res.arrayBuffer();
    },
  );

  it('also on responses whose headers cannot be changed in place (Response.redirect) and on errors', async () => {
    const bare = new Hono();
    bare.use('*', securityHeaders());
    bare.get('/r', () => Response.redirect('https://example.org/', 302));
    bare.onError((_, c) => c.text('failed', 500));
    bare.get('/boom', () => {
      throw new Error('boom');
    });
    const r = await bare.request('/r');
    expect([r.status, r.headers.get('location'), r.headers.get('x-frame-options')]).toEqual([302, 'https://example.org/', 'DENY']);
    const boom = await bare.request('/boom');
    expect([boom.status, boom.headers.get('content-security-policy')]).toEqual([500, CONTENT_SECURITY_POLICY]);
  });

  it('the policy allows no inline or foreign script or style and no framing', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
  });

  it('pages hold no inline script, event handler attribute or inline style', async () => {
    for (const path of ['/', '/search?q=hyperlink&compare=report', `/articles/${id}`, '/sources/hostile', '/stories', '/removed', '/health', '/sources/hostile/health', '/entities', '/days/2024-05-01']) {
      const html = await (await get(path)).text();
      for (const m of html.matchAll(/<script\b[^>]*>/g)) expect(m[0], path).toMatch(/ src="\/static\//);
      expect(html, path).not.toMatch(/<script\b[^>]*>[^<]/);
      expect(html, path).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
      expect(html, path).not.toMatch(/<style\b|<[a-z][^>]*\sstyle=/i);
      expect(html, path).toMatch(/<link rel="stylesheet" href="\/static\/wirewatch\.css\?v=\w+"/);
    }
  });
});

describe('archived text is text', () => {
  it('escapes markup and isolates bidi on the article page', async () => {
    const html = await (await get(`/articles/${id}`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toMatch(/<h1 lang="\w+" dir="auto">=HYPERLINK/);
    expect(html).toMatch(new RegExp(`<p dir="auto">Hyperlink report opens with &lt;img src=x onerror=alert\\(1\\)&gt; and ${RLO}desrever`));
    // The title in the tab is isolated too.
    expect(html).toMatch(/<title>\u2068=HYPERLINK[^<]*\u2069 · Wirewatch<\/title>/);
  });

  it('search hits: escaped snippets with <mark>, titles and snippets isolated', async () => {
    const html = await (await get('/search?q=hyperlink')).text();
    expect(html).toMatch(/<a href="\/articles\/\d+" dir="auto">=HYPERLINK/);
    const snippetHtml = /<p class="s" dir="auto">(.*?)<\/p>/s.exec(html)?.[1] ?? '';
    expect(snippetHtml).toContain('<mark>');
    expect(snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('snippets are built from escaped text: only <mark> is markup, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', ' ', 'x', RLO, '\n', 'm') }), (text) => {
        const spans = text.length > 2 ? [{ start: 1, end: 2 }] : [];
        const out = highlight(text, spans).replace(/<\/?mark>/g, '');
        expect(out).not.toMatch(/[<>]/);
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
        expect(snippet(text, []).replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe('links from the archive', () => {
  it('only http(s) addresses become links', async () => {
    const html = await (await get(`/articles/${id}`)).text();
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/href="data:/i);
    expect(html).toContain('data:text/html,&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('<a href="https://mirror.example/news/1" rel="noopener noreferrer nofollow" dir="auto">');
    const source = await (await get('/sources/hostile')).text();
    expect(source).not.toMatch(/href="javascript:/i);
  });

  it('isHttpUrl and ExternalLink', () => {
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '//evil.example/', '/relative', '', 'http//x'])
      expect(isHttpUrl(bad), bad).toBe(false);
    for (const good of ['http://kcna.kp/', 'https://rodong.rep.kp/en/', 'HTTPS://EXAMPLE.ORG/a?b#c']) expect(isHttpUrl(good), good).toBe(true);
    expect(String(<ExternalLink href="javascript:alert(1)" />)).toBe('<span dir="auto">javascript:alert(1)</span>');
    expect(String(<ExternalLink href="https://a.example/">A</ExternalLink>)).toBe('<a href="https://a.example/" rel="noopener noreferrer nofollow" dir="auto">A</a>');
  });
});

describe('CSV exports neutralize formulas', () => {
  it('neutralizeCell prefixes = + - @ tab and CR, and nothing else', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")']) expect(neutralizeCell(s)).toBe(`'${s}`);
    for (const s of ['plain', ' =1', "'=1", '', '1-1', 'a@b']) expect(neutralizeCell(s)).toBe(s);
    expect(neutralizeCell(-1)).toBe(-1);
    expect(neutralizeCell(null)).toBe(null);
  });

  it('no exported cell starts with a formula character', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }), { maxLength: 5 }), (rows) => {
        const cells = (parseCsv(csvRows(rows), { relax_column_count: true }) as string[][]).flat();
        for (const cell of cells) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+$)/);
      }),
    );
  });

  it('/api/search.csv', async () => {
    const res = await get('/api/search.csv?q=hyperlink');
    const rows = parseCsv(await res.text()) as string[][];
    expect(rows[0]).toEqual(['id', 'url', 'title', 'published', 'source', 'lang', 'snippet']);
    expect(rows[1][2]).toBe(`'${HOSTILE_TITLE}`);
    expect(rows[1][1]).toBe("javascript:alert(1)");
  });

  it('/api/timeline.csv: query headers too', async () => {
    const res = await get('/api/timeline.csv?q=' + encodeURIComponent('-hyperlink report') + '&q=report&interval=year');
    const rows = parseCsv(await res.text()) as string[][];
    expect(rows[0]).toEqual(['period', 'total', "'-hyperlink report", 'report']);
  });
});
