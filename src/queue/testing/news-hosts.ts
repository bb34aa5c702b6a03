import { parseSource } from '../../sources/load.js';
import type { SourceDef } from '../../sources/schema.js';
import { startTestServer, type TestServer } from '../../fetch/test-server.js';

/**
 * A loopback news site on several hosts (127.0.0.1, 127.0.0.2, …: one server each) for the worker tests
 * and benchmark. Each host has a listing of its articles and the articles themselves, answers after
 * `delayMs` (a slow outlet), and logs every request it receives with its arrival time.
 */
export interface NewsHosts {
  servers: TestServer[];
  /** `host:port` of each server. */
  hosts: string[];
  articleUrls: string[];
  close(): Promise<void>;
}

const WORDS = 'the delegation of the ministry visited a factory and a farm in the province on its tour of the region'.split(' ');

/** Every article a text of its own (the archive keeps one article per distinct text). */
function paragraph(host: number, id: number, k: number): string {
  const s = k === 0 ? ['report', `${host}-${id}`, 'says'] : [];
  for (let i = 0; i < 40; i++) s.push(WORDS[(id * 7 + k * 13 + host * 5 + i) % WORDS.length]);
  const t = s.join(' ');
  return `${t[0].toUpperCase()}${t.slice(1)}.`;
}

export async function startNewsHosts(o: { hosts: number; articlesPerHost: number; delayMs?: number }): Promise<NewsHosts> {
  const servers: TestServer[] = [];
  for (let h = 0; h < o.hosts; h++) {
    servers.push(
      await startTestServer(async (req, res) => {
        if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
        const path = req.url ?? '/';
        if (path === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
        if (path === '/list') {
          let li = '';
          for (let i = 1; i <= o.articlesPerHost; i++) li += `<li><a href="/a/${i}">Article ${h}-${i}</a> <span class="date">2024.05.${String(1 + (i % 28)).padStart(2, '0')}</span></li>`;
          return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body><ul class="news">${li}</ul></body></html>`);
        }
        const m = /^\/a\/(\d+)$/.exec(path);
        if (m) {
          const id = Number(m[1]);
          const body = [0, 1, 2, 3].map((k) => `<p>${paragraph(h, id, k)}</p>`).join('');
          return void res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(
              `<!doctype html><html><head><meta charset="utf-8"><title>Article ${h}-${id}</title></head><body><div class="article"><h1 class="title">Article ${h}-${id} on the tour of the region</h1><span class="published">2024.05.${String(1 + (id % 28)).padStart(2, '0')}</span><div class="body">${body}</div></div></body></html>`,
            );
        }
        res.writeHead(404).end();
      }, `127.0.0.${h + 1}`),
    );
  }
  const hosts = servers.map((s) => new URL(s.origin).host);
  return {
    servers,
    hosts,
    articleUrls: hosts.flatMap((host) => Array.from({ length: o.articlesPerHost }, (_, i) => `http://${host}/a/${i + 1}`)),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

/** The source that crawls one host of the site, with this least interval between requests to it. */
export function newsHostSource(slug: string, host: string, minIntervalMs: number): SourceDef {
  return parseSource(
    {
      slug,
      name: slug,
      homepage: `http://${host}/`,
      languages: ['en'],
      adapter: {
        kind: 'html',
        listings: [{ url: `http://${host}/list` }],
        items: 'ul.news li a',
        itemDate: '.date',
        article: { title: 'h1.title', paragraphs: 'div.body p', date: '.published' },
      },
      schedule: { maxNewPerPass: 100_000 },
      politeness: { allowPrivate: true, minIntervalMs, concurrency: 1 },
    },
    slug,
  );
}

/** The closest two requests a host received, in ms (Infinity with fewer than two). */
export function closestGap(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let min = Infinity;
  for (let i = 1; i < t.length; i++) min = Math.min(min, t[i] - t[i - 1]);
  return min;
}
