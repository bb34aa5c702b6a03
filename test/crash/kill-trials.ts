import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../bench/seeded-random.js';
import { archiveDigest, consistencyProblems, countRows, digestDifference, type Digest } from './archive-digest.js';

/** Trials per kind: a few inside `npm test`, 20 in `npm run test:crash`. */
export const TRIALS = Math.max(1, Number(process.env.WIREWATCH_CRASH_TRIALS ?? 3));
/** Printed with every result, so a failing run can be repeated exactly (WIREWATCH_CRASH_SEED=…). */
export const SEED = process.env.WIREWATCH_CRASH_SEED ? Number(process.env.WIREWATCH_CRASH_SEED) : randomInt(2 ** 31);

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * When to send SIGKILL: `afterMs` after the command opened the archive (its write-ahead log appears
 * then; a closed archive has none), or after it committed the first row of `afterFirstRowOf`, so that
 * start-up time, which varies most, does not move the kill; or as soon as `killWhen` holds.
 */
export type Kill = { db: string; afterMs: number; afterFirstRowOf?: string } | { killWhen: () => boolean };

/**
 * Runs the CLI as one process (node with tsx's loader in it, so a kill reaches the command itself),
 * killing it as `kill` says. Asynchronous: a test's local site keeps answering. Reports when the
 * archive was opened and its first row of `watch` committed (ms after the start; -1: not seen).
 */
export function runCli(args: string[], kill?: Kill, watch?: { db: string; table: string }): Promise<Run & { openMs: number; firstRowMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timed = kill && 'db' in kill ? kill : undefined;
  const db = timed?.db ?? watch?.db;
  const table = timed ? timed.afterFirstRowOf : watch?.table;
  let openMs = -1;
  let firstRowMs = -1;
  let timer: NodeJS.Timeout | undefined;
  const poll =
    kill || watch
      ? setInterval(() => {
          if (kill && 'killWhen' in kill) {
            if (kill.killWhen()) child.kill('SIGKILL');
            return;
          }
          const now = performance.now() - started;
          if (openMs < 0 && existsSync(`${db}-wal`)) openMs = now;
          if (openMs >= 0 && table && firstRowMs < 0 && countRows(db!, table) > 0) firstRowMs = now;
          const from = timed?.afterFirstRowOf ? firstRowMs : openMs;
          if (timed && !timer && from >= 0) timer = setTimeout(() => child.kill('SIGKILL'), timed.afterMs);
        }, 3)
      : undefined;
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started, openMs, firstRowMs });
    });
  });
}

export interface KillTrialSpec {
  kind: string;
  /** The archive a trial (numbered from 1; none for the uninterrupted runs) starts from. */
  fresh(name: string, trial?: number): string;
  /** The command that is killed, then run again to completion. */
  args(db: string): string[];
  /** The table whose row count shows how far a killed run got. */
  progressTable: string;
}

/** The uninterrupted run every trial is compared with. */
export interface Reference {
  digest: Digest;
  /** Rows of the progress table at the end. */
  total: number;
  /** When the command opened the archive and committed its first progress row (ms after its start), and ended. */
  openMs: number;
  firstRowMs: number;
  endMs: number;
}

/**
 * Runs the command uninterrupted on a fresh archive. In the full form (10 trials or more) a second run
 * must give the same archive, else a comparison would prove nothing; it also times the command with warm
 * caches.
 */
export async function referenceRun(spec: KillTrialSpec): Promise<Reference> {
  const timed = async (db: string) => {
    const run = await runCli(spec.args(db), undefined, { db, table: spec.progressTable });
    if (run.code !== 0 || run.firstRowMs < 0) throw new Error(`${spec.args(db).join(' ')} failed (${run.code}): ${run.stderr.slice(-2000)}`);
    return { openMs: run.openMs, firstRowMs: run.firstRowMs, endMs: run.ms };
  };
  const db = spec.fresh('clean');
  let timing = await timed(db);
  const digest = archiveDigest(db);
  const problems = consistencyProblems(db);
  if (problems.length) throw new Error(`${spec.kind}: the uninterrupted run's archive is inconsistent: ${problems.join('; ')}`);
  if (TRIALS >= 10) {
    const second = spec.fresh('clean-2');
    timing = await timed(second);
    const unstable = digestDifference(digest, archiveDigest(second));
    if (unstable) throw new Error(`${spec.kind}: two uninterrupted runs differ, so a comparison would prove nothing: ${unstable}`);
  }
  return { digest, total: countRows(db, spec.progressTable), ...timing };
}

