import { normalizeArticle } from '../normalize/article.js';
import type { IngestItem, Store } from '../store/store.js';
import type { Preset } from './presets.js';
import { readRecords } from './read-records.js';

export interface ImportSummary {
  file: string;
  read: number;
  imported: number;
  /** New articles whose normalized body was already stored in the same source (kept, marked). */
  duplicates: number;
  /** Records whose URL was already stored: folded into that article. */
  merged: number;
  /** Of the merged, those whose text differed: kept as another version. */
  versions: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  seconds: number;
}

export interface Rejection {
  file: string;
  line: number;
  reason: string;
}

export interface ImportOptions {
  preset: Preset;
  batchSize?: number;
  onRejection?: (r: Rejection) => void;
  onProgress?: (p: { read: number; bytes: number; size: number }) => void;
}

/** Streams a dump into the store in batched transactions; rerunning it changes nothing. */
export async function importFile(store: Store, file: string, opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? 2000;
  const summary: ImportSummary = { file, read: 0, imported: 0, duplicates: 0, merged: 0, versions: 0, rejected: 0, rejectedByReason: {}, seconds: 0 };
  const sourceIds = new Map<string, number>();
  const reader = readRecords(file);
  let batch: IngestItem[] = [];
  const seenAt = new Date().toISOString();

  const reject = (line: number, reason: string) => {
    summary.rejected++;
    const key = reason.replace(/:.*/, '');
    summary.rejectedByReason[key] = (summary.rejectedByReason[key] ?? 0) + 1;
    opts.onRejection?.({ file, line, reason });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    for (const outcome of await store.ingestBatch(batch)) {
      if (outcome.kind === 'imported') summary.imported++;
      else if (outcome.kind === 'duplicate') summary.duplicates++;
      else {
        summary.merged++;
        if (outcome.kind === 'merged') summary.versions++;
      }
    }
    batch = [];
  };

  for await (const rec of reader.records) {
    summary.read++;
    if (!rec.value) {
      reject(rec.line, rec.error ?? 'unreadable record');
      continue;
    }
    const raw = opts.preset.toRaw(rec.value);
    const result = normalizeArticle(raw, opts.preset.rules);
    if (!result.ok) {
      reject(rec.line, result.reason);
      continue;
    }
    const src = opts.preset.source(rec.value);
    let sourceId = sourceIds.get(src.slug);
    if (sourceId === undefined) {
      sourceId = await store.ensureSource(src);
      sourceIds.set(src.slug, sourceId);
    }
    batch.push({ sourceId, article: result.article, seenAt: isoOr(raw.capturedAt, seenAt), origin: 'import' });
    if (batch.length >= batchSize) {
      await flush();
      opts.onProgress?.({ read: summary.read, ...reader.progress() });
    }
  }
  await flush();
  opts.onProgress?.({ read: summary.read, ...reader.progress() });
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}

function isoOr(value: string | null | undefined, fallback: string): string {
  const t = value ? new Date(value) : null;
  return t && !Number.isNaN(t.getTime()) ? t.toISOString() : fallback;
}
