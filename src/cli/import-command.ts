import { SingleBar, Presets as BarPresets } from 'cli-progress';
import { existsSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { DEFAULT_BATCH_SIZE, importFile, reasonKey, type Rejection } from '../import/importer.js';
import { parseMapArgs, resolvePreset, type PresetSpec } from '../import/presets.js';
import { openStore } from '../store/open-store.js';

export interface ImportCommandOptions {
  preset?: string;
  map: string[];
  source?: string;
  db: string;
  json?: boolean;
  progress?: boolean;
  batchSize?: number;
  maxRecordBytes?: number;
  /** CPU priority to run at (nice: 0 normal … 19 lowest). */
  nice?: number;
}

/**
 * Imports are batch work: by default they run at nice 10, so a server reading the same archive on the
 * same machine keeps answering (on two cores a full-speed import with its preparing thread took nearly all
 * of both). Set before the preparing thread starts, which inherits it. Costs nothing on an idle machine.
 */
export const DEFAULT_IMPORT_NICE = 10;

const MAX_PRINTED_PER_REASON = 20;

export async function importCommand(file: string, opts: ImportCommandOptions): Promise<void> {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  const spec: PresetSpec = opts.preset ? { preset: opts.preset } : { map: parseMapArgs(opts.map), source: opts.source };
  resolvePreset(spec); // fails early on an unknown preset
  const nice = opts.nice ?? DEFAULT_IMPORT_NICE;
  if (nice > 0) {
    try {
      setPriority(Math.min(19, getPriority() + nice));
    } catch {
      // Not permitted here (a container's limits): import at the priority given.
    }
  }
  const store = await openStore(opts.db);
  const showBar = opts.progress !== false && process.stderr.isTTY;
  const bar = new SingleBar(
    { format: ' {bar} {percentage}% | {read} records | {rate}/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50 },
    BarPresets.shades_classic,
  );
  const started = Date.now();
  if (showBar) bar.start(100, 0, { read: 0, rate: 0 });
  const printed = new Map<string, number>();
  const onRejection = (r: Rejection) => {
    const key = reasonKey(r.reason);
    const n = (printed.get(key) ?? 0) + 1;
    printed.set(key, n);
    if (n <= MAX_PRINTED_PER_REASON) process.stderr.write(`${showBar ? '\n' : ''}${r.file}:${r.line}: rejected: ${r.reason}\n`);
    else if (n === MAX_PRINTED_PER_REASON + 1) process.stderr.write(`${r.file}: more records rejected for '${key}'; see the summary\n`);
  };
  try {
    const summary = await importFile(store, file, {
      spec,
      // --batch-size is what a transaction takes; prepared batches stay small below it (memory on both threads).
      recordsPerTransaction: opts.batchSize,
      batchSize: opts.batchSize === undefined ? undefined : Math.min(opts.batchSize, DEFAULT_BATCH_SIZE),
      onRejection,
      maxRecordBytes: opts.maxRecordBytes,
      onProgress: ({ read, bytes, size }) => {
        if (!showBar) return;
        const rate = Math.round(read / Math.max(0.001, (Date.now() - started) / 1000));
        bar.update(Math.min(100, Math.round((bytes / Math.max(1, size)) * 100)), { read, rate });
      },
    });
    if (showBar) bar.stop();
    if (summary.failed) {
      // The file could not be read to its end: said first, then the summary of what was stored; the exit code tells scripts.
      const at = summary.failed.line === undefined ? `${file}` : `${file}:${summary.failed.line}`;
      process.stderr.write(`${at}: ${summary.failed.reason}\n`);
      process.exitCode = 1;
    }
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      process.stdout.write(
        `${file}: read ${summary.read}, imported ${summary.imported} new articles (distinct texts), ` +
          `folded ${summary.folded} into existing articles as other URLs of the same text` +
          (summary.foldedNear ? ` (${summary.foldedNear} differing only in boilerplate)` : '') +
          `, merged ${summary.merged} already-known URLs (${summary.versions} with another text), rejected ${summary.rejected} in ${summary.seconds}s\n`,
      );
      for (const [reason, n] of Object.entries(summary.rejectedByReason)) process.stdout.write(`  rejected (${reason}): ${n}\n`);
    }
  } finally {
    if (showBar) bar.stop();
    await store.close();
  }
}
