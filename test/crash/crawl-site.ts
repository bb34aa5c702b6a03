import { startTestServer, type TestServer } from '../../src/fetch/test-server.js';

/**
 * A news site on 127.0.0.1 that answers the same bytes on every run: an RSS feed of `articles` items and
 * their pages. Most pages are texts of their own; every tenth republishes the text of the page thirteen
 * before it (folded as a copy), and every tenth after the fifth does so with a footer line of its own (a
 * near copy, kept as a version). A copy sits far behind its original in the feed, so two crawl workers
 * always store the original first and the archive does not depend on timing. Pages answer after
 * `delayMs`, as a remote site would, which leaves a kill time to land mid-crawl.
 */
export async function startCrashSite(articles: number, delayMs = 10): Promise<TestServer> {
  return startTestServer(async (req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') return send(res, 'text/plain', 'User-agent: *\nAllow: /\n');
    if (path === '/feed.xml') return send(res, 'application/rss+xml', feed(articles, `http://${req.headers.host}`));
    const m = /^\/news\/(\d+)$/.exec(path);
    const id = m ? Number(m[1]) : 0;
    if (id >= 1 && id <= articles) {
      await new Promise((r) => setTimeout(r, delayMs));
      return send(res, 'text/html; charset=utf-8', page(id), { etag: `"p${id}"` });
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
}

function send(res: import('node:http').ServerResponse, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': type, ...headers });
  res.end(body);
}

/** The page whose text page `id` carries (never itself a copy), and whether it adds a footer line. */
function textOf(id: number): { of: number; footer: boolean } {
  if (id > 20 && id % 10 === 0) return { of: id - 13, footer: false };
  if (id > 20 && id % 10 === 5) return { of: id - 13, footer: true };
  return { of: id, footer: false };
}

const WORDS = 'the delegation of the ministry visited a factory and a cooperative farm in the province during its tour of the northern region'.split(' ');

function paragraph(of: number, k: number): string {
  const words = ['Report', String(of), 'paragraph', String(k), 'says'];
  for (let i = 0; i < 40; i++) words.push(WORDS[(of * 7 + k * 13 + i) % WORDS.length]);
  return `${words.join(' ')}.`;
}

const title = (of: number) => `Crash site report number ${of} on the tour of the region`;
const day = (of: number) => `2024-05-${String(1 + (of % 28)).padStart(2, '0')}`;

function page(id: number): string {
  const t = textOf(id);
  const paras = [0, 1, 2, 3].map((k) => `<p>${paragraph(t.of, k)}</p>`).join('\n');
  const footer = t.footer ? '<p>Photo: Crash site</p>' : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title(t.of)}</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>${title(t.of)}</h1><time datetime="${day(t.of)}">${day(t.of)}</time>
${paras}${footer}</article><footer>Crash site</footer></body></html>`;
}

function feed(articles: number, origin: string): string {
  let items = '';
  for (let id = 1; id <= articles; id++) {
    const of = textOf(id).of;
    items += `<item><title>${title(of)}</title><link>${origin}/news/${id}</link><pubDate>${new Date(`${day(of)}T03:00:00Z`).toUTCString()}</pubDate><description>Report ${of}.</description></item>\n`;
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Crash site</title><link>${origin}/</link>\n${items}</channel></rss>`;
}
