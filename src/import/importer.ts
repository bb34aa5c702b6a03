import type { IngestItem, Store } from '../store/store.js';
import { prepareBatches, type PreparedBatch } from './prepare.js';
import { prepareBatchesInWorker } from './prepare-in-worker.js';
import type { PresetSpec } from './presets.js';
import { limitHeapGrowth } from './heap-growth.js';
import { readRecords } from './read-records.js';

export const DEFAULT_BATCH_SIZE = 250;
/** Records a transaction takes at least (whole prepared batches): against one batch of 250 a transaction, the kcna.co.jp import wrote 2.6 GB instead of 3.3 GB and took 0.75 s less (the history of BENCHMARKS.md). */
export const RECORDS_PER_TRANSACTION = 1000;

export interface ImportSummary {
  file: string;
  read: number;
  /** New articles: each a text the archive did not hold (the archive's count grows by exactly this). */
  imported: number;
  /** Records under a new URL whose text the source already holds: folded into that article as another URL. */
  folded: number;
  /** Of the folded, copies that differed only in boilerplate (same date and title), their wording kept as a version. */
  foldedNear: number;
  /** The same as `folded` (the name earlier summaries used). */
  duplicates: number;
  /** Records whose URL was already stored: folded into that article. */
  merged: number;
  /** Of the merged, those whose text differed: kept as another version. */
  versions: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  seconds: number;
  /**
   * Set when the file could not be read to its end (a cut or damaged gzip stream, a CSV quote never
   * closed): where and why. Every whole record before it was stored.
   */
  failed?: { line?: number; reason: string };
}

export interface Rejection {
  file: string;
  line: number;
  reason: string;
}

export interface ImportOptions {
  spec: PresetSpec;
  batchSize?: number;
  recordsPerTransaction?: number;
  /** Parse and normalize on a worker thread while this thread writes (default true). */
  worker?: boolean;
  onRejection?: (r: Rejection) => void;
  onProgress?: (p: { read: number; bytes: number; size: number }) => void;
  /** Records larger than this are rejected without being read whole (default `DEFAULT_MAX_RECORD_BYTES`). */
  maxRecordBytes?: number;
}

/** What a rejection is counted under in the summary: its reason up to the first colon, sizes left out. */
export function reasonKey(reason: string): string {
  return /^record (of \d+ bytes )?over the limit/.test(reason) ? 'record over the size limit' : reason.replace(/:.*/, '');
}

/**
 * Each column named by `--map` must exist: in a CSV file's header, or among the first JSONL record's keys.
 * Checked before anything is stored, with the columns there are.
 */
export async function checkMappedColumns(file: string, spec: PresetSpec): Promise<void> {
  const mapped = Object.entries(spec.map ?? {});
  if (spec.preset || mapped.length === 0) return;
  const reader = readRecords(file);
  let keys: string[] | null = null;
  let where = '';
  for await (const rec of reader.records) {
    const header = reader.columns();
    if (header) {
      keys = header;
      where = 'the CSV header has';
    } else if (rec.value) {
      keys = Object.keys(rec.value);
      where = `the first record (line ${rec.line}) has`;
    }
    if (keys || rec.fatal) break;
  }
  if (!keys) return;
  const missing = mapped.filter(([, column]) => !keys!.includes(column));
  if (missing.length > 0) {
    const which = missing.map(([field, column]) => `--map ${field}=${column}`).join(', ');
    throw new Error(`${file}: ${which}: no such column; ${where}: ${keys.join(', ')}`);
  }
}

/** Streams a dump into the store in batched transactions; rerunning it changes nothing. */
export async function importFile(store: Store, file: string, opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  limitHeapGrowth();
  // Small batches keep two threads' in-flight records (and so peak memory) low; larger ones save little time.
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  const summary: ImportSummary = { file, read: 0, imported: 0, folded: 0, foldedNear: 0, duplicates: 0, merged: 0, versions: 0, rejected: 0, rejectedByReason: {}, seconds: 0 };
  const sourceIds = new Map<string, number>();
  await checkMappedColumns(file, opts.spec);
  const read = { maxRecordBytes: opts.maxRecordBytes, ahead: store.preparedAhead() };
  const batches =
    opts.worker === false ? prepareBatches(file, opts.spec, batchSize, read) : prepareBatchesInWorker(file, opts.spec, batchSize, read);

  /** Stores one prepared batch (inside the open transaction) and counts what happened to its records. */
  const storeBatch = async (batch: PreparedBatch): Promise<void> => {
    const items: IngestItem[] = [];
    for (const rec of batch.records) {
      if (!rec.ok && rec.fatal) {
        summary.failed = rec.fatal === 'line' ? { line: rec.line, reason: rec.reason } : { reason: rec.reason };
        continue;
      }
      if (!rec.ok) {
        summary.rejected++;
        const key = reasonKey(rec.reason);
        summary.rejectedByReason[key] = (summary.rejectedByReason[key] ?? 0) + 1;
        opts.onRejection?.({ file, line: rec.line, reason: rec.reason });
        continue;
      }
      let sourceId = sourceIds.get(rec.source.slug);
      if (sourceId === undefined) {
        sourceId = await store.ensureSource(rec.source);
        sourceIds.set(rec.source.slug, sourceId);
      }
      items.push({ sourceId, article: rec.article, seenAt: rec.seenAt, origin: 'import' });
    }
    for (const outcome of await store.ingestBatch(items)) {
      if (outcome.kind === 'imported') summary.imported++;
      else if (outcome.kind === 'folded') {
        summary.folded++;
        summary.duplicates++;
        if (outcome.how === 'near') summary.foldedNear++;
      }
      else {
        summary.merged++;
        if (outcome.kind === 'merged') summary.versions++;
      }
    }
  };

  // Prepared batches stay small (memory held by both threads), and each is let go once stored; a commit
  // comes every few of them, since each commit rewrites the index pages it touched.
  const perTransaction = opts.recordsPerTransaction ?? RECORDS_PER_TRANSACTION;
  const next = batches[Symbol.asyncIterator]();
  for (let finished = false; !finished; ) {
    const last = await store.bulk(async () => {
      let records = 0;
      let stored: PreparedBatch | null = null;
      while (records < perTransaction) {
        const step = await next.next();
        if (step.done) {
          finished = true;
          break;
        }
        await storeBatch(step.value);
        records += step.value.records.length;
        stored = step.value;
      }
      return stored;
    });
    // Progress is reported once the transaction has committed.
    if (last) {
      summary.read = last.read;
      opts.onProgress?.({ read: last.read, bytes: last.bytes, size: last.size });
    }
  }
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}
