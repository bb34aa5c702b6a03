import { join } from 'node:path';
import { alertsOf } from '../alerts/attach.js';
import { Crawler } from '../crawl/crawler.js';
import { upsertSourceDef } from '../crawl/sync.js';
import { Fetcher } from '../fetch/fetcher.js';
import { startTestServer } from '../fetch/test-server.js';
import { parseSource } from '../sources/load.js';
import { editsFixture } from '../versions/edits-fixture.js';

/** A local outlet of three articles; article 1 is edited, article 2 taken down between passes. */
function outlet() {
  const articles = new Map([
    [1, { title: 'Premier inspects farm', paras: ['Premier Pak Pong Ju inspected a cooperative farm in the province.', 'The farm fulfilled its plan.'] }],
    [2, { title: 'Weather report', paras: ['Rain is expected in the northern region on Sunday.', 'Temperatures will fall sharply.'] }],
    [3, { title: 'Factory opens', paras: ['A new factory opened in Hamhung to make tractors for the cooperative farms.', 'Workers celebrated.'] }],
  ]);
  const gone = new Set<number>();
  return { articles, gone };
}

/**
 * A small SQLite archive as Wirewatch writes it: the real importer's articles with later wordings (versions,
 * edit events, version changes), a crawl of a local outlet (captures, raw bodies, crawl state, an edit and
 * a removal), an account, and a saved search with its alerts.
 */
export async function buildSqliteArchive(dir: string): Promise<{ path: string }> {
  const path = join(dir, 'archive.db');
  const { store } = await editsFixture(path);
  const site = outlet();
  const server = await startTestServer((req, res) => {
    const p = req.url ?? '/';
    if (p === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    if (p === '/news') {
      const items = [...site.articles.keys()].map((id) => `<li><a href="/a/${id}">${site.articles.get(id)!.title}</a> <span class="date">2024.05.04</span></li>`).join('');
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body><ul class="news">${items}</ul></body></html>`);
    }
    const m = /^\/a\/(\d+)$/.exec(p);
    const a = m && !site.gone.has(Number(m[1])) ? site.articles.get(Number(m[1])) : undefined;
    if (!a) return void res.writeHead(404).end('<h1>Not found</h1>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html><head><title>${a.title}</title></head><body><div class="article"><h1 class="title">${a.title}</h1>` +
        `<span class="published">2024.5.4.</span><div class="body">${a.paras.map((x) => `<p>${x}</p>`).join('')}</div></div></body></html>`,
    );
  });
  try {
    await upsertSourceDef(
      store,
      parseSource(
        {
          slug: 'wire',
          name: 'Wire',
          homepage: `${server.origin}/`,
          languages: ['en'],
          adapter: { kind: 'html', listings: [{ url: `${server.origin}/news` }], items: 'ul.news li a', itemDate: '.date', article: { title: 'h1.title', paragraphs: 'div.body p', date: '.published' } },
          schedule: { confirmRemovalMinutes: 0 },
          politeness: { allowPrivate: true, minIntervalMs: 0, concurrency: 2 },
        },
        'test',
      ),
    );
    await store.accounts.addUser('editor', 'editor', 'a long enough password');
    await alertsOf(store).searches.create({ name: 'Pak', query: '"Pak Pong Ju"', email: 'desk@example.org' }, null);
    const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, backoffBaseMs: 5, timeoutMs: 2000 }), log: () => {} });
    try {
      await crawler.runPass({ source: 'wire' });
      site.articles.get(1)!.paras = ['The premier inspected a cooperative farm in the province.', 'The farm fulfilled its plan.'];
      site.gone.add(2);
      await crawler.runPass({ source: 'wire', recheckAll: true });
      await crawler.runPass({ source: 'wire', recheckAll: true });
    } finally {
      await crawler.close();
    }
  } finally {
    await server.close();
    await store.close();
  }
  return { path };
}
