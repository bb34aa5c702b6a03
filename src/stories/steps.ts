// Clustering is written once, as generator functions that yield each repository answer: SQLite's
// repository answers at once and `runSync` drives the steps inside its synchronous ingest transaction;
// PostgreSQL's answers with promises and `runAsync` awaits them.

/** What a repository call gives: a value at once, or later. */
export type Maybe<T> = T | Promise<T>;

/** A step function: yields repository answers, receives their values, returns `T`. */
export type Steps<T> = Generator<unknown, T, unknown>;

/** One repository call inside a step function (`const x = yield* ask(repo.read())`): its value, typed. */
export function* ask<T>(answer: Maybe<T>): Steps<T> {
  return (yield answer) as T;
}

function isPromise(x: unknown): x is Promise<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/** Runs steps whose repository answers at once. */
export function runSync<T>(steps: Steps<T>): T {
  let r = steps.next();
  while (!r.done) {
    if (isPromise(r.value)) throw new Error('a repository answered with a promise where the synchronous path needs values');
    r = steps.next(r.value);
  }
  return r.value;
}

/** Runs steps whose repository answers with promises (or values). */
export async function runAsync<T>(steps: Steps<T>): Promise<T> {
  let r = steps.next();
  while (!r.done) r = steps.next(await r.value);
  return r.value;
}