export interface Crash {
  /** Killed while running (not after it had ended by itself). */
  midRun: boolean;
  /** Rows of the progress table the kill left. */
  stored: number;
  /** What was wrong right after the kill. */
  afterKill: string[];
  /** Everything wrong: after the kill, after the rerun, and how the archive differs from the reference. */
  problems: string[];
}

/** One crash: the command killed as `kill` says, what it left checked, then run again to completion and compared. */
export async function crashAndResume(spec: KillTrialSpec, reference: Reference, db: string, kill: Kill): Promise<Crash> {
  const killed = await runCli(spec.args(db), kill);
  const stored = countRows(db, spec.progressTable);
  const afterKill = existsSync(db) ? consistencyProblems(db) : [];
  const rerun = await runCli(spec.args(db));
  const difference = rerun.code === 0 ? digestDifference(reference.digest, archiveDigest(db)) : `the run after the kill failed (${rerun.code}): ${rerun.stderr.slice(-500)}`;
  const again = rerun.code === 0 ? consistencyProblems(db) : [];
  const problems = [...afterKill.map((p) => `after the kill: ${p}`), ...again.map((p) => `after the rerun: ${p}`), ...(difference ? [difference] : [])];
  return { midRun: killed.signal === 'SIGKILL', stored, afterKill, problems };
}

export interface TrialsResult {
  trials: number;
  identical: number;
  killedMidRun: number;
  /** Killed with some but not all of the work committed. */
  partial: number;
  consistentAfterKill: number;
  failures: string[];
  seconds: number;
}

/**
 * The crash proof: each trial kills the command with SIGKILL at a random moment, checks what the kill
 * left (integrity, no half-written record), runs the command again to completion and compares the
 * archive with the uninterrupted run's. Two trials in three draw the moment uniformly from the command's
 * first commit to its usual end (the writing); every third from its opening the archive (start-up, schema
 * migrations and the first transaction too).
 */
export async function killTrials(spec: KillTrialSpec, reference: Reference, log: (line: string) => void = () => {}): Promise<TrialsResult> {
  const started = performance.now();
  const random = seededRandom((SEED ^ [...spec.kind].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7)) >>> 0);
  const r: TrialsResult = { trials: TRIALS, identical: 0, killedMidRun: 0, partial: 0, consistentAfterKill: 0, failures: [], seconds: 0 };
  const { total, openMs, firstRowMs, endMs } = reference;
  log(
    `${spec.kind}: the uninterrupted run opened the archive at ${Math.round(openMs)} ms, committed its first row at ${Math.round(firstRowMs)} ms, ` +
      `ended at ${Math.round(endMs)} ms; ${total} ${spec.progressTable} rows; WIREWATCH_CRASH_SEED=${SEED}`,
  );
  for (let t = 1; t <= TRIALS; t++) {
    const db = spec.fresh(`trial-${t}`, t);
    const fromOpen = t % 3 === 1;
    const delay = Math.round(random() * (endMs - (fromOpen ? openMs : firstRowMs)));
    const from = fromOpen ? 'opening' : 'its first commit';
    const c = await crashAndResume(spec, reference, db, { db, afterMs: delay, afterFirstRowOf: fromOpen ? undefined : spec.progressTable });
    if (c.midRun) r.killedMidRun++;
    if (c.stored > 0 && c.stored < total) r.partial++;
    if (c.afterKill.length === 0) r.consistentAfterKill++;
    if (c.problems.length === 0) r.identical++;
    else r.failures.push(`trial ${t} (kill ${delay} ms after ${from}): ${c.problems.join('; ')}`);
    log(
      `${spec.kind} trial ${t}: kill ${delay} ms after ${from}${c.midRun ? '' : ' (the run had already ended)'}, ${c.stored}/${total} ${spec.progressTable} rows stored; ` +
        `${c.afterKill.length ? 'INCONSISTENT' : 'consistent'}; after the rerun ${c.problems.length ? 'DIFFERENT' : 'identical'}`,
    );
  }
  r.seconds = Math.round((performance.now() - started) / 100) / 10;
  log(
    `${spec.kind}: ${r.identical}/${TRIALS} identical to the uninterrupted run, ${r.consistentAfterKill}/${TRIALS} consistent right after the kill; ` +
      `${r.killedMidRun} killed mid-run, ${r.partial} with part of the work committed; ${r.seconds} s (WIREWATCH_CRASH_SEED=${SEED})`,
  );
  return r;
}
