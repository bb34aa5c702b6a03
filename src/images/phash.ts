// DCT perceptual hash (pHash): 64 bits that survive rescaling, re-encoding and small edits.
// The picture is shrunk to 32×32 grey, transformed with a 2-D DCT, and the 8×8 lowest frequencies are
// compared with their median: one bit each. Low frequencies describe the layout of light and dark,
// which rescaling and JPEG re-compression leave alone, so copies of one photo land a few bits apart while
// different photos land about 32 apart.

export const PHASH_SIDE = 32;
const LOW = 8;

/** cos((2x+1)uπ/2N) for the 8 lowest frequencies u over the 32 samples x. */
const COS = (() => {
  const table = new Float64Array(LOW * PHASH_SIDE);
  for (let u = 0; u < LOW; u++)
    for (let x = 0; x < PHASH_SIDE; x++) table[u * PHASH_SIDE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * PHASH_SIDE));
  return table;
})();

/** The 64-bit hash of a 32×32 grey image (row-major), as 16 lowercase hex characters. */
export function phashOfGrey32(grey: ArrayLike<number>): string {
  if (grey.length !== PHASH_SIDE * PHASH_SIDE) throw new Error(`pHash needs ${PHASH_SIDE}×${PHASH_SIDE} samples, got ${grey.length}`);
  // Separable DCT: rows first (32 rows × 8 frequencies), then columns of that.
  const rows = new Float64Array(PHASH_SIDE * LOW);
  for (let y = 0; y < PHASH_SIDE; y++)
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let x = 0; x < PHASH_SIDE; x++) sum += grey[y * PHASH_SIDE + x] * COS[u * PHASH_SIDE + x];
      rows[y * LOW + u] = sum;
    }
  const coeffs = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++)
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < PHASH_SIDE; y++) sum += rows[y * LOW + u] * COS[v * PHASH_SIDE + y];
      coeffs[v * LOW + u] = sum;
    }
  // The DC term (overall brightness) would swamp the median, so it is left out of it.
  const median = medianOf(coeffs.subarray(1));
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let value = 0;
    for (let b = 0; b < 4; b++) value = (value << 1) | (coeffs[nibble * 4 + b] > median ? 1 : 0);
    hex += value.toString(16);
  }
  return hex;
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Bits that differ between two 16-hex-character hashes (0..64). */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== 16 || b.length !== 16) throw new Error(`perceptual hashes are 16 hex characters: '${a}', '${b}'`);
  return popcount32(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) + popcount32(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16));
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
