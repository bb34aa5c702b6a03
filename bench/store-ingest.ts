// The store's own ingest (no search, stories, entities or alerts hooks) on SQLite and on PostgreSQL, side
// by side: N generated articles in batches, then the same batches again (every URL known: unchanged).
//   WIREWATCH_TEST_PG=postgres://… npx tsx bench/store-ingest.ts [N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeArticle, type NormalizedArticle } from '../src/normalize/article.js';
import { PostgresStore } from '../src/store/postgres/pg-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { IngestItem, Store } from '../src/store/store.js';
import { freshPgArchive, pgTestUrl } from '../src/testing/pg.js';

const N = Number(process.argv[2] ?? 20_000);
const BATCH = 500;
const WORDS = 'delegation minister talks agreement cooperation factory harvest plan socialist construction people army party congress session'.split(' ');

function articleOf(i: number): NormalizedArticle {
  const words = (n: number) => Array.from({ length: n }, (_, k) => WORDS[(i * 7 + k * 13) % WORDS.length]).join(' ');
  const day = new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000).toISOString().slice(0, 10);
  const r = normalizeArticle({ url: `http://kcna.test/a/${i}`, title: `Report ${i}: ${words(6)}`, body: [`Pyongyang (KCNA) -- Report ${i}. ${words(40)}.`, `${words(60)}.`, `${words(50)}, ${i}.`], pageDate: day, lang: 'en' });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
}

async function run(name: string, store: Store): Promise<void> {
  const sourceId = await store.ensureSource({ slug: 'kcna', name: 'KCNA' });
  const items: IngestItem[] = Array.from({ length: N }, (_, i) => ({ sourceId, article: articleOf(i), seenAt: '2024-05-04T00:00:00.000Z', origin: 'import' }));
  for (const pass of ['new', 'again'] as const) {
    const t0 = performance.now();
    for (let i = 0; i < items.length; i += BATCH) await store.ingestBatch(items.slice(i, i + BATCH));
    const s = (performance.now() - t0) / 1000;
    console.log(`${name.padEnd(10)} ${pass.padEnd(6)} ${N} articles in ${s.toFixed(2)} s: ${Math.round(N / s)} articles/s`);
  }
  await store.close();
}

const dir = mkdtempSync(join(tmpdir(), 'ww-bench-'));
try {
  await run('sqlite', await SqliteStore.open(join(dir, 'bench.db')));
  if (pgTestUrl) {
    const made = await freshPgArchive('bench');
    try {
      await run('postgres', await PostgresStore.open(made.url));
    } finally {
      await made.drop();
    }
  } else console.log('postgres: skipped (set WIREWATCH_TEST_PG)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
