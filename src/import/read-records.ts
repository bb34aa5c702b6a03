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
    const text = (await maybeGunzip(input)).pipe(surrogateBytes());
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
      const value = parseJsonLine(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) yield { line, value: null, error: 'not a JSON object' };
      else yield { line, value: value as Record<string, unknown> };
    } catch (e) {
      yield { line, value: null, error: `bad JSON: ${(e as Error).message}` };
    }
  }
}

/**
 * JSON forbids raw control characters inside strings, but dumps written by hand or by lax tools hold them:
 * such a line is read with them escaped, so the record is kept (and cleaned) as a CSV record would be.
 */
function parseJsonLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!RAW_CONTROL.test(text)) throw error;
    return JSON.parse(escapeControlsInStrings(text));
  }
}

const RAW_CONTROL = /[\x00-\x1F]/;

/** The line with each raw control character inside a JSON string written as a `\u00XX` escape. */
function escapeControlsInStrings(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString && c === 0x5c) i++;
    else if (c === 0x22) inString = !inString;
    else if (inString && c < 0x20) {
      out += `${text.slice(from, i)}\\u${c.toString(16).padStart(4, '0')}`;
      from = i + 1;
    }
  }
  return out + text.slice(from);
}

/**
 * Bytes that encode a UTF-16 surrogate (ED A0..BF 80..BF, as CESU-8 and WTF-8 write a lone one) each
 * become the bytes of one U+FFFD, in place. A UTF-8 decoder would make three of each; a JSON escape
 * (`\uD800`) of a lone surrogate becomes one U+FFFD in cleaning, so either spelling, JSONL or CSV, ends
 * the same. An incomplete sequence at the end of a chunk waits for the next one.
 */
export function surrogateBytes(): Transform {
  let carry: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = null;
      const n = buf.length;
      const keep = n >= 1 && buf[n - 1] === 0xed ? 1 : n >= 2 && buf[n - 2] === 0xed && buf[n - 1] >= 0xa0 && buf[n - 1] <= 0xbf ? 2 : 0;
      replaceSurrogateBytes(buf, n - keep);
      if (keep > 0) {
        carry = Buffer.from(buf.subarray(n - keep));
        buf = buf.subarray(0, n - keep);
      }
      done(null, buf);
    },
    flush(done) {
      done(null, carry ?? undefined);
    },
  });
}

/** Rewrites each encoded surrogate in `buf[0, end)` as U+FFFD (same length). */
export function replaceSurrogateBytes(buf: Buffer, end: number): void {
  for (let i = buf.indexOf(0xed); i >= 0 && i + 2 < end; i = buf.indexOf(0xed, i)) {
    const b1 = buf[i + 1];
    const b2 = buf[i + 2];
    if (b1 >= 0xa0 && b1 <= 0xbf && b2 >= 0x80 && b2 <= 0xbf) {
      buf[i] = 0xef;
      buf[i + 1] = 0xbf;
      buf[i + 2] = 0xbd;
      i += 3;
    } else i++;
  }
}

async function* csvRecords(stream: Readable): AsyncGenerator<SourceRecord> {
  const parser = stream.pipe(parseCsv({ columns: true, bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  for await (const rec of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
    yield { line: rec.info.lines, value: rec.record };
  }
}
