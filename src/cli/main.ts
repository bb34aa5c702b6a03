import { Command, Option } from 'commander';
import { databasePath, DEFAULT_PORT } from '../config.js';
import { registerCrawlCommands } from './crawl-commands.js';
import { storageFailure } from '../store/storage-failure.js';

// Command bodies (and the definitions that need their modules) load on use: a command pays for its own
// libraries only, not for every other command's (under tsx each module loaded costs start-up time).
const webServer = () => import('./web-server.js');

const program = new Command('wirewatch').description('Archive and monitor for state media').showHelpAfterError();

const dbOption = () => new Option('--db <path>', 'database file (default: $WIREWATCH_DB or ./data/wirewatch.db)');
const hostOption = () => new Option('--host <address>', 'address to listen on (default: $WIREWATCH_HOST or 127.0.0.1, this machine only)');
const privateOption = () => new Option('--private', 'every page and the read API behind login (default: $WIREWATCH_PRIVATE=1; else public-read)');
const workersOption = () => new Option('--workers <n>', 'web worker processes (default: $WIREWATCH_WORKERS or one per core, at most 4)');
const portOption = () => new Option('--port <n>', 'port to listen on').default(String(process.env.PORT ?? DEFAULT_PORT)).argParser(parsePort);

/** The top-level commands, in the order help lists them; `names` are the commands a definition adds. */
const definitions: { names: string[]; define: () => unknown }[] = [
  {
    names: ['serve'],
    define: () =>
      program
        .command('serve')
        .description('run the web server (archive pages and JSON API)')
        .addOption(portOption())
        .addOption(hostOption())
        .addOption(dbOption())
        .addOption(privateOption())
        .addOption(workersOption())
        .action(async (o: { port: number | string; host?: string; db?: string; private?: boolean; workers?: string }) => {
          const [host, db] = [(await import('./listen.js')).listenHost(o.host), databasePath(o.db)];
          const workers = (await webServer()).webWorkers(o.workers);
          return (await import('./serve-command.js')).serveCommand({ port: Number(o.port), host, db, private: o.private || undefined, workers });
        })
  },
  {
    names: ['start'],
    define: () =>
      program
        .command('start')
        .description('run Wirewatch: the web server and the crawler on the archive')
        .addOption(portOption())
        .addOption(hostOption())
        .addOption(dbOption())
        .option('--no-crawl', 'serve only, do not crawl')
        .addOption(privateOption())
        .addOption(workersOption())
        .action(async (o: { port: number | string; host?: string; db?: string; crawl: boolean; private?: boolean; workers?: string }) => {
          const [host, db] = [(await import('./listen.js')).listenHost(o.host), databasePath(o.db)];
          const workers = (await webServer()).webWorkers(o.workers);
          return (await import('./start-command.js')).startCommand({ port: Number(o.port), host, db, crawl: o.crawl, private: o.private || undefined, workers });
        })
  },
  { names: ['sources', 'crawl', 'worker'], define: () => registerCrawlCommands(program, dbOption) },
  {
    names: ['extract'],
    define: () =>
      program
        .command('extract')
        .description("run a source's adapter on a saved page, exactly as the crawler would, and print what it reads")
        .argument('<file>', 'the saved HTML page')
        .requiredOption('--source <slug>', "the source whose adapter reads it (the archive's definition, else sources/<slug>.json)")
        .requiredOption('--url <url>', 'the address the page was served from (resolves links; URL dates)')
        .option('--listing', 'the page is a listing: print its article links')
        .option('--listing-date <YYYY-MM-DD>', 'the date a listing showed for the article (as the crawler would know it)')
        .option('--json', 'print as JSON (an article in the article API\'s shape)')
        .addOption(dbOption())
        .action(async (file: string, o: { source: string; url: string; listing?: boolean; listingDate?: string; json?: boolean; db?: string }) =>
          (await import('./extract-command.js')).extractCommand(file, { ...o, db: databasePath(o.db) }),
        )
  },
  {
    names: ['import'],
    // The option defaults shown in help are the importer's own constants.
    define: async () => {
      const [importCmd, importer, records] = await Promise.all([import('./import-command.js'), import('../import/importer.js'), import('../import/read-records.js')]);
      program
        .command('import')
        .description('import a JSONL or CSV dump (gzip or plain) into the archive, or a WARC with --warc')
        .argument('[file]')
        .option('--warc <file>', 'read a WARC (.warc or .warc.gz, from Wirewatch or another crawler): its pages go through the same extraction as crawling')
        .option('--preset <name>', 'a known dump layout: kcna-co-jp, kcna-kp-stiles, rodong-thogra, nkarchive-ko')
        .option('--map <field=column>', 'map a field to a column (repeatable): url, title, body, date, pageDate, publishedAt, capturedAt, lang, source', collect, [])
        .option('--source <slug>', 'source for records when no preset or mapped source column says', 'imported')
        .option('--no-progress', 'no progress bar')
        .option('--batch-size <n>', 'records per transaction', (v) => positiveInt(v, '--batch-size'), importer.RECORDS_PER_TRANSACTION)
        .option('--max-record-bytes <n>', 'reject a record (JSONL line or CSV row) larger than this', (v) => positiveInt(v, '--max-record-bytes'), records.DEFAULT_MAX_RECORD_BYTES)
        .addOption(dbOption())
        .option('--json', 'print the summary as JSON')
        .option('--nice <n>', 'run at this lower CPU priority (0 normal … 19 lowest), so a server on the same machine stays quick', (v) => niceValue(v), importCmd.DEFAULT_IMPORT_NICE)
        .action(async (file: string | undefined, o: { warc?: string; preset?: string; map: string[]; source?: string; db?: string; json?: boolean; progress?: boolean; batchSize: number; maxRecordBytes: number; nice: number }, cmd: Command) => {
          if (o.warc) {
            if (file) throw new Error('give either a dump file or --warc FILE, not both');
            // --source is a default for dumps; for a WARC it is given only when the user names it.
            const source = cmd.getOptionValueSource('source') === 'cli' ? o.source : undefined;
            return (await import('./import-warc-command.js')).importWarcCommand(o.warc, { db: databasePath(o.db), source, json: o.json, progress: o.progress });
          }
          if (!file) throw new Error('import: give a dump file, or --warc FILE');
          return importCmd.importCommand(file, { ...o, db: databasePath(o.db) });
        });
    },
  },
  {
    names: ['import-images'],
    define: () =>
      program
        .command('import-images')
        .description('import a folder of photos (sub-folders too): hashed, measured, thumbnailed and indexed like captured images')
        .argument('<dir>', 'the folder')
        .requiredOption('--source <slug>', 'the source whose photo collection this is')
        .addOption(dbOption())
        .option('--json', 'print the summary as JSON')
        .action(async (dir: string, o: { source: string; db?: string; json?: boolean }) =>
          (await import('./import-images-command.js')).importImagesCommand(dir, { source: o.source, db: databasePath(o.db), json: o.json }),
        ),
  },
  {
    names: ['stats'],
    define: () =>
      program
        .command('stats')
        .description('counts of articles, sources, duplicates and damaged articles')
        .addOption(dbOption())
        .option('--json', 'print as JSON')
        .action(async (o: { db?: string; json?: boolean }) => (await import('./stats-command.js')).statsCommand({ db: databasePath(o.db), json: o.json }))
  },
  {
    names: ['search'],
    define: () =>
      program
        .command('search')
        .description('search the archive (query syntax: docs/search.md); newest first')
        .argument('<query>')
        .option('--json', 'every match as a JSON line')
        .option('--count', 'print only the number of matching articles')
        .option('--sort <order>', 'newest, oldest or relevance', 'newest')
        .option('--limit <n>', 'show at most n matches (default 20; all with --json)')
        .addOption(dbOption())
        .action(async (query: string, o: { json?: boolean; count?: boolean; sort?: string; limit?: string; db?: string }) =>
          (await import('../search/cli.js')).searchCommand(query, { ...o, db: databasePath(o.db) }),
        )
  },
  {
    names: ['reindex'],
    define: () =>
      program
        .command('reindex')
        .description('rebuild the search index from the stored articles')
        .addOption(dbOption())
        .action(async (o: { db?: string }) => (await import('../search/cli.js')).reindexCommand({ db: databasePath(o.db) }))
  },
  {
    names: ['export'],
    define: () =>
      program
        .command('export')
        .description('dump every article (or a query\'s matches) with every field: full text, URLs, story, versions, entities')
        .requiredOption('--format <format>', 'jsonl, csv, warc (WARC 1.1, gzip per record) or wacz (a WACZ package; needs --out)')
        .option('--query <query>', 'only the articles matching this search query (syntax: docs/search.md)')
        .option('--out <file>', 'write here (default: standard output)')
        .option('--bom', 'start the CSV with a UTF-8 byte order mark, so spreadsheet programs read Korean text right')
        .option('--versions <detail>', 'count, or full: every version\'s title and text (jsonl)', 'count')
        .option('--no-progress', 'no progress bar')
        .option('--base-url <url>', 'the archive\'s public address, for permalinks in WARC/WACZ metadata (default: $WIREWATCH_BASE_URL or http://localhost:8080)')
        .addOption(dbOption())
        .action(async (o: { format: string; query?: string; out?: string; bom?: boolean; versions: string; progress?: boolean; baseUrl?: string; db?: string }) =>
          (await import('./export-command.js')).exportCommand({ ...o, db: databasePath(o.db) }),
        )
  },
  { names: ['stories'], define: async () => (await import('../stories/cli.js')).registerStoryCommands(program, dbOption) },
  { names: ['entities'], define: async () => (await import('../entities/cli.js')).registerEntityCommands(program, dbOption) },
  { names: ['user', 'token'], define: async () => (await import('./account-commands.js')).registerAccountCommands(program, dbOption) },
  { names: ['watch', 'deliver'], define: async () => (await import('./watch-commands.js')).registerWatchCommands(program, dbOption) },
  { names: ['migrate'], define: async () => (await import('./migrate-command.js')).registerMigrateCommand(program) },
];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} ${v}: expected a positive integer`);
  return n;
}

function niceValue(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 19) throw new Error(`--nice ${v}: give a whole number from 0 (normal priority) to 19 (lowest)`);
  return n;
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port ${v}: not a port number`);
  return n;
}

// A named command needs its own definition only (its options, its help); anything else (help, a mistyped
// name that help's suggestions should catch) gets them all.
const named = definitions.find((d) => d.names.includes(process.argv[2] ?? ''));
for (const d of named ? [named] : definitions) await d.define();

// Output piped into `head` and the like: a closed pipe ends the command quietly, not with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`wirewatch: ${storageFailure(e) ?? (e as Error).message}\n`);
  process.exit(1);
});
