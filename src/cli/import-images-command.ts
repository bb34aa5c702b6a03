import { importImageFolder } from '../import/image-folder.js';
import { openStore } from '../store/open-store.js';

/** `wirewatch import-images DIR --source SLUG`: a folder of photos hashed and indexed like captured ones. */
export async function importImagesCommand(dir: string, opts: { source: string; db: string; json?: boolean }): Promise<void> {
  const store = await openStore(opts.db);
  try {
    const summary = await importImageFolder(store, dir, opts.source, { onRefused: (name, reason) => process.stderr.write(`${dir}/${name}: refused: ${reason}\n`) });
    if (opts.json) return void process.stdout.write(`${JSON.stringify(summary)}\n`);
    process.stdout.write(`${summary.files} files read: ${summary.added} images added, ${summary.known} already in the archive, ${summary.refused.length} refused\n`);
  } finally {
    await store.close();
  }
}
