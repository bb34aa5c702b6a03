/**
 * A text's UTF-16 code units copied into a reused array, for the scans that read every character.
 *
 * Why: `charCodeAt` in a hot loop checks the string's representation (one-byte or two-byte, flat, sliced
 * or concatenated) on every call, and flattens a concatenated string into a new copy first; a typed array
 * is one bounds-checked load. Copying costs about a tenth of a nanosecond a character. The gazetteer scan
 * ran about a tenth faster with it (5.3–5.5 → 4.8 ns a character over 20,000 kcna.co.jp texts); the
 * shingle tokenizer and the anchor scan showed no difference, so they read their strings directly.
 */
export class CodeUnits {
  // Texts of up to 128k characters fit without replacing the array (which would discard optimized code
  // that assumed it constant).
  private units = new Uint16Array(1 << 17);
  private bytes = Buffer.from(this.units.buffer);

  /** The units of `text` in the first `text.length` slots; valid until this object's next call. */
  of(text: string): Uint16Array {
    if (this.units.length < text.length) {
      this.units = new Uint16Array(Math.max(text.length, this.units.length * 2));
      this.bytes = Buffer.from(this.units.buffer);
    }
    // 'utf16le' copies code units as they are, lone surrogates included.
    this.bytes.write(text, 0, 'utf16le');
    return this.units;
  }
}
