import { parse as parseCsv } from 'csv-parse';
import { createReadStream, statSync } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { splitLines } from './split-lines.js';

export interface SourceRecord {
  line: number;
  /** The parsed object, or an error message when the line could not be parsed. */
  value: Record<string, unknown> | null;
  error?: string;
}

export interface RecordReader {
  records: AsyncIterable<SourceRecord>;
  /** Bytes of the file consumed so far, and the file's size: progress for a stream of unknown length. */
  progress(): { bytes: number; size: number };
}

/** Streams JSONL or CSV records, gzip or plain (detected from the bytes), one at a time. */
export function readRecords(file: string): RecordReader {
  const size = statSync(file).size;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const input = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(counter);
  const format = /\.csv(\.gz)?$/i.test(file) ? 'csv' : 'jsonl';
  const records = (async function* () {
    const text = await maybeGunzip(input);
    yield* format === 'csv' ? csvRecords(text) : jsonlRecords(text);
  })();
  return { records, progress: () => ({ bytes, size }) };
}

async function maybeGunzip(stream: Readable): Promise<Readable> {
  const first: Buffer | null = await new Promise((resolve, reject) => {
    const onReadable = () => {
      const chunk = stream.read(2) as Buffer | null;
      if (chunk) {
        stream.off('readable', onReadable);
        stream.off('end', onEnd);
        stream.unshift(chunk);
        resolve(chunk);
      }
    };
    const onEnd = () => resolve(null);
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
  const gz = first !== null && first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  return gz ? stream.pipe(createGunzip({ chunkSize: 64 * 1024 })) : stream;
}

async function* jsonlRecords(stream: Readable): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const read of splitLines(stream)) {
    line++;
    // A byte-order mark some editors write at the start of a file is not part of the first record.
    const text = line === 1 && read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
    if (text.trim().length === 0) continue;
    try {
      const value = JSON.parse(text) as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) yield { line, value: null, error: 'not a JSON object' };
      else yield { line, value: value as Record<string, unknown> };
    } catch (e) {
      yield { line, value: null, error: `bad JSON: ${(e as Error).message}` };
    }
  }
}

async function* csvRecords(stream: Readable): AsyncGenerator<SourceRecord> {
  const parser = stream.pipe(parseCsv({ columns: true, bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  for await (const rec of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
    yield { line: rec.info.lines, value: rec.record };
  }
}
