import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
const mode = process.argv[2];
const path = '/tmp/slice/bands.db';
for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
const db = new Database(path);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('cache_size = -16384'); db.pragma('wal_autocheckpoint = 16384');
db.exec('CREATE TABLE story_bands (key INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (key, article_id)) WITHOUT ROWID');
db.exec('CREATE TABLE pending (key INTEGER NOT NULL, article_id INTEGER NOT NULL)');
const ph = Array.from({ length: 12 }, () => '(?, ?)').join(', ');
const ins = db.prepare(`INSERT OR IGNORE INTO story_bands (key, article_id) VALUES ${ph}`);
const insP = db.prepare(`INSERT INTO pending (key, article_id) VALUES ${ph}`);
const flush = () => { db.exec('INSERT OR IGNORE INTO story_bands SELECT key, article_id FROM pending ORDER BY key, article_id; DELETE FROM pending;'); };
const look = db.prepare(`SELECT article_id FROM story_bands WHERE key IN (${Array.from({ length: 12 }, () => '?').join(',')})`).pluck();
let s = 12345;
const rnd = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s; };
const t0 = performance.now(); const c0 = process.cpuUsage();
const N = 138000, BATCH = 250, FLUSH = Number(process.env.FLUSH ?? 20000);
let lookMs = 0;
for (let a = 1; a <= N; a += BATCH) {
  db.transaction(() => {
    for (let id = a; id < a + BATCH; id++) {
      const keys = Array.from({ length: 12 }, (_, b) => b * 0x100000000 + rnd());
      const t = performance.now(); look.all(...keys); lookMs += performance.now() - t;
      const args = keys.flatMap((k) => [k, id]);
      if (mode === 'direct') ins.run(args); else insP.run(args);
    }
    if (mode === 'lsm' && (a + BATCH - 1) % FLUSH < BATCH) flush();
  })();
}
if (mode === 'lsm') db.transaction(flush)();
const c = process.cpuUsage(c0);
const io = require('node:fs').readFileSync('/proc/self/io', 'utf8').match(/^write_bytes: (\d+)/m)[1];
console.log(mode, ((performance.now() - t0) / 1000).toFixed(1), 's cpu', ((c.user + c.system) / 1e6).toFixed(1), 'lookups', (lookMs / 1000).toFixed(1), 's written MB', (Number(io) / 1048576).toFixed(0), 'maxrss', (process.resourceUsage().maxRSS/1024).toFixed(0));
