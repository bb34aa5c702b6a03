// One side of the import benchmark, run in its own process so peak RSS is its own.
import Database from 'better-sqlite3';
import { rmSync, statSync, existsSync, readFileSync } from 'node:fs';
import { importFile } from '../src/import/importer.js';
import { readRecords } from '../src/import/read-records.js';
import { openSqliteStore } from '../src/store/open-store.js';

const [mode, file, dbPath] = process.argv.slice(2);
for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
const started = performance.now();
let articles = 0;

if (mode === 'baseline') {
  // Bare baseline: parse the same file and insert the raw texts into a plain FTS5 table, no normalization.
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE VIRTUAL TABLE raw_texts USING fts5(url, title, body)');
  const insert = db.prepare('INSERT INTO raw_texts (url, title, body) VALUES (?, ?, ?)');
  const flush = db.transaction((rows: [string, string, string][]) => {
    for (const r of rows) insert.run(r);
  });
  let batch: [string, string, string][] = [];
  for await (const rec of readRecords(file).records) {
    if (!rec.value) continue;
    batch.push([String(rec.value.url ?? ''), String(rec.value.title ?? ''), String(rec.value.body ?? '')]);
    articles++;
    if (batch.length >= 2000) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
} else {
  const store = await openSqliteStore(dbPath);
  const summary = await importFile(store, file, { spec: { preset: 'kcna-co-jp' }, batchSize: process.env.BATCH ? Number(process.env.BATCH) : undefined });
  articles = summary.imported;
  store.raw.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
}

const seconds = (performance.now() - started) / 1000;
const size = ['', '-wal'].reduce((n, s) => n + (existsSync(dbPath + s) ? statSync(dbPath + s).size : 0), 0);
const cpu = process.cpuUsage();
// Bytes this process handed to the kernel for writing (WAL frames, checkpoints): Linux only.
const io = existsSync('/proc/self/io') ? /wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8')) : null;
process.stdout.write(JSON.stringify({ mode, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, articles, peakRssMb: process.resourceUsage().maxRSS / 1024, dbMb: size / 1048576, writtenMb: io ? Number(io[1]) / 1048576 : undefined }) + '\n');
