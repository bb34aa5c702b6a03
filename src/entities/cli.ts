import type { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { databasePath } from '../config.js';
import { openStore } from '../store/open-store.js';
import { isPostgresUrl } from '../store/postgres/open-postgres.js';
import { entitiesOf } from './attach.js';
import type { EntityIndex } from './entity-index.js';
import type { EntityKind } from './gazetteer.js';

async function withIndex<T>(dbOpt: string | undefined, fn: (index: EntityIndex) => Promise<T>): Promise<T> {
  const db = databasePath(dbOpt);
  if (!isPostgresUrl(db) && !existsSync(db)) throw new Error(`${db}: no archive here (import something first)`);
  const store = await openStore(db);
  const index = entitiesOf(store);
  try {
    return await fn(index);
  } finally {
    await index.close();
    await store.close();
  }
}

/** `wirewatch entities candidates | accept | reject | reindex`. */
export function registerEntityCommands(program: Command, dbOption: () => Option): void {
  const entities = program.command('entities').description('people, organizations and places: review new names, reindex');
  entities
    .command('candidates')
    .description('names that look like Korean names, recur, and are not in the gazetteer (most frequent first)')
    .option('--min <n>', 'seen in at least n articles', '3')
    .option('--limit <n>', 'show at most n', '50')
    .option('--json', 'print as JSON')
    .addOption(dbOption())
    .action(async (o: { min: string; limit: string; json?: boolean; db?: string }) =>
      withIndex(o.db, async (index) => {
        const list = await index.candidates(Number(o.limit), Number(o.min));
        if (o.json) process.stdout.write(`${JSON.stringify(list)}\n`);
        else for (const c of list) process.stdout.write(`${String(c.articles).padStart(6)}  ${c.name.padEnd(20)}  …${c.context}…\n`);
      }),
    );
  entities
    .command('accept')
    .description('add a reviewed name to this archive\'s gazetteer and find it in the stored articles')
    .argument('<name>')
    .option('--id <id>', 'entity id (default: from the name)')
    .option('--kind <kind>', 'person, organization or place', 'person')
    .option('--alias <form>', 'another spelling (repeatable)', (v: string, p: string[]) => [...p, v], [] as string[])
    .addOption(dbOption())
    .action(async (name: string, o: { id?: string; kind: string; alias: string[]; db?: string }) =>
      withIndex(o.db, async (index) => {
        const hangul = o.alias.filter((a) => /[\uac00-\ud7a3]/.test(a));
        const r = await index.accept(name, { id: o.id, kind: o.kind as EntityKind, aliases: o.alias.filter((a) => !hangul.includes(a)), hangul });
        process.stdout.write(`added ${r.id}: found in ${r.articles} articles\n`);
      }),
    );
  entities
    .command('remove')
    .description('undo an accepted name: drop it and its mentions from this archive (it waits for review again)')
    .argument('<id>')
    .addOption(dbOption())
    .action(async (id: string, o: { db?: string }) =>
      withIndex(o.db, async (index) => {
        if (!(await index.remove(id))) throw new Error(`${id} is not a name added to this archive (shipped gazetteer entries are changed in data/entities/)`);
        process.stdout.write(`removed ${id}\n`);
      }),
    );
  entities
    .command('reject')
    .description('drop a name from the review list')
    .argument('<name>')
    .addOption(dbOption())
    .action(async (name: string, o: { db?: string }) =>
      withIndex(o.db, async (index) => {
        process.stdout.write((await index.reject(name)) ? `rejected ${name}\n` : `${name} is not on the review list\n`);
      }),
    );
  entities
    .command('reindex')
    .description('find people, places and appearances in every stored article again')
    .addOption(dbOption())
    .action(async (o: { db?: string }) =>
      withIndex(o.db, async (index) => {
        const r = await index.reindex((done, total) => process.stderr.write(`\r${done} / ${total} articles`));
        process.stderr.write(`\n${r.articles} articles in ${r.seconds.toFixed(1)} s\n`);
      }),
    );
}
