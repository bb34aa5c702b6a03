/** Unsigned LEB128 varints in a growing byte buffer, and the order lexemes are kept in. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  varint(value: number): void {
    this.reserve(5);
    let v = value >>> 0;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }

  raw(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    this.reserve(n);
    if (n <= 32) {
      // Short runs (most entries) copied by hand: a subarray per copy costs more than the copy.
      const bytes = this.bytes;
      let at = this.length;
      for (let i = start; i < end; i++) bytes[at++] = src[i];
    } else this.bytes.set(src.subarray(start, end), this.length);
    this.length += n;
  }

  /** A text as UTF-8, after its length in bytes as a varint. */
  text(value: string): void {
    const n = Buffer.byteLength(value);
    this.varint(n);
    this.reserve(n);
    if (n === value.length) {
      const bytes = this.bytes;
      for (let i = 0; i < n; i++) bytes[this.length + i] = value.charCodeAt(i);
    } else Buffer.from(this.bytes.buffer, this.bytes.byteOffset).write(value, this.length, n, 'utf8');
    this.length += n;
  }

  /** A copy of what was written. */
  take(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.length));
  }
}

/** Reads varints from `bytes` at `pos` (advanced). */
export class ByteReader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  varint(): number {
    let b = this.bytes[this.pos++];
    if (b < 0x80) return b;
    let v = b & 0x7f;
    let shift = 7;
    do {
      b = this.bytes[this.pos++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b >= 0x80);
    return v;
  }

  /** Skips `n` varints. */
  skip(n: number): void {
    const bytes = this.bytes;
    let pos = this.pos;
    for (let k = 0; k < n; k++) while (bytes[pos++] >= 0x80);
    this.pos = pos;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }
}

/**
 * Every varint of bytes[start…end) into `out` (grown when too small), in one tight loop: reading a
 * doclist's fields from the array afterwards costs far less than a call per varint. Returns the array
 * written (the caller knows how many varints its bytes hold).
 */
export function decodeVarints(bytes: Uint8Array, start: number, end: number, out: Uint32Array): Uint32Array {
  if (out.length < end - start) out = new Uint32Array(Math.max(end - start, out.length * 2));
  let n = 0;
  let p = start;
  while (p < end) {
    let b = bytes[p++];
    if (b < 0x80) {
      out[n++] = b;
      continue;
    }
    let v = b & 0x7f;
    let scale = 0x80;
    do {
      b = bytes[p++];
      v += (b & 0x7f) * scale;
      scale *= 0x80;
    } while (b >= 0x80);
    out[n++] = v;
  }
  return out;
}

/**
 * Code point order, as PostgreSQL's "C" collation orders UTF-8 text (JavaScript's own comparison orders
 * UTF-16 code units, which differs for characters past U+FFFF).
 */
export function compareLexemes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

function codeUnitRank(c: number): number {
  return c >= 0xd800 && c <= 0xdfff ? c + 0x10000 : c;
}

/** The first text after every text that starts with `prefix` (in code point order), or null when none is. */
export function prefixEnd(prefix: string): string | null {
  const cps = Array.from(prefix);
  while (cps.length) {
    const last = cps.pop()!.codePointAt(0)!;
    let next = last + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return cps.join('') + String.fromCodePoint(next);
  }
  return null;
}
