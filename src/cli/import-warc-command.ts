import { existsSync } from 'node:fs';
import { importWarc } from '../import/warc-import.js';
import { openStore } from '../store/open-store.js';

export interface ImportWarcCommandOptions {
  db: string;
  source?: string;
  json?: boolean;
  progress?: boolean;
}

const MAX_PRINTED_SKIPS = 20;

/** `wirewatch import --warc FILE`: a WARC's pages through the same extraction as crawling, its images as captured ones. */
export async function importWarcCommand(file: string, opts: ImportWarcCommandOptions): Promise<void> {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  const store = await openStore(opts.db);
  let printed = 0;
  try {
    const summary = await importWarc(store, file, {
      source: opts.source,
      onSkip: (s) => {
        if (++printed <= MAX_PRINTED_SKIPS) process.stderr.write(`${file}@${s.offset}: skipped${s.url ? ` ${s.url}` : ''}: ${s.reason}\n`);
        else if (printed === MAX_PRINTED_SKIPS + 1) process.stderr.write(`${file}: more records skipped; see the summary\n`);
      },
    });
    if (opts.json) return void process.stdout.write(`${JSON.stringify(summary)}\n`);
    const reasons = Object.entries(summary.reasons).map(([r, n]) => `  ${n} ${r}\n`).join('');
    const im = summary.images;
    const images = im.records ? `images: ${im.added} added, ${im.known} already in the archive, ${im.refused} refused; ${im.linked} image versions of articles, ${im.events} image events\n` : '';
    process.stdout.write(
      `${summary.records} records read: ${summary.imported} articles imported, ${summary.versions} new versions, ${summary.unchanged} unchanged, ${summary.folded} copies, ${summary.skipped} skipped\n${images}${reasons}`,
    );
  } finally {
    await store.close();
  }
}
