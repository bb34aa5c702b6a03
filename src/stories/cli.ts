import type { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { databasePath } from '../config.js';
import { isPostgresUrl } from '../store/postgres/open-postgres.js';
import { openStore } from '../store/open-store.js';
import { storiesOf } from './attach.js';

/** `wirewatch stories rebuild`: clusters and links every stored article again (archives stored before stories existed). */
export function registerStoryCommands(program: Command, dbOption: () => Option): void {
  const stories = program.command('stories').description('story clusters and language links');
  stories
    .command('rebuild')
    .description('cluster every stored article into stories and link language versions, from scratch')
    .addOption(dbOption())
    .action(async (o: { db?: string }) => {
      const db = databasePath(o.db);
      if (!isPostgresUrl(db) && !existsSync(db)) throw new Error(`${db}: no archive here (import something first)`);
      const store = await openStore(db);
      try {
        const r = await storiesOf(store)!.rebuild((done, total) => process.stderr.write(`\r${done} / ${total} articles`));
        process.stderr.write('\n');
        process.stdout.write(`${JSON.stringify(r)}\n`);
      } finally {
        await store.close();
      }
    });
}
