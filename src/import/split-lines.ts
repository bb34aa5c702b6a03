// Lines of a byte stream, decoded one at a time. Node's readline iterator queues up to 1,024 lines
// ahead of its reader; for a dump of multi-kilobyte JSON lines that is megabytes kept alive across
// every young-generation collection of the thread preparing the import. Here only the current chunk's
// lines are ever waiting.
import type { Readable } from 'node:stream';

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Yields each line without its `\n` or `\r\n` ending; a last line without an ending is yielded too. */
export async function* splitLines(stream: Readable): AsyncGenerator<string> {
  let rest: Buffer | null = null;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    let nl = chunk.indexOf(NEWLINE);
    if (rest !== null && nl >= 0) {
      yield decode(Buffer.concat([rest, chunk.subarray(0, nl)]), 0, rest.length + nl);
      rest = null;
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    while (nl >= 0) {
      yield decode(chunk, start, nl);
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) rest = rest === null ? Buffer.from(chunk.subarray(start)) : Buffer.concat([rest, chunk.subarray(start)]);
  }
  if (rest !== null && rest.length > 0) yield decode(rest, 0, rest.length);
}

function decode(buf: Buffer, start: number, end: number): string {
  if (end > start && buf[end - 1] === CR) end--;
  return buf.toString('utf8', start, end);
}
