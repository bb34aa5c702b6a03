import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { articleCount, sqliteArticleChunks } from '../export/sqlite-article-chunks.js';
import type { VersionDetail } from '../export/export-record.js';
import { DUMP_FORMATS, isDumpFormat, writeDump } from '../export/write-export.js';
import { WARC_FORMATS, type WarcFormat } from '../export/warc-formats.js';
import type { Store } from '../store/store.js';
import type { SqliteStore } from '../store/sqlite-store.js';

// What only some exports need loads when they need it (the search index, the WARC writer, the progress
// bar): a whole-archive dump reads the tables alone, and starts without them.

export interface ExportCommandOptions {
  db: string;
  format: string;
  /** The archive's public address, for permalinks in WARC/WACZ metadata records. */
  baseUrl?: string;
  query?: string;
  out?: string;
  bom?: boolean;
  versions?: string;
  progress?: boolean;
}

/** `wirewatch export`: every article (or a query's matches) with every field, as JSON lines or CSV. */
export async function exportCommand(opts: ExportCommandOptions): Promise<void> {
  const warc = (WARC_FORMATS as readonly string[]).includes(opts.format) ? (opts.format as WarcFormat) : null;
  if (warc) return exportWarcFile(opts, warc);
  if (!isDumpFormat(opts.format)) throw new Error(`--format ${opts.format}: expected one of ${[...Object.keys(DUMP_FORMATS), ...WARC_FORMATS].join(', ')}`);
  const versions = (opts.versions ?? 'count') as VersionDetail;
  if (versions !== 'count' && versions !== 'full') throw new Error(`--versions ${opts.versions}: expected count or full`);
  if (versions === 'full' && opts.format === 'csv') throw new Error('--versions full needs --format jsonl (a CSV cell holds the count)');
  if (opts.bom && opts.format !== 'csv') throw new Error('--bom is for --format csv');
  if (!existsSync(opts.db)) throw new Error(`${opts.db}: no archive here`);
  const store = await openForDump(opts.db, opts.query !== undefined);
  try {
    const ids = opts.query === undefined ? undefined : await matchingIds(store, opts.query);
    const total = ids ? ids.length : articleCount(store.raw);
    const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
    // A file that cannot be created is an error before anything is read.
    if (opts.out) await once(out, 'open');
    const bar = opts.progress !== false && process.stderr.isTTY ? await progressBar(total) : null;
    const format = DUMP_FORMATS[opts.format];
    const written = await writeDump(sqliteArticleChunks(store.raw, { ids, versions, paragraphs: format.paragraphs }), format, out, { bom: opts.bom, onProgress: (n) => bar?.update(n) });
    bar?.stop();
    if (opts.out) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    reportExported(written, opts.out);
  } catch (e) {
    throw await queryError(e);
  } finally {
    await store.close();
  }
  // Benchmarks and tests read the peak memory of the whole run from here.
  if (process.env.WIREWATCH_REPORT_PEAK_RSS === '1') process.stderr.write(`peak-rss-kb ${peakRssKb()}\n`);
}

/** A search query needs the archive with its search index attached; a whole-archive dump, the tables alone. */
async function openForDump(db: string, withSearch: boolean): Promise<SqliteStore> {
  if (withSearch) return (await import('../store/open-store.js')).openSqliteStore(db);
  return (await import('../store/sqlite-store.js')).SqliteStore.open(db);
}

async function progressBar(total: number) {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ format: ' {bar} {percentage}% | {value}/{total} articles | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}

function reportExported(written: number, out: string | undefined): void {
  process.stderr.write(`${written} ${written === 1 ? 'article' : 'articles'} exported${out ? ` to ${out}` : ''}\n`);
}

/** A query's mistake as the one line (and pointer) the CLI prints; anything else as it is. */
async function queryError(e: unknown): Promise<unknown> {
  const [{ QuerySyntaxError }, { SearchRequestError }] = await Promise.all([import('../search/query/errors.js'), import('../search/backend.js')]);
  if (e instanceof QuerySyntaxError) return new Error(`${e.message}\n${e.pointer()}`);
  if (e instanceof SearchRequestError) return new Error(e.message);
  return e;
}

/** WARC or WACZ: each article's captured versions, raw bytes as fetched. */
async function exportWarcFile(opts: ExportCommandOptions, format: WarcFormat): Promise<void> {
  if (opts.bom) throw new Error('--bom is for --format csv');
  if (opts.versions === 'full') throw new Error(`--versions full is for --format jsonl (a ${format.toUpperCase()} holds every version anyway)`);
  if (!(await import('../store/postgres/open-postgres.js')).isPostgresUrl(opts.db) && !existsSync(opts.db)) throw new Error(`${opts.db}: no archive here`);
  // WARC and WACZ read through the Store interface: either backend.
  const store = await (await import('../store/open-store.js')).openStore(opts.db);
  try {
    const ids = opts.query === undefined ? undefined : await matchingIds(store, opts.query);
    const { exportWarcCommand } = await import('./export-warc-command.js');
    const written = await exportWarcCommand(store, { format, query: opts.query, out: opts.out, baseUrl: opts.baseUrl, progress: opts.progress }, ids);
    reportExported(written, opts.out);
  } catch (e) {
    throw await queryError(e);
  } finally {
    await store.close();
  }
}

/** The matches of a query, in id order (4 bytes per match); a URL names the article stored under it. */
async function matchingIds(store: Store, query: string): Promise<Int32Array> {
  const [{ searchOf }, { looksLikeUrl }, { SearchEngine }, { planQuery }] = await Promise.all([
    import('../search/attach.js'),
    import('../urls/equivalent.js'),
    import('../search/engine/search-engine.js'),
    import('../search/query/plan.js'),
  ]);
  const search = searchOf(store);
  let given: number[] | undefined;
  if (looksLikeUrl(query)) {
    const id = await store.findArticleIdByUrl(query.trim());
    given = id !== null ? [id] : await search.articlesOnPage(query.trim());
  }
  // The index's own evaluation gives the matches without the snippets a stream makes for each (4× faster).
  if (!given && search instanceof SearchEngine) return Int32Array.from((await search.evaluate(planQuery(query))).ids).sort();
  const parts: Int32Array[] = [];
  for await (const hits of search.stream(query, 'oldest', { ids: given })) parts.push(Int32Array.from(hits, (h) => h.id));
  const ids = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    ids.set(p, at);
    at += p.length;
  }
  return ids.sort();
}

function peakRssKb(): number {
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : Math.round(process.memoryUsage().rss / 1024);
}
