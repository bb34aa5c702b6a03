import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS_DIR = process.env.WIREWATCH_CORPUS ?? join(ROOT, '..', 'shared', 'corpus');
export const KCNA_CO_JP = join(CORPUS_DIR, 'kcna-co-jp-1997-2018.jsonl.gz');

/** Benchmarks read the real corpus; without it they say so and stop. */
export function requireCorpus(file = KCNA_CO_JP): string {
  if (!existsSync(file)) {
    process.stderr.write(`benchmark corpus missing: ${file}\nSet WIREWATCH_CORPUS to the folder holding kcna-co-jp-1997-2018.jsonl.gz.\n`);
    process.exit(2);
  }
  return file;
}
