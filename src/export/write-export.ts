import type { Writable } from 'node:stream';
import { csvLine } from './csv-line.js';
import { ByteChunk } from './byte-chunk.js';
import { writeCsvRecord } from './csv-record.js';
import { CSV_COLUMNS, type ExportRecord } from './export-record.js';

/** How a dump writes records: text before the first chunk, then each chunk as UTF-8 bytes. */
export interface DumpFormat {
  /** Whether records need the body split into paragraphs (else one element holding the stored text). */
  paragraphs: boolean;
  header(opts: { bom: boolean }): string;
  chunk(records: ExportRecord[]): Uint8Array;
}

/** A first guess at a record's bytes (the archive's articles average about 1.7 KB); a chunk grows past it. */
const CHUNK_BYTES_PER_RECORD = 2048;

/** Dump formats by name; a new format is one more entry. */
export const DUMP_FORMATS = {
  jsonl: {
    paragraphs: true,
    header: () => '',
    chunk: (records) => {
      const out = new ByteChunk(records.length * CHUNK_BYTES_PER_RECORD);
      for (const r of records) {
        out.text(JSON.stringify(r));
        out.char(10);
      }
      return out.bytes();
    },
  },
  csv: {
    paragraphs: false,
    // The byte order mark makes spreadsheet programs read the file as UTF-8 (Korean text otherwise garbles).
    header: ({ bom }) => (bom ? '\uFEFF' : '') + csvLine(CSV_COLUMNS),
    // Cells that would start a formula are neutralized as in every CSV the archive writes.
    chunk: (records) => {
      const out = new ByteChunk(records.length * CHUNK_BYTES_PER_RECORD);
      for (const r of records) writeCsvRecord(r, out);
      return out.bytes();
    },
  },
} satisfies Record<string, DumpFormat>;

export type DumpFormatName = keyof typeof DUMP_FORMATS;

export function isDumpFormat(name: string): name is DumpFormatName {
  return Object.hasOwn(DUMP_FORMATS, name);
}

/**
 * Writes the chunks to `out` one at a time, waiting whenever the output is full: only one chunk is ever
 * held, whatever the archive's size. Returns the number of records written.
 */
export async function writeDump(
  chunks: Iterable<ExportRecord[]>,
  format: DumpFormat,
  out: Writable,
  opts: { bom?: boolean; onProgress?: (written: number) => void } = {},
): Promise<number> {
  let written = 0;
  await put(out, format.header({ bom: opts.bom ?? false }));
  for (const records of chunks) {
    await put(out, format.chunk(records));
    written += records.length;
    opts.onProgress?.(written);
  }
  return written;
}

function put(out: Writable, data: string | Uint8Array): Promise<void> {
  if (!data.length || out.write(data)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (e?: Error) => {
      out.off('drain', done);
      out.off('error', done);
      if (e) reject(e);
      else resolve();
    };
    out.once('drain', done);
    out.once('error', done);
  });
}
