import { parse as parseCsv, type CsvError } from 'csv-parse';
import { createReadStream, statSync } from 'node:fs';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { splitLines } from './split-lines.js';

/** Records larger than this are rejected unread (`--max-record-bytes`): 7.6× the largest record in the four real corpora (275,765 bytes). */
export const DEFAULT_MAX_RECORD_BYTES = 2 * 1024 * 1024;

export interface SourceRecord {
  line: number;
  /** The parsed object, or an error message when the line could not be parsed. */
  value: Record<string, unknown> | null;
  error?: string;
  /**
   * Set on the last record of a file that could not be read to its end: `error` says why, and the file's
   * records before it are whole. 'line' reports it at `line`; 'file' at a byte offset given in `error`.
   */
  fatal?: 'line' | 'file';
}

export interface RecordReader {
  records: AsyncIterable<SourceRecord>;
  /** Bytes of the file consumed so far, and the file's size: progress for a stream of unknown length. */
  progress(): { bytes: number; size: number };
  /** A CSV file's header, once read (null for JSONL). */
  columns(): string[] | null;
}

export interface ReadOptions {
  maxRecordBytes?: number;
}

/** What stopped a compressed stream before its end. */
interface Cut {
  error: Error | null;
  byte: number;
  /** Whether the bytes passed on before the cut end with a line break (else the last record is incomplete). */
  atLineEnd: boolean;
}

/** Streams JSONL or CSV records, gzip or plain (detected from the bytes), one at a time. */
export function readRecords(file: string, opts: ReadOptions = {}): RecordReader {
  const size = statSync(file).size;
  const maxBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const input = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(counter);
  const format = /\.csv(\.gz)?$/i.test(file) ? 'csv' : 'jsonl';
  const cut: Cut = { error: null, byte: 0, atLineEnd: true };
  let header: string[] | null = null;
  const records = (async function* () {
    const text = (await maybeGunzip(input, cut)).pipe(surrogateBytes());
    if (format === 'csv') yield* csvRecords(text, maxBytes, cut, (h) => (header = h));
    else yield* jsonlRecords(text, maxBytes, cut);
  })();
  return { records, progress: () => ({ bytes, size }), columns: () => header };
}

async function maybeGunzip(stream: Readable, cut: Cut): Promise<Readable> {
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
  return gz ? gunzipKeepingWhatCame(stream, cut) : stream;
}

/**
 * The gunzipped stream, which ends (rather than fails) where the compressed data is cut or damaged: the
 * error and the compressed byte it came at are left in `cut`. Everything decompressed before it is passed
 * on, including what was still waiting in the decompressor (a failing stream would drop it).
 */
function gunzipKeepingWhatCame(stream: Readable, cut: Cut): Readable {
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  stream.pipe(gunzip);
  let last = 0x0a;
  gunzip.on('data', (chunk: Buffer) => {
    if (chunk.length > 0) last = chunk[chunk.length - 1];
    if (!out.write(chunk)) gunzip.pause();
  });
  out.on('drain', () => gunzip.resume());
  gunzip.on('end', () => out.end());
  gunzip.on('error', (error) => {
    cut.error = error;
    cut.byte = gunzip.bytesWritten;
    for (let chunk = gunzip.read() as Buffer | null; chunk !== null; chunk = gunzip.read() as Buffer | null) {
      if (chunk.length > 0) last = chunk[chunk.length - 1];
      out.write(chunk);
    }
    cut.atLineEnd = last === 0x0a;
    out.end();
  });
  return out;
}

