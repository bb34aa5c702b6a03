import { normalizeArticle, type NormalizedArticle } from '../normalize/article.js';
import type { AheadWork, SourceInput } from '../store/store.js';
import { storyFeatures } from '../stories/features.js';
import { storiesEnabled } from '../stories/enabled.js';
import { entitiesEnabled, prepareEntities, sharedExtractor } from '../entities/extract.js';
import { resolvePreset, type Preset, type PresetSpec } from './presets.js';
import { bodyText } from '../normalize/body-text.js';
import { shareLexicon } from '../search/postgres/postings/article.js';
import { indexedText } from '../search/postgres/ts-text.js';
import { readRecords, type ReadOptions, type SourceRecord } from './read-records.js';

/** One input record after parsing and normalization: ready to store, or rejected with a reason. */
export type PreparedRecord =
  | { line: number; ok: true; article: NormalizedArticle; source: SourceInput; seenAt: string }
  | { line: number; ok: false; reason: string; fatal?: 'line' | 'file' };

interface Progress {
  read: number;
  bytes: number;
  size: number;
}

export interface PreparedBatch extends Progress {
  records: PreparedRecord[];
}

export interface PrepareOptions extends ReadOptions {
  ahead?: AheadWork;
}

/** Records as read from the dump, not yet normalized (either thread of an import may prepare them). */
export interface ReadBatch extends Progress {
  records: SourceRecord[];
  /** When the import started: the capture time of records that carry none. */
  importedAt: string;
}

/** Reads a dump in batches of parsed records. */
export async function* readBatches(file: string, batchSize: number, opts: ReadOptions = {}): AsyncGenerator<ReadBatch> {
  const reader = readRecords(file, opts);
  const importedAt = new Date().toISOString();
  let records: SourceRecord[] = [];
  let read = 0;
  for await (const rec of reader.records) {
    if (!rec.fatal) read++;
    records.push(rec);
    if (records.length >= batchSize) {
      yield { records, read, importedAt, ...reader.progress() };
      records = [];
    }
  }
  yield { records, read, importedAt, ...reader.progress() };
}

/** Normalizes a batch and computes what the ingest hooks need; pure CPU work with no database. */
export function prepareBatch(batch: ReadBatch, preset: Preset, ahead: AheadWork = {}): PreparedBatch {
  const records = batch.records.map((rec) => prepareRecord(rec, preset, batch.importedAt, ahead));
  if (ahead.searchPostings) shareLexicon(records.flatMap((r) => (r.ok && r.article.searchPostings ? [r.article.searchPostings.postings] : [])));
  return { records, read: batch.read, bytes: batch.bytes, size: batch.size };
}

function prepareRecord(rec: SourceRecord, preset: Preset, importedAt: string, ahead: AheadWork): PreparedRecord {
  if (rec.fatal) return { line: rec.line, ok: false, reason: rec.error ?? 'unreadable', fatal: rec.fatal };
  if (!rec.value) return { line: rec.line, ok: false, reason: rec.error ?? 'unreadable record' };
  const raw = preset.toRaw(rec.value);
  const result = normalizeArticle(raw, preset.rules);
  if (!result.ok) return { line: rec.line, ok: false, reason: result.reason };
  const article = {
    ...result.article,
    story: storiesEnabled() ? storyFeatures(result.article) : undefined,
    entities: entitiesEnabled() ? prepareEntities(sharedExtractor().extract(result.article)) : undefined,
    searchPostings: ahead.searchPostings ? indexedText(result.article.title, bodyText(result.article)) : undefined,
  };
  return { line: rec.line, ok: true, article, source: preset.source(rec.value), seenAt: isoOr(raw.capturedAt, importedAt) };
}

/** Reads and normalizes a dump in batches on this thread. */
export async function* prepareBatches(file: string, spec: PresetSpec, batchSize: number, opts: PrepareOptions = {}): AsyncGenerator<PreparedBatch> {
  const preset = resolvePreset(spec);
  for await (const batch of readBatches(file, batchSize, opts)) yield prepareBatch(batch, preset, opts.ahead);
}

function isoOr(value: string | null | undefined, fallback: string): string {
  const t = value ? new Date(value) : null;
  return t && !Number.isNaN(t.getTime()) ? t.toISOString() : fallback;
}
