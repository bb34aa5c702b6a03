// Synthetic perceptual hashes and percentiles for the photo benchmarks.

export function randomHash(rand: () => number): string {
  let hex = '';
  for (let i = 0; i < 16; i++) hex += Math.floor(rand() * 16).toString(16);
  return hex;
}

export function flip(hash: string, bits: number, rand: () => number): string {
  let hi = parseInt(hash.slice(0, 8), 16) >>> 0, lo = parseInt(hash.slice(8), 16) >>> 0;
  const chosen = new Set<number>();
  while (chosen.size < bits) chosen.add(Math.floor(rand() * 64));
  for (const b of chosen) if (b < 32) hi = (hi ^ (1 << b)) >>> 0; else lo = (lo ^ (1 << (b - 32))) >>> 0;
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

export function pct(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function ms(v: number): string {
  return `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
}