/** Why a compressed stream stopped, for the record after the last whole one. */
function cutRecord(cut: Cut, line: number): SourceRecord {
  const what = (cut.error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'truncated' : 'damaged compressed data';
  return { line, value: null, fatal: 'file', error: `${what} at byte ${cut.byte} (${cut.error!.message}); the records before line ${line} are whole` };
}

export function overLimit(bytes: number | null, max: number): string {
  return bytes === null ? `record over the limit of ${max} bytes (--max-record-bytes)` : `record of ${bytes} bytes over the limit of ${max} (--max-record-bytes)`;
}

async function* jsonlRecords(stream: Readable, maxBytes: number, cut: Cut): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const read of splitLines(stream, { maxLineBytes: maxBytes, lastLineWhole: () => cut.error === null })) {
    line++;
    if (typeof read === 'number') {
      yield { line, value: null, error: overLimit(read, maxBytes) };
      continue;
    }
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
  if (cut.error) yield cutRecord(cut, line + 1);
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

/**
 * CSV records. A row the parser cannot take (a stray quote is taken as text: `relax_quotes`) is skipped
 * and reported at its line, as is a row with more or fewer fields than the header; reading goes on with the
 * next row. A quote left open runs to the end of the file: reading stops at the row that opened it.
 */
/**
 * A CSV record over the limit is rejected once parsed, and reading goes on; the parser holds a record
 * whole, so one over this many times the limit stops the reading there instead.
 */
const CSV_HOLD_FACTOR = 16;

async function* csvRecords(stream: Readable, maxBytes: number, cut: Cut, onHeader: (h: string[]) => void): AsyncGenerator<SourceRecord> {
  const skipped: SourceRecord[] = [];
  /** The line the last record parsed ended on (records are reported at the line they start on). */
  let parsedEnd = 1;
  /** Line after the last record read: where the next record starts. */
  let next = 2;
  let lastBytes = 0;
  let stopped = false;
  /** The line of the record too large to parse: records the parser read past it are not passed on. */
  let stopLine = Infinity;
  const parser = stream.pipe(
    parseCsv({
      columns: (h: string[]) => {
        onHeader(h);
        return h;
      },
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // The parser holds a record whole: past this it stops (below, records over the limit are rejected and reading goes on).
      max_record_size: maxBytes * CSV_HOLD_FACTOR,
      // With `info` the record comes with its info; the line it starts on is added here, as it is parsed.
      on_record: (rec: { info: { lines: number } }) => {
        const start = parsedEnd + 1;
        parsedEnd = rec.info.lines;
        return { ...rec, start };
      },
      on_skip: (err: CsvError | undefined) => {
        if (!err || stopped) return;
        const start = parsedEnd + 1;
        if (err.code === 'CSV_MAX_RECORD_SIZE') {
          // The parser cannot find the next record after this one: reading stops here (it runs through the rest without holding it).
          stopped = true;
          stopLine = start;
          skipped.push({ line: start, value: null, fatal: 'line', error: `${overLimit(null, maxBytes * CSV_HOLD_FACTOR)}: a CSV record this large stops the import; the records before it are kept` });
          return;
        }
        parsedEnd = (err.lines as number | undefined) ?? parsedEnd;
        if (err.code === 'CSV_QUOTE_NOT_CLOSED' && cut.error) return; // the stream was cut inside a quoted field
        if (err.code === 'CSV_QUOTE_NOT_CLOSED') skipped.push({ line: start, value: null, fatal: 'line', error: `a quote opened in this record is never closed (the file ends at line ${err.lines}); the records before it are kept` });
        else skipped.push({ line: start, value: null, error: `bad CSV: ${err.message}` });
      },
    }),
  );
  const drain = function* (upTo: number) {
    while (skipped.length > 0 && skipped[0].line <= upTo) yield skipped.shift()!;
  };
  /** The record read last, held back until the next one comes: a cut stream's last record may be incomplete. */
  let held: SourceRecord | null = null;
  try {
    for await (const rec of parser as AsyncIterable<{ start: number; record: Record<string, unknown>; info: { lines: number; bytes: number; error?: CsvError } }>) {
      const { lines, bytes, error } = rec.info;
      const line = rec.start;
      // Past a record too large to parse the file is run through unread: its fatal record stays the last one.
      if (line >= stopLine) continue;
      if (held) yield held;
      yield* drain(line);
      const size = bytes - lastBytes;
      lastBytes = bytes;
      next = lines + 1;
      if (size > maxBytes) held = { line, value: null, error: overLimit(size, maxBytes) };
      else if (error?.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') held = { line, value: null, error: `bad CSV: ${error.message}` };
      else held = { line, value: rec.record };
    }
  } catch (e) {
    if (held) yield held;
    yield* drain(Infinity);
    const err = e as CsvError;
    yield { line: (err.lines as number | undefined) ?? next, value: null, fatal: 'line', error: `bad CSV: ${err.message}; the records before it are kept` };
    return;
  }
  if (held) {
    if (cut.error && !cut.atLineEnd) next = held.line;
    else yield held;
  }
  yield* drain(Infinity);
  if (cut.error) yield cutRecord(cut, next);
}
