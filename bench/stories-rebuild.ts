// npx tsx bench/stories-rebuild.ts FILE.jsonl [postgres://…]: the records of FILE imported without stories
// into SQLite and into PostgreSQL (a fresh schema), then `stories rebuild` timed on each, side by side:
// what clustering and linking cost on either database, and whether they agree (stories, members, links).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { importFile } from '../src/import/importer.js';
import { openStore } from '../src/store/open-store.js';
import { storiesOf } from '../src/stories/attach.js';

const [file, url = process.env.DATABASE_URL] = process.argv.slice(2);
if (!file || !url) throw new Error('usage: stories-rebuild.ts FILE.jsonl postgres://… (records in the kcna-co-jp preset’s form)');
process.env.WIREWATCH_STORIES = 'off';
const schema = `bench_stories_${process.pid}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const pgUrl = new URL(url);
pgUrl.searchParams.set('options', `-c search_path=${schema}`);
const dir = mkdtempSync(join(tmpdir(), 'ww-bench-'));

try {
  for (const [name, location] of [
    ['sqlite', join(dir, 'archive.db')],
    ['postgres', pgUrl.toString()],
  ] as const) {
    const store = await openStore(location);
    try {
      const started = performance.now();
      const imported = await importFile(store, file, { spec: { preset: 'kcna-co-jp' } });
      const importSeconds = (performance.now() - started) / 1000;
      const r = await storiesOf(store)!.rebuild();
      const members = (await storiesOf(store)!.recentStories(1, 1_000_000)).items.reduce((n, s) => n + s.copies, 0);
      process.stdout.write(
        `${name.padEnd(8)} ${imported.imported} articles imported in ${importSeconds.toFixed(1)} s; rebuild ${r.seconds.toFixed(1)} s ` +
          `(${((r.seconds / r.articles) * 1000).toFixed(2)} ms an article): ${r.stories} stories, ${members} members, ${r.links} language links\n`,
      );
    } finally {
      await store.close();
    }
  }
} finally {
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
