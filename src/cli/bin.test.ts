import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusSample, ROOT, tempDir } from '../../test/helpers.js';

/** A clone of the package in a temporary folder: its own bin/ and src/ (to build and edit), the rest linked. */
function clone(): string {
  const dir = join(tempDir(), 'wirewatch');
  mkdirSync(dir);
  for (const d of ['bin', 'src']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json']) cpSync(join(ROOT, f), join(dir, f));
  for (const d of ['node_modules', 'data', 'sources']) symlinkSync(join(ROOT, d), join(dir, d));
  return dir;
}

function wirewatch(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'wirewatch.js'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DESCRIPTION = 'Archive and monitor for state media';

describe('bin/wirewatch.js', () => {
  it('runs the TypeScript from a clone, the compiled JavaScript once built, and the TypeScript again after an edit', () => {
    const dir = clone();
    expect(wirewatch(dir, ['--help']).stdout).toContain(DESCRIPTION);

    const build = spawnSync(process.execPath, [join(dir, 'bin', 'build.mjs')], { encoding: 'utf8' });
    expect(build.status).toBe(0);
    const compiled = join(dir, 'dist', 'cli', 'main.js');
    expect(existsSync(compiled)).toBe(true);
    // Marked so the test sees which tree ran.
    writeFileSync(compiled, readFileSync(compiled, 'utf8').replace(DESCRIPTION, `${DESCRIPTION} (compiled)`));
    expect(wirewatch(dir, ['--help']).stdout).toContain(`${DESCRIPTION} (compiled)`);

    // A worker thread's entry, compiled too: import prepares records off the main thread.
    const db = join(dir, 'archive.db');
    const imported = wirewatch(dir, ['import', corpusSample('kcna-co-jp-sample.jsonl'), '--preset', 'kcna-co-jp', '--db', db, '--no-progress', '--json']);
    expect(imported.status, imported.stderr).toBe(0);
    const exported = wirewatch(dir, ['export', '--format', 'jsonl', '--db', db, '--no-progress']);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split('\n').length).toBeGreaterThan(0);

    const main = join(dir, 'src', 'cli', 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace(DESCRIPTION, `${DESCRIPTION} (edited)`));
    const edited = wirewatch(dir, ['--help']).stdout;
    expect(edited).toContain(`${DESCRIPTION} (edited)`);
    expect(edited).not.toContain('(compiled)');
  }, 180_000);
});
