import fc from 'fast-check';

/**
 * Settings shared by the `*.fuzz.test.ts` property tests. `npm test` runs each property a few hundred
 * times under a time limit; `npm run test:fuzz` sets WIREWATCH_FUZZ_RUNS for the long form, and
 * WIREWATCH_FUZZ_SEED replays a failure fast-check reported.
 */
const RUNS = Number(process.env.WIREWATCH_FUZZ_RUNS) || 0;

export function fuzzParams<T>(defaultRuns = 300): fc.Parameters<T> {
  const seed = Number(process.env.WIREWATCH_FUZZ_SEED);
  return {
    numRuns: RUNS || defaultRuns,
    // The short form stops early on a slow machine rather than stall the suite; a long run has all the time it needs.
    interruptAfterTimeLimit: RUNS ? 30 * 60_000 : 8_000,
    markInterruptAsFailure: false,
    ...(Number.isFinite(seed) ? { seed } : {}),
  };
}

/** Vitest's per-test timeout for a fuzz test: generous in the long form. */
export const FUZZ_TIMEOUT_MS = RUNS ? 60 * 60_000 : 30_000;

/** Milliseconds one call takes; a hang shows as seconds where the input takes milliseconds. */
export function millis(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** A generous bound for one call on a large adversarial input: well past any honest time, well short of a hang. */
export const HANG_MS = 2000;

/** Strings that reach the corners of text handling: Hangul, bidi and zero-width controls, lone surrogates, NUL, CJK, emoji. */
export const awkwardChar = fc.constantFrom(
  '가', '김', '정', '은', '평', '양', '주', '체', '년', '월', '일', '\u1100', '\u3131',
  '\u202e', '\u202d', '\u2066', '\u2069', '\u200f', '\u200e', '\u200b', '\u200d', '\ufeff', '\u00a0', '\u3000',
  '\ud800', '\udfff', '😀', '\u0000', '\u0007', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029',
  '\u0301', 'İ', 'ß', 'ﬁ', '漢', '朝', '鮮', 'Ω', 'é',
);

/** Text mixing plain ASCII, awkward characters and arbitrary Unicode. */
export function awkwardText(maxLength = 60): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 4 }) }, { weight: 2, arbitrary: awkwardChar }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) }), { maxLength })
    .map((parts) => parts.join(''));
}
