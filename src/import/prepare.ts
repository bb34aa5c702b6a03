import { normalizeArticle, type NormalizedArticle } from '../normalize/article.js';
import type { SourceInput } from '../store/store.js';
import { storyFeatures } from '../stories/features.js';
import { storiesEnabled } from '../stories/enabled.js';
import { entitiesEnabled, sharedExtractor } from '../entities/extract.js';
import { resolvePreset, type PresetSpec } from './presets.js';
import { readRecords } from './read-records.js';

/** One input record after parsing and normalization: ready to store, or rejected with a reason. */
export type PreparedRecord =
  | { line: number; ok: true; article: NormalizedArticle; source: SourceInput; seenAt: string }
  | { line: number; ok: false; reason: string };

export interface PreparedBatch {
  records: PreparedRecord[];
  read: number;
  bytes: number;
  size: number;
}

/** Reads and normalizes a dump in batches; pure CPU work with no database, so it can run off the main thread. */
export async function* prepareBatches(file: string, spec: PresetSpec, batchSize: number): AsyncGenerator<PreparedBatch> {
  const preset = resolvePreset(spec);
  const reader = readRecords(file);
  const importedAt = new Date().toISOString();
  let records: PreparedRecord[] = [];
  let read = 0;
  for await (const rec of reader.records) {
    read++;
    if (!rec.value) {
      records.push({ line: rec.line, ok: false, reason: rec.error ?? 'unreadable record' });
    } else {
      const raw = preset.toRaw(rec.value);
      const result = normalizeArticle(raw, preset.rules);
      records.push(
        result.ok
          ? { line: rec.line, ok: true, article: { ...result.article, story: storiesEnabled() ? storyFeatures(result.article) : undefined, entities: entitiesEnabled() ? sharedExtractor().extract(result.article) : undefined }, source: preset.source(rec.value), seenAt: isoOr(raw.capturedAt, importedAt) }
          : { line: rec.line, ok: false, reason: result.reason },
      );
    }
    if (records.length >= batchSize) {
      yield { records, read, ...reader.progress() };
      records = [];
    }
  }
  yield { records, read, ...reader.progress() };
}

function isoOr(value: string | null | undefined, fallback: string): string {
  const t = value ? new Date(value) : null;
  return t && !Number.isNaN(t.getTime()) ? t.toISOString() : fallback;
}
