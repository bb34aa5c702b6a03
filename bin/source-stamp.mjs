// What dist/ was compiled from: every source file (tests aside) with its size and modification time. The
// CLI compares it with src/ as it is now at each start (a few milliseconds for the whole tree).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The source files under `src` (paths relative to it, tests left out) and their stamp. */
export function sourceStamp(src) {
  const files = [];
  const lines = [];
  for (const f of readdirSync(src, { recursive: true }).sort()) {
    if (/\.test\.tsx?$/.test(f)) continue;
    const s = statSync(join(src, f));
    if (!s.isFile()) continue;
    files.push(f);
    lines.push(`${f} ${s.size} ${s.mtimeMs}`);
  }
  return { files, stamp: lines.join('\n') };
}
