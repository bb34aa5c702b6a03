#!/usr/bin/env node
// Compiles src/ to plain JavaScript in dist/ (run at install by `prepare`), so `wirewatch` starts without
// tsx's loader: under it every module loaded, TypeScript or not, passes through the loader's thread, which
// made start-up two to four times slower. dist/ mirrors src/ at the same depth, so paths a module builds
// from its own address (`../../data`, `../../sources`) mean the same files. bin/wirewatch.js runs dist/
// only while every source file is as it was compiled, else the TypeScript through tsx.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceStamp } from './source-stamp.mjs';

const ROOT = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // Without a compiler the CLI still runs, through tsx: nothing to fail the install for.
  process.stderr.write('wirewatch build: esbuild not found; the CLI will run the TypeScript through tsx\n');
  process.exit(0);
}

// Stamped before compiling: a file edited meanwhile differs from its stamp, and runs through tsx.
const { files, stamp } = sourceStamp(SRC);
rmSync(DIST, { recursive: true, force: true });
const typescript = files.filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
try {
  await esbuild.build({
    entryPoints: typescript.map((f) => join(SRC, f)),
    outdir: DIST,
    outbase: SRC,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
} catch {
  // esbuild has printed what it could not read; the CLI keeps to the TypeScript, and an install goes on.
  rmSync(DIST, { recursive: true, force: true });
  process.stderr.write('wirewatch build: not compiled; the CLI will run the TypeScript through tsx\n');
  process.exit(0);
}
for (const f of files.filter((f) => !/\.tsx?$/.test(f))) {
  mkdirSync(dirname(join(DIST, f)), { recursive: true });
  if (f.endsWith('.mjs')) writeFileSync(join(DIST, f), compiledBoot(readFileSync(join(SRC, f), 'utf8')));
  else copyFileSync(join(SRC, f), join(DIST, f));
}
writeFileSync(join(DIST, '.gitignore'), '*\n');
// Written last: a build cut short leaves no stamp, and the CLI keeps to the TypeScript.
writeFileSync(join(DIST, 'source-stamp.txt'), stamp);
process.stderr.write(`wirewatch build: ${typescript.length} modules compiled to ${relative(process.cwd(), DIST) || '.'}\n`);

/** A worker's plain-JS entry loads its TypeScript through tsx; compiled, it imports the compiled module. */
function compiledBoot(text) {
  const worker = /await tsImport\('(\.\/[^']+)\.ts', import\.meta\.url\);/.exec(text);
  return worker ? `// Compiled by bin/build.mjs: the worker's compiled module.\nawait import('${worker[1]}.js');\n` : text;
}
