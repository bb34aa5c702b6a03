#!/usr/bin/env node
// Runs the CLI in this process (so a signal sent to `wirewatch` reaches the command itself): the compiled
// JavaScript in dist/ (bin/build.mjs, run at install) while it is current, else the TypeScript through
// tsx's loader, so the package works straight from a clone and an edit shows at once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceStamp } from './source-stamp.mjs';

const root = new URL('../', import.meta.url);

function compiledIsCurrent() {
  try {
    return readFileSync(new URL('dist/source-stamp.txt', root), 'utf8') === sourceStamp(fileURLToPath(new URL('src', root))).stamp;
  } catch {
    return false;
  }
}

if (compiledIsCurrent()) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
