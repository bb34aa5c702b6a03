// Lines of a byte stream, decoded one at a time. Node's readline iterator queues up to 1,024 lines
// ahead of its reader; for a dump of multi-kilobyte JSON lines that is megabytes kept alive across
// every young-generation collection of the thread preparing the import. Here only the current chunk's
// lines are ever waiting.
import type { Readable } from 'node:stream';

const NEWLINE = 0x0a;
const CR = 0x0d;

export interface SplitLinesOptions {
  /** A line longer than this many bytes is not decoded nor kept: its length is yielded instead, and reading goes on after its end. */
  maxLineBytes?: number;
  /** Asked at the end of the stream: whether a last line without an ending is whole (false when the stream was cut). */
  lastLineWhole?: () => boolean;
}

/**
 * Yields each line without its `\n` or `\r\n` ending; a last line without an ending is yielded too.
 * A line over `maxLineBytes` yields its length in bytes (a number) in its place; its bytes are skipped as
 * they come, never gathered, so an endless line costs no memory.
 */
export async function* splitLines(stream: Readable, opts: SplitLinesOptions = {}): AsyncGenerator<string | number> {
  const max = opts.maxLineBytes ?? Infinity;
  let rest: Buffer | null = null;
  /** Bytes of an oversize line skipped so far, or -1 when not skipping one. */
  let skipped = -1;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    let nl = chunk.indexOf(NEWLINE);
    if (skipped >= 0) {
      if (nl < 0) {
        skipped += chunk.length;
        continue;
      }
      yield skipped + lineLength(chunk, 0, nl);
      skipped = -1;
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    } else if (rest !== null && nl >= 0) {
      const length = rest.length + nl;
      if (length > max) yield length - (nl > 0 ? (chunk[nl - 1] === CR ? 1 : 0) : rest[rest.length - 1] === CR ? 1 : 0);
      else yield decode(Buffer.concat([rest, chunk.subarray(0, nl)]), 0, length);
      rest = null;
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    while (nl >= 0) {
      yield nl - start > max ? lineLength(chunk, start, nl) : decode(chunk, start, nl);
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const length = (rest === null ? 0 : rest.length) + chunk.length - start;
      if (length > max) {
        skipped = length;
        rest = null;
      } else rest = rest === null ? Buffer.from(chunk.subarray(start)) : Buffer.concat([rest, chunk.subarray(start)]);
    }
  }
  const whole = opts.lastLineWhole?.() ?? true;
  if (skipped >= 0 && whole) yield skipped;
  if (rest !== null && rest.length > 0 && whole) yield decode(rest, 0, rest.length);
}

function decode(buf: Buffer, start: number, end: number): string {
  if (end > start && buf[end - 1] === CR) end--;
  return buf.toString('utf8', start, end);
}

/** Bytes of `buf[start, end)` without a trailing CR. */
function lineLength(buf: Buffer, start: number, end: number): number {
  return end > start && buf[end - 1] === CR ? end - start - 1 : end - start;
}
