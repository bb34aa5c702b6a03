import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Crawler } from '../crawl/crawler.js';
import { upsertSourceDef } from '../crawl/sync.js';
import { Fetcher } from '../fetch/fetcher.js';
import type { TestServer } from '../fetch/test-server.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { rebaseSource, serveFixtureSite, SITES_DIR } from './fixture-site.js';
import { loadSourcesDir, parseSource } from './load.js';
import { decodeRodongKey, encodeRodongKey } from './rodong-key.js';

interface Expected {
  url: string;
  title: string;
  published: string;
  dateFrom: string;
  paragraphs: number;
  first: string;
  lang: string;
}

const { sources, errors } = loadSourcesDir();
const servers: TestServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

describe('shipped sources', () => {
  it('all validate', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(sources.map((s) => s.slug).sort()).toEqual(
      ['choson-sinbo', 'kcna-kp-en', 'kcna-kp-ko', 'minju-choson', 'naenara', 'pyongyang-times', 'rodong-en', 'rodong-ko', 'voice-of-korea'].sort(),
    );
  });

  it('every shipped source has fixture pages', () => {
    expect(readdirSync(SITES_DIR).sort()).toEqual(sources.map((s) => s.slug).sort());
  });

  it('Rodong article keys decode to date and number', () => {
    const k = decodeRodongKey('http://www.rodong.rep.kp/en/index.php?MTJAMjAyNC0wNC0wMS1OMDI1QDVAMUBAMEAxMw==');
    expect(k).toMatchObject({ raw: '12@2024-04-01-N025@5@1@@0@13', date: '2024-04-01', number: 'N025' });
    expect(decodeRodongKey(`http://x/ko/index.php?${encodeRodongKey('12@2026-08-25-N001@1@1@@0@13')}`)?.date).toBe('2026-08-25');
    expect(decodeRodongKey('http://x/en/index.php?strPageID=SF01_02_01&newsID=2021-07-28-0006')).toBeNull();
  });

  for (const def of sources) {
    it(`${def.slug}: crawls its replayed site and extracts title, date and paragraphs`, async () => {
      const server = await serveFixtureSite(def.slug);
      servers.push(server);
      const origins = [new URL(def.homepage).origin, ...(def.adapter.kind === 'wordpress' ? [new URL(def.adapter.api).origin] : [])];
      const local = parseSource(rebaseSource(def, origins, server.origin), def.slug);
      const store = await SqliteStore.open(':memory:');
      await upsertSourceDef(store, local);
      const crawler = new Crawler(store, { fetcher: new Fetcher({ minIntervalMs: 0, retries: 0, timeoutMs: 3000 }) });
      const pass = await crawler.runPass({ source: def.slug });
      const expected = JSON.parse(readFileSync(join(SITES_DIR, def.slug, 'expected.json'), 'utf8')) as Expected[];
      expect(pass.sources[0].stored).toBe(expected.length);
      for (const e of expected) {
        const url = e.url.startsWith('/') ? server.origin + e.url : e.url;
        const id = await store.findArticleIdByUrl(url);
        expect(id, `${def.slug}: ${url} stored`).not.toBeNull();
        const a = (await store.getArticle(id!))!;
        expect(a.title).toBe(e.title);
        expect(a.published).toBe(e.published);
        expect(a.dateFrom).toBe(e.dateFrom);
        expect(a.lang).toBe(e.lang);
        expect(a.body).toHaveLength(e.paragraphs);
        expect(a.body[0].startsWith(e.first)).toBe(true);
        for (const p of [a.title, ...a.body]) expect(p).not.toMatch(/[a-z](?:Kim Jong Un|Kim Il Sung)|(?:Kim Jong Un|Kim Il Sung)[A-Z]/);
      }
      const health = await store.crawl.sourceHealth(def.slug, new Date());
      expect(health?.lastSuccessAt).toBeTruthy();
      await crawler.close();
      await store.close();
    });
  }

  it('kcna-kp-en: listings paginate by ?page=N and by the POST form with token and session cookie', async () => {
    const server = servers[sources.findIndex((s) => s.slug === 'kcna-kp-en')];
    expect(server.hits.some((h) => h.path.endsWith('.kcmsf?page=2'))).toBe(true);
    const posts = server.hits.filter((h) => h.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts[0].headers.cookie).toContain('JSESSIONID=abc123');
    expect(server.hits.some((h) => h.path === '/robots.txt')).toBe(true);
  });
});
