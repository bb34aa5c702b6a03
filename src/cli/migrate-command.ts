import { Presets as BarPresets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { migrateArchive, type MigrateReport } from '../migrate/migrate.js';
import { redactUrl } from '../store/postgres/open-postgres.js';

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--batch ${v}: a number of rows, 1 or more`);
  return n;
}

/** What the run found and checked, a line per table. */
function printReport(r: MigrateReport, json: boolean): void {
  if (json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
  const out = (l: string) => process.stdout.write(`${l}\n`);
  for (const c of r.checks) {
    const hash = c.sqliteDigest ? `, texts ${c.sqliteDigest === c.postgresDigest ? 'identical' : 'DIFFER'} (sha256 ${c.postgresDigest!.slice(0, 12)}…)` : '';
    out(`${c.ok ? 'ok ' : 'BAD'} ${c.table}: ${c.postgresRows} of ${c.sqliteRows} rows${hash}`);
  }
  for (const t of r.plan.tables) if (t.sqliteOnlyColumns.length) out(`not copied: ${t.name}.${t.sqliteOnlyColumns.join(`, ${t.name}.`)} (no such column on PostgreSQL)`);
  if (r.plan.missingOnPostgres.length) out(`not copied: ${r.plan.missingOnPostgres.join(', ')} (no such table on PostgreSQL)`);
  if (r.plan.derived.length) out(`not copied: ${r.plan.derived.join(', ')} (SQLite's full-text indexes; PostgreSQL's search index is built from the articles)`);
  if (r.reindexed) out(`search index rebuilt: ${r.reindexed.articles} articles in ${r.reindexed.seconds.toFixed(1)} s`);
  else out('search index not rebuilt: run `wirewatch reindex --db postgres://…` once the copy verifies');
  out(`${r.ok ? 'verified' : 'NOT VERIFIED'}: ${r.copied} rows copied in this run, ${r.seconds.toFixed(1)} s in all`);
}

/** `wirewatch migrate --from sqlite:PATH --to postgres://…` */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('copy a whole SQLite archive into PostgreSQL (resumable: run it again after an interruption), then verify it')
    .requiredOption('--from <sqlite:PATH>', 'the SQLite archive, e.g. sqlite:data/wirewatch.db')
    .requiredOption('--to <url>', 'the PostgreSQL archive, postgres://USER@HOST:PORT/DATABASE (empty, or the one an interrupted run left)')
    .option('--batch <rows>', 'rows per transaction', positive, 5000)
    .option('--no-reindex', 'leave the search index for `wirewatch reindex`')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the report as JSON')
    .action(async (o: { from: string; to: string; batch: number; reindex: boolean; progress: boolean; json?: boolean }) => {
      const showBar = o.progress && process.stderr.isTTY;
      const bar = new SingleBar({ format: ' {bar} {percentage}% | {value}/{total} rows | {table} | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50 }, BarPresets.shades_classic);
      const report = await migrateArchive({
        from: o.from,
        to: o.to,
        limits: { rows: o.batch },
        onStart: (total, done) => {
          if (!o.json) process.stderr.write(`${o.from} → ${redactUrl(o.to)}: ${total} rows${done ? `, ${done} already copied` : ''}\n`);
          if (showBar) bar.start(total, done, { table: '' });
        },
        onBatch: (table, rows) => showBar && bar.increment(rows, { table }),
        reindex: o.reindex,
        onReindex: (done, total) => {
          if (!showBar) return;
          if (done === 0 || bar.getTotal() !== total) bar.start(total, done, { table: 'search index' });
          else bar.update(done, { table: 'search index' });
        },
      }).finally(() => showBar && bar.stop());
      printReport(report, !!o.json);
      if (!report.ok) process.exitCode = 1;
    });
}
