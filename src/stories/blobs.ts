// Signatures and anchors are stored as little-endian typed arrays (BLOB in SQLite, bytea in PostgreSQL).

export function blob(a: Uint32Array | Float32Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A copy: a stored Buffer's bytes need not be aligned for a typed array. */
export function u32(b: Uint8Array): Uint32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Uint32Array(copy.buffer);
}

export function f32(b: Uint8Array): Float32Array {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

export function u8(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}
