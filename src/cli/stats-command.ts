import { openStore } from '../store/open-store.js';

export async function statsCommand(opts: { db: string; json?: boolean }): Promise<void> {
  const store = await openStore(opts.db);
  try {
    const stats = await store.stats();
    if (opts.json) process.stdout.write(`${JSON.stringify(stats)}\n`);
    else for (const [k, v] of Object.entries(stats)) process.stdout.write(`${k.padEnd(11)} ${v}\n`);
  } finally {
    await store.close();
  }
}
