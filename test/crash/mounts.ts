import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * File systems the crash tests need and not every machine gives: a small tmpfs (a disk that fills, a
 * volume remounted read-only) needs mount rights (root, or CAP_SYS_ADMIN); an unwritable archive file
 * needs `chattr +i` as root (root writes through file modes) or a plain 0444 file as another user. Each
 * helper says why it cannot, so the test skips with that reason instead of pretending.
 */

function run(cmd: string, args: string[]): string | null {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    return null;
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return `${cmd} ${args.join(' ')}: ${(err.stderr?.toString().trim() || err.message).split('\n')[0]}`;
  }
}

/** Whether a tmpfs can be mounted here: null when it can, else why not. */
export function tmpfsUnavailable(): string | null {
  if (process.platform !== 'linux') return `tmpfs mounts are tried on Linux only (this is ${process.platform})`;
  const probe = mkdtempSync(join(tmpdir(), 'wirewatch-mount-probe-'));
  try {
    const failed = run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
    if (failed) return `cannot mount a tmpfs (needs root or CAP_SYS_ADMIN): ${failed}`;
    return run('umount', [probe]);
  } finally {
    rmdirSync(probe);
  }
}

/** A tmpfs of `size` (`8m`) at a new folder; `options` are remount options (`ro`, `rw`, `size=64m`). */
export function mountTmpfs(size: string): { dir: string; remount(options: string): void; unmount(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'wirewatch-tmpfs-'));
  const failed = run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (failed) throw new Error(failed);
  let mounted = true;
  return {
    dir,
    remount(options) {
      const f = run('mount', ['-o', `remount,${options}`, dir]);
      if (f) throw new Error(f);
    },
    unmount() {
      if (!mounted) return;
      const f = run('umount', [dir]);
      if (f) throw new Error(f);
      mounted = false;
      rmdirSync(dir);
    },
  };
}

/**
 * Makes a file unwritable for this process and returns how to undo it, or the reason it cannot. As root
 * the file is made immutable (`chattr +i`: root ignores file modes); as another user mode 0444 does it.
 */
export function makeUnwritable(file: string): { undo(): void; how: string } | string {
  if (process.getuid?.() !== 0) {
    chmodSync(file, 0o444);
    return { how: 'mode 0444', undo: () => chmodSync(file, 0o644) };
  }
  const failed = run('chattr', ['+i', file]);
  if (failed) return `cannot make the archive immutable on this file system: ${failed}`;
  return {
    how: 'chattr +i (immutable; root ignores mode 0444)',
    undo: () => {
      const f = run('chattr', ['-i', file]);
      if (f) throw new Error(f);
    },
  };
}
