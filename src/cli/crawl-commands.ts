import { Option, type Command } from 'commander';
import { databasePath } from '../config.js';

// Command bodies load on use: the crawler's libraries stay out of other commands' start-up.
const sourcesCmd = () => import('./sources-command.js');

/** `wirewatch sources …` and `wirewatch crawl`. */
export function registerCrawlCommands(program: Command, dbOption: () => Option): void {
  const sources = program.command('sources').description('source definitions: validate, add, list, enable, disable');
  sources
    .command('validate')
    .description('check every source file in sources/ (errors name the file and the field)')
    .option('--dir <path>', 'another folder of source files')
    .action(async (o: { dir?: string }) => (await sourcesCmd()).validateSourcesCommand(o));
  sources
    .command('add')
    .description('add a plain feed source (RSS, Atom or JSON Feed)')
    .requiredOption('--feed <url>', 'the feed URL')
    .option('--slug <slug>', 'source slug (default: from the host name)')
    .option('--name <name>', 'display name (default: the host name)')
    .option('--min-interval-ms <n>', 'least time between requests to the host', (v) => nonNegative(v, '--min-interval-ms'))
    .option('--allow-private', 'allow loopback and private addresses (local test servers, intranet mirrors)')
    .addOption(new Option('--content <mode>', 'page: fetch and extract each item page; feed: keep the feed text').choices(['page', 'feed']))
    .addOption(dbOption())
    .action(async (o: { feed: string; slug?: string; name?: string; minIntervalMs?: number; allowPrivate?: boolean; content?: 'page' | 'feed'; db?: string }) =>
      (await sourcesCmd()).addFeedSourceCommand({ ...o, db: databasePath(o.db) }),
    );
  sources
    .command('list')
    .description('sources in the archive and whether each is crawled')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => (await sourcesCmd()).listSourcesCommand(databasePath(o.db)));
  for (const [name, on] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    sources
      .command(name)
      .description(`${on ? 'crawl' : 'stop crawling'} a source`)
      .argument('<slug>')
      .addOption(dbOption())
      .action(async (slug: string, o: { db?: string }) => (await sourcesCmd()).setEnabledCommand(slug, on, databasePath(o.db)));
  }

  program
    .command('crawl')
    .description('crawl the sources: listings, new articles, due rechecks')
    .option('--once', 'run one pass and exit (the only mode here; `wirewatch start` crawls continuously)')
    .option('--source <slug>', 'only this source (even if disabled)')
    .option('--recheck-all', 'recheck every known article in this pass, whatever its schedule')
    .option('--json', 'print the summary as JSON')
    .option('--enqueue', "put a crawl on the PostgreSQL archive's shared queue now and return (`wirewatch worker` processes run it)")
    .addOption(dbOption())
    .action(async (o: { source?: string; recheckAll?: boolean; json?: boolean; enqueue?: boolean; db?: string }) =>
      (await import('./crawl-command.js')).crawlCommand({ db: databasePath(o.db), source: o.source, recheckAll: o.recheckAll, json: o.json, enqueue: o.enqueue }),
    );

  program
    .command('worker')
    .description("take crawl jobs (listing polls, article fetches, rechecks, alerts) from a PostgreSQL archive's queue; run as many as you like, on any machine")
    .option('--concurrency <n>', 'jobs this process runs at once', (v) => positive(v, '--concurrency'), 4)
    .option('--no-schedule', 'only take jobs: leave the periodic crawl schedule to other workers')
    .addOption(dbOption())
    .action(async (o: { concurrency: number; schedule: boolean; db?: string }) =>
      (await import('./worker-command.js')).workerCommand({ db: databasePath(o.db), concurrency: o.concurrency, schedule: o.schedule }),
    );
}

function positive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`${flag} ${v}: expected a whole number from 1 to 256`);
  return n;
}

function nonNegative(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} ${v}: expected a whole number of milliseconds`);
  return n;
}
