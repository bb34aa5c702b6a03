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
 * Runs the CLI as one process (node with tsx's loader in it, so a kill reaches the command itself).
 * With `kill`, sends SIGKILL `afterOpenMs` after the command opened the archive: its write-ahead log
 * appears then (a closed archive has none), so start-up time, which varies most, does not move the kill.
 * With `killWhen`, sends it as soon as the condition holds (polled every 2 ms).
 * Asynchronous: a test's local site keeps answering.
 */
export function runCli(args: string[], kill?: { db: string; afterOpenMs: number } | { killWhen: () => boolean }): Promise<Run & { openMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let openMs = -1;
  let timer: NodeJS.Timeout | undefined;
  const poll = kill
    ? setInterval(() => {
        if ('killWhen' in kill) {
          if (kill.killWhen()) child.kill('SIGKILL');
          return;
        }
        if (openMs >= 0 || !existsSync(`${kill.db}-wal`)) return;
        openMs = performance.now() - started;
        timer = setTimeout(() => child.kill('SIGKILL'), kill.afterOpenMs);
      }, 2)
    : undefined;
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started, openMs });
    });
  });
}

/** Runs the command to completion (it must succeed): how long it took from opening the archive to its end. */
export async function timedRun(args: string[], db: string): Promise<{ openMs: number; workMs: number }> {
  const run = await runCli(args, { db, afterOpenMs: 1e9 });
  if (run.code !== 0) throw new Error(`${args.join(' ')} failed (${run.code}): ${run.stderr.slice(-2000)}`);
  return { openMs: run.openMs, workMs: run.ms - Math.max(0, run.openMs) };
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
  /** When the command opened the archive (ms after its start), and how long it then worked. */
  openMs: number;
  workMs: number;
}

/**
 * Runs the command uninterrupted on a fresh archive. In the full form (10 trials or more) a second run
 * must give the same archive, else a comparison would prove nothing; it also times the command with warm
 * caches.
 */
export async function referenceRun(spec: KillTrialSpec): Promise<Reference> {
  const db = spec.fresh('clean');
  let timing = await timedRun(spec.args(db), db);
  const digest = archiveDigest(db);
  const problems = consistencyProblems(db);
  if (problems.length) throw new Error(`${spec.kind}: the uninterrupted run's archive is inconsistent: ${problems.join('; ')}`);
  if (TRIALS >= 10) {
    const second = spec.fresh('clean-2');
    timing = await timedRun(spec.args(second), second);
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
export async function crashAndResume(spec: KillTrialSpec, reference: Reference, db: string, kill: Parameters<typeof runCli>[1]): Promise<Crash> {
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
 * The crash proof: each trial kills the command with SIGKILL at a random moment between its opening the
 * archive and its usual end, checks what the kill left (integrity, no half-written record), runs the
 * command again to completion and compares the archive with the uninterrupted run's.
 */
export async function killTrials(spec: KillTrialSpec, reference: Reference, log: (line: string) => void = () => {}): Promise<TrialsResult> {
  const started = performance.now();
  const random = seededRandom((SEED ^ [...spec.kind].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7)) >>> 0);
  const r: TrialsResult = { trials: TRIALS, identical: 0, killedMidRun: 0, partial: 0, consistentAfterKill: 0, failures: [], seconds: 0 };
  const total = reference.total;
  log(`${spec.kind}: the uninterrupted run opened the archive ${Math.round(reference.openMs)} ms after its start and worked for ${Math.round(reference.workMs)} ms; ${total} ${spec.progressTable} rows; WIREWATCH_CRASH_SEED=${SEED}`);
  for (let t = 1; t <= TRIALS; t++) {
    const db = spec.fresh(`trial-${t}`, t);
    const delay = Math.round(random() * reference.workMs);
    const c = await crashAndResume(spec, reference, db, { db, afterOpenMs: delay });
    if (c.midRun) r.killedMidRun++;
    if (c.stored > 0 && c.stored < total) r.partial++;
    if (c.afterKill.length === 0) r.consistentAfterKill++;
    if (c.problems.length === 0) r.identical++;
    else r.failures.push(`trial ${t} (kill ${delay} ms after opening): ${c.problems.join('; ')}`);
    log(
      `${spec.kind} trial ${t}: kill ${delay} ms after opening${c.midRun ? '' : ' (the run had already ended)'}, ${c.stored}/${total} ${spec.progressTable} rows stored; ` +
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
