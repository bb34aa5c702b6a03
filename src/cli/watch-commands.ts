import type { Command, Option } from 'commander';
import { databasePath } from '../config.js';
import { alertsOf } from '../alerts/attach.js';
import { AlertDelivery } from '../alerts/deliver.js';
import { savedSearchJson } from '../alerts/json.js';
import { pingSavedSearch } from '../alerts/ping.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

async function withStore<T>(dbOpt: string | undefined, fn: (store: Store) => Promise<T> | T): Promise<T> {
  const store = await openStore(databasePath(dbOpt));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function savedId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${v}: not a saved search id`);
  return n;
}

/** `wirewatch watch add|list|remove|test` (saved searches of the installation) and `wirewatch deliver --once`. */
export function registerWatchCommands(program: Command, dbOption: () => Option): void {
  const watch = program.command('watch').description('saved searches and their alerts (webhook, email, feed)');

  watch
    .command('add <name>')
    .description('save a search; every new, edited, removed or restored article it matches sends an alert, and so does a photo of it edited, replaced or removed')
    .requiredOption('--query <q>', 'the search query')
    .option('--webhook <url>', 'POST each alert there (Standard Webhooks, signed)')
    .option('--email <addr>', 'email each alert there (SMTP_URL)')
    .option('--digest', 'email a daily digest instead of each alert')
    .option('--no-images', 'no alerts on image events (a photo edited, replaced or removed)')
    .option('--json', 'print the saved search as JSON, with its webhook secret')
    .addOption(dbOption())
    .action((name: string, o: { query: string; webhook?: string; email?: string; digest?: boolean; images: boolean; json?: boolean; db?: string }) =>
      withStore(o.db, async (store) => {
        const notify = o.images ? {} : { imageEdited: false, imageReplaced: false, imageRemoved: false };
        const s = await alertsOf(store).searches.create({ name, query: o.query, notify, webhook: o.webhook ?? null, email: o.email ?? null, emailMode: o.digest ? 'digest' : 'immediate' }, null);
        // Feed addresses are absolute when the archive's address is known (WIREWATCH_BASE_URL), else paths.
        if (o.json) process.stdout.write(`${JSON.stringify(savedSearchJson(s, { secret: true, feedOrigin: process.env.WIREWATCH_BASE_URL ?? '' }))}\n`);
        else {
          process.stdout.write(`saved search ${s.id}: ${s.name} (${s.query})\n`);
          if (s.secret) process.stdout.write(`webhook secret (verify the webhook-signature header with it): ${s.secret}\n`);
        }
      }),
    );

  watch
    .command('list')
    .description("list the saved searches (everyone's)")
    .option('--json', 'one JSON object per line')
    .addOption(dbOption())
    .action((o: { json?: boolean; db?: string }) =>
      withStore(o.db, async (store) => {
        for (const s of await alertsOf(store).searches.list()) {
          if (o.json) process.stdout.write(`${JSON.stringify(savedSearchJson(s))}\n`);
          else {
            const to = [s.webhook && `webhook ${s.webhook}${s.webhookPausedAt ? ' (PAUSED)' : s.webhookFailingSince ? ' (failing)' : ''}`, s.email && `email ${s.email} (${s.emailMode})`].filter(Boolean);
            process.stdout.write(`${s.id}\t${s.name}\t${s.query}\t${to.join(', ') || 'feed only'}\t${s.ownerUserId === null ? 'installation' : `user ${s.ownerUserId}`}\n`);
          }
        }
      }),
    );

  watch
    .command('remove <id>')
    .description('delete a saved search and its undelivered alerts')
    .addOption(dbOption())
    .action((id: string, o: { db?: string }) =>
      withStore(o.db, async (store) => {
        if (!(await alertsOf(store).searches.remove(savedId(id)))) throw new Error(`no saved search ${id}`);
        process.stdout.write(`removed saved search ${id}\n`);
      }),
    );

  watch
    .command('test <id>')
    .description("send a test message to the saved search's webhook and email")
    .addOption(dbOption())
    .action((id: string, o: { db?: string }) =>
      withStore(o.db, async (store) => {
        const s = await alertsOf(store).searches.get(savedId(id));
        if (!s) throw new Error(`no saved search ${id}`);
        const results = await pingSavedSearch(s);
        if (results.length === 0) process.stdout.write('this saved search has no webhook or email (its feed needs no test)\n');
        for (const r of results) process.stdout.write(`${r.channel}: ${r.ok ? 'ok' : 'FAILED'} (${r.detail})\n`);
        if (results.some((r) => !r.ok)) process.exitCode = 1;
      }),
    );

  program
    .command('deliver')
    .description('send pending alerts (webhooks, email)')
    .option('--once', 'send everything due now, then exit')
    .addOption(dbOption())
    .action((o: { once?: boolean; db?: string }) =>
      withStore(o.db, async (store) => {
        const delivery = new AlertDelivery(store);
        if (o.once) {
          const r = await delivery.runOnce();
          delivery.stop();
          process.stdout.write(`delivered ${r.sent}, failed ${r.failed}\n`);
          return;
        }
        process.on('SIGINT', () => delivery.stop());
        process.on('SIGTERM', () => delivery.stop());
        await delivery.runForever();
      }),
    );
}
