// npm run bench:bands — what LSH bucket rows cost SQLite to store, three ways, each in a fresh file:
// `direct` inserts every article's rows into story_bands (random keys) as it goes; `pending` appends them
// to a pending table and moves them into story_bands sorted by key every PENDING_BAND_ROWS rows; `memory` holds them
// in memory and inserts them sorted by key every PENDING_BAND_ROWS rows, 256 rows a statement (what the archive
// does: pending rows come back from the stored signatures after a restart). 138,000 articles × 12 bands, 250 articles a transaction, a look-up of the article's 12
// buckets before each insert, WAL, 16 MB cache. Prints time, CPU and bytes written (Linux /proc/self/io).
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PENDING_BAND_ROWS } from '../src/stories/sqlite/sqlite-stories.js';

const ARTICLES = 138_000;
const BANDS = 12;
const BATCH = 250;
const mode = process.argv[2];

if (!mode) {
  for (const m of ['direct', 'pending', 'memory']) {
    process.stdout.write(execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), m], { encoding: 'utf8' }));
  }
} else {
  const path = join(fileURLToPath(new URL('.', import.meta.url)), '..', '.bench', `bands-${mode}.db`);
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -16384');
  db.pragma('wal_autocheckpoint = 16384');
  db.exec('CREATE TABLE story_bands (key INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (key, article_id)) WITHOUT ROWID');
  db.exec('CREATE TABLE story_bands_pending (key INTEGER NOT NULL, article_id INTEGER NOT NULL)');
  const rows = Array.from({ length: BANDS }, () => '(?, ?)').join(', ');
  const insert = db.prepare(`INSERT OR IGNORE INTO ${mode === 'direct' ? 'story_bands' : 'story_bands_pending'} (key, article_id) VALUES ${rows}`);
  const moveRows = db.prepare(`INSERT OR IGNORE INTO story_bands (key, article_id) VALUES ${Array(256).fill('(?, ?)').join(', ')}`);
  const held: [number, number][] = [];
  const moveHeld = () => {
    held.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (let r = 0; r < held.length; r += 256) {
      const part = held.slice(r, r + 256);
      if (part.length === 256) moveRows.run(part.flat());
      else db.prepare(`INSERT OR IGNORE INTO story_bands (key, article_id) VALUES ${Array(part.length).fill('(?, ?)').join(', ')}`).run(part.flat());
    }
    held.length = 0;
  };
  const lookup = db.prepare(`SELECT article_id FROM story_bands WHERE key IN (${Array.from({ length: BANDS }, () => '?').join(',')})`).pluck();
  const move = () => db.exec('INSERT OR IGNORE INTO story_bands SELECT key, article_id FROM story_bands_pending ORDER BY key, article_id; DELETE FROM story_bands_pending;');
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let pending = 0;
  for (let first = 1; first <= ARTICLES; first += BATCH) {
    db.transaction(() => {
      for (let id = first; id < first + BATCH; id++) {
        const keys = Array.from({ length: BANDS }, (_, b) => b * 4294967296 + random());
        lookup.all(...keys);
        if (mode === 'memory') for (const k of keys) held.push([k, id]);
        else insert.run(keys.flatMap((k) => [k, id]));
        pending += BANDS;
      }
      if (mode !== 'direct' && pending >= PENDING_BAND_ROWS) {
        if (mode === 'pending') move();
        else moveHeld();
        pending = 0;
      }
    })();
  }
  if (mode === 'pending') db.transaction(move)();
  if (mode === 'memory') db.transaction(moveHeld)();
  db.close();
  const cpu = process.cpuUsage(cpu0);
  const io = existsSync('/proc/self/io') ? Number(/^write_bytes: (\d+)/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN) : NaN;
  console.log(`${mode.padEnd(8)} ${((performance.now() - started) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s), written ${(io / 2 ** 30).toFixed(2)} GB`);
}
