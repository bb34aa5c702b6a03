import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { sourceSchema, type SourceDef } from './schema.js';

/** The `sources/` folder shipped with Wirewatch (found from this file, whatever the working directory). */
export const SHIPPED_SOURCES_DIR = fileURLToPath(new URL('../../sources', import.meta.url));

export class SourceFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
  }
}

/** `adapter.listings[0].url: must be an http(s) URL` */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const path = i.path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
    return `${path || '(top level)'}: ${i.message}`;
  });
}

/** Validates one parsed definition; `where` names it in errors. */
export function parseSource(data: unknown, where: string): SourceDef {
  const res = sourceSchema.safeParse(data);
  if (!res.success) throw new SourceFileError(where, describeIssues(res.error));
  return res.data;
}

export function loadSourceFile(file: string): SourceDef {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SourceFileError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  const def = parseSource(data, file);
  const stem = basename(file, extname(file));
  if (stem !== def.slug) throw new SourceFileError(file, [`slug: '${def.slug}' differs from the file name '${stem}'`]);
  return def;
}

export interface LoadResult {
  sources: SourceDef[];
  errors: SourceFileError[];
}

/** Loads every `*.json` in a folder; bad files are reported, good ones still load. */
export function loadSourcesDir(dir = SHIPPED_SOURCES_DIR): LoadResult {
  const sources: SourceDef[] = [];
  const errors: SourceFileError[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const seen = new Map<string, string>();
  for (const f of files) {
    const path = join(dir, f);
    const shown = relative(process.cwd(), path) || path;
    try {
      const def = loadSourceFile(path);
      const other = seen.get(def.slug);
      if (other) throw new SourceFileError(shown, [`slug: '${def.slug}' is also used by ${other}`]);
      seen.set(def.slug, shown);
      sources.push(def);
    } catch (e) {
      errors.push(e instanceof SourceFileError ? new SourceFileError(shown, e.problems) : new SourceFileError(shown, [String(e)]));
    }
  }
  return { sources, errors };
}
