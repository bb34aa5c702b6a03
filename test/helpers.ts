import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
export const TESTDATA = join(ROOT, 'testdata');
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** Node with tsx's loader in the same process (the tsx command runs the script in a child, which a kill would miss). */
export const NODE_TSX = [process.execPath, '--import', 'tsx'] as const;
export const CLI = join(ROOT, 'src', 'cli', 'main.ts');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh folder removed after the test. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'wirewatch-test-'));
  dirs.push(d);
  return d;
}

export function corpusSample(name: string): string {
  return join(TESTDATA, 'corpus', name);
}
