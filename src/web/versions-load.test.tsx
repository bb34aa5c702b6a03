import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { openSqliteStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { PARAGRAPH_NOTE } from '../versions/diff.js';
import { createApp } from './app.js';

/** Paragraphs of 60 pseudo-random words (a vocabulary of 3,000), `words` in all: unrelated for different seeds. */
function text(words: number, seed: number): string {
  let s = seed;
  const paras: string[] = [];
  let cur: string[] = [];
  for (let i = 0; i < words; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    cur.push(`w${(s >> 8) % 3000}`);
    if (cur.length === 60 || i === words - 1) {
      paras.push(cur.join(' ') + '.');
      cur = [];
    }
  }
  return paras.join('\n');
}

let store: SqliteStore;
let server: ServerType;
let base: string;
const ids: Record<'mb' | 'rewrite' | 'many' | 'single', number> = { mb: 0, rewrite: 0, many: 0, single: 0 };

// A hostile archive: an article of 1 MB whose earlier version is an unrelated 1 MB text, an 8,000-word
// article rewritten from start to end, and an article with 120 versions.
beforeAll(async () => {
  const dir = tempDir();
  const file = join(dir, 'hostile.jsonl');
  const names = Object.keys(ids) as (keyof typeof ids)[];
  writeFileSync(file, names.map((n) => JSON.stringify({ source: 'hostile', url: `https://hostile.example/${n}`, title: `Article ${n}`, body: `A short text about ${n}.`, date: '2024-05-01' })).join('\n') + '\n');
  store = await openSqliteStore(join(dir, 'load.db'));
  await importFile(store, file, { spec: { map: { source: 'source' }, source: 'hostile' }, worker: false });
  for (const n of names) ids[n] = (await store.findArticleIdByUrl(`https://hostile.example/${n}`))!;
  const setBody = store.raw.prepare('UPDATE articles SET body = ? WHERE id = ?');
  const addVersion = store.raw.prepare('INSERT INTO versions (article_id, title, body, content_hash, seen_at) VALUES (?, ?, ?, ?, ?)');
  setBody.run(text(170_000, 1), ids.mb);
  addVersion.run(ids.mb, 'Article mb', text(170_000, 2), 'old-mb', '2001-01-01T00:00:00Z');
  setBody.run(text(8_000, 3), ids.rewrite);
  addVersion.run(ids.rewrite, 'Article rewrite', text(8_000, 4), 'old-rewrite', '2001-01-01T00:00:00Z');
  for (let i = 0; i < 119; i++) addVersion.run(ids.many, `Article many, take ${i}`, `Text ${i}.`, `old-${i}`, `2001-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`);
  const app = createApp(store);
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
  store?.close();
});

describe('a server that never freezes on version diffs', () => {
  it('answers /api/stats within a second while the costliest version pages render', async () => {
    const timed = async (path: string) => {
      const t = performance.now();
      const res = await fetch(base + path);
      const body = await res.text();
      return { status: res.status, body, ms: performance.now() - t };
    };
    // Warm the server up so the first request's start-up cost is not counted.
    expect((await timed('/api/stats')).status).toBe(200);
    const heavy = [timed(`/articles/${ids.mb}/versions`), timed(`/articles/${ids.rewrite}/versions`)];
    await new Promise((r) => setTimeout(r, 5));
    const stats = await timed('/api/stats');
    const [mb, rewrite] = await Promise.all(heavy);
    expect(stats.status).toBe(200);
    expect(stats.ms).toBeLessThan(1000);
    for (const page of [mb, rewrite]) {
      expect(page.status).toBe(200);
      expect(page.body).toContain(PARAGRAPH_NOTE);
    }
  }, 60_000);

  it('says in the JSON how the versions were compared', async () => {
    const mb = (await (await fetch(`${base}/api/articles/${ids.mb}/versions`)).json()) as { versions: unknown[]; diff: Record<string, unknown> };
    expect(mb.versions).toHaveLength(2);
    expect(mb.diff).toMatchObject({ from: 1, to: 2, granularity: 'paragraph', note: PARAGRAPH_NOTE });
    const many = (await (await fetch(`${base}/api/articles/${ids.many}/versions?from=1&to=2`)).json()) as { diff: Record<string, unknown> };
    expect(many.diff).toMatchObject({ from: 1, to: 2, granularity: 'word', note: null, added: 2, removed: 2 });
  });

  it('pages the versions table of an article with many versions, newest first', async () => {
    const page1 = await (await fetch(`${base}/articles/${ids.many}/versions`)).text();
    expect(page1.match(/<tr>/g)).toHaveLength(51);
    expect(page1).toContain('Versions 71–120 of 120, newest first');
    expect(page1).toContain(`/articles/${ids.many}/versions?from=119&amp;to=120&amp;page=2`);
    const page3 = await (await fetch(`${base}/articles/${ids.many}/versions?page=3`)).text();
    expect(page3.match(/<tr>/g)).toHaveLength(21);
    expect(page3).toContain('Versions 1–20 of 120');
    expect(page3).not.toContain(PARAGRAPH_NOTE);
    expect(page1).toContain('class="compare"');
    expect(page1).toMatch(/<select name="from"><option value="1">#1 · [^<]*<\/option>/);
    expect(page1).toContain('<option value="120" selected="">#120 · ');
  });

  it('offers no comparison when there is one version', async () => {
    const page = await (await fetch(`${base}/articles/${ids.single}/versions`)).text();
    expect(page).not.toContain('class="compare"');
    expect(page).toContain('The only version captured so far');
    expect(page).toContain('A short text about single.');
  });
});
