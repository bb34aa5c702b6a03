/**
 * A chunk of a dump as UTF-8 bytes, texts encoded straight into one buffer. Joining a chunk's texts into
 * one string first made the output copy every text twice (the joined string, then its bytes) and, when a
 * single character of the chunk was beyond Latin-1, encode the whole chunk as two-byte text.
 */
export class ByteChunk {
  private buf: Buffer;
  private at = 0;

  constructor(expectedBytes: number) {
    this.buf = Buffer.allocUnsafe(Math.max(expectedBytes, 1024));
  }

  /** Appends `text` as UTF-8. */
  text(text: string): void {
    // Room for the text before writing (a short write would cut it): counted exactly only near the end,
    // where the worst case (three bytes per UTF-16 unit) might not fit.
    if (this.at + text.length * 3 > this.buf.length) {
      const need = this.at + Buffer.byteLength(text);
      if (need > this.buf.length) this.grow(need);
    }
    this.at += this.buf.write(text, this.at);
  }

  /** Appends one ASCII character. */
  char(code: number): void {
    if (this.at + 1 > this.buf.length) this.grow(this.at + 1);
    this.buf[this.at++] = code;
  }

  /** The bytes written (a view of the buffer: the chunk is not written to again once taken). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  private grow(need: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
}
