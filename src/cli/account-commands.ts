import type { Command, Option } from 'commander';
import { databasePath } from '../config.js';
import { SCOPES, type Role, type Scope } from '../store/accounts.js';
import { isPostgresUrl } from '../store/postgres/open-postgres.js';
import { PostgresStore } from '../store/postgres/pg-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';

async function withStore<T>(dbOpt: string | undefined, fn: (store: Store) => Promise<T> | T): Promise<T> {
  const location = databasePath(dbOpt);
  // Accounts need the archive's tables only, not its indexes' hooks.
  const store: Store = isPostgresUrl(location) ? await PostgresStore.open(location) : await SqliteStore.open(location);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Everything on standard input, less one trailing line break. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The password from standard input (`--password-stdin`, or when it is not a terminal), else asked twice. */
async function readPassword(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) return readStdin();
  const first = await askHidden('Password: ');
  const second = await askHidden('Password again: ');
  if (first !== second) throw new Error('the passwords differ');
  return first;
}

/** `wirewatch user add|list|remove|passwd` and `wirewatch token add|list|revoke`. */
export function registerAccountCommands(program: Command, dbOption: () => Option): void {
  const user = program.command('user').description('accounts: readers, editors (candidates, sources) and admins (users, crawls)');
  user
    .command('add')
    .description('add a user (a reader unless --editor or --admin); the password is read from standard input or asked')
    .argument('<name>')
    .option('--admin', 'an admin')
    .option('--editor', 'an editor')
    .option('--password-stdin', 'read the password from standard input')
    .addOption(dbOption())
    .action(async (name: string, o: { admin?: boolean; editor?: boolean; passwordStdin?: boolean; db?: string }) => {
      if (o.admin && o.editor) throw new Error('give --admin or --editor, not both');
      const role: Role = o.admin ? 'admin' : o.editor ? 'editor' : 'reader';
      const password = await readPassword(o.passwordStdin);
      await withStore(o.db, async (s) => {
        await s.accounts.addUser(name, role, password);
        process.stdout.write(`user ${name} added (${role})\n`);
      });
    });
  user
    .command('list')
    .description('list the users and their roles')
    .option('--json', 'print as JSON')
    .addOption(dbOption())
    .action(async (o: { json?: boolean; db?: string }) =>
      withStore(o.db, async (s) => {
        const users = await s.accounts.listUsers();
        if (o.json) process.stdout.write(`${JSON.stringify(users)}\n`);
        else if (!users.length) process.stdout.write('no users\n');
        else for (const u of users) process.stdout.write(`${u.name.padEnd(20)} ${u.role.padEnd(7)} since ${u.createdAt.slice(0, 10)}\n`);
      }),
    );
  user
    .command('remove')
    .description('remove a user with his tokens and sessions')
    .argument('<name>')
    .addOption(dbOption())
    .action(async (name: string, o: { db?: string }) =>
      withStore(o.db, async (s) => {
        if (!(await s.accounts.removeUser(name))) throw new Error(`there is no user called ${name}`);
        process.stdout.write(`user ${name} removed\n`);
      }),
    );
  user
    .command('passwd')
    .description("set a user's password (his web sessions end)")
    .argument('<name>')
    .option('--password-stdin', 'read the password from standard input')
    .addOption(dbOption())
    .action(async (name: string, o: { passwordStdin?: boolean; db?: string }) =>
      withStore(o.db, async (s) => {
        if (!(await s.accounts.getUser(name))) throw new Error(`there is no user called ${name}`);
        await s.accounts.setPassword(name, await readPassword(o.passwordStdin));
        process.stdout.write(`password of ${name} changed\n`);
      }),
    );

  const token = program.command('token').description('API tokens (Authorization: Bearer …)');
  token
    .command('add')
    .description('make an API token for a user and print it (once: only its hash is kept)')
    .argument('<user>')
    .requiredOption('--scope <scope>', `what the token may do: ${SCOPES.join(', ')} (never more than its user)`)
    .addOption(dbOption())
    .action(async (userName: string, o: { scope: string; db?: string }) =>
      withStore(o.db, async (s) => {
        if (!SCOPES.includes(o.scope as Scope)) throw new Error(`--scope ${o.scope}: expected one of ${SCOPES.join(', ')}`);
        const t = await s.accounts.addToken(userName, o.scope as Scope);
        process.stderr.write(`token ${t.id} for ${userName} (${o.scope}); it is shown only this once:\n`);
        process.stdout.write(`${t.token}\n`);
      }),
    );
  token
    .command('list')
    .description('list the tokens (ids, users, scopes; never the tokens themselves)')
    .option('--json', 'print as JSON')
    .addOption(dbOption())
    .action(async (o: { json?: boolean; db?: string }) =>
      withStore(o.db, async (s) => {
        const tokens = await s.accounts.listTokens();
        if (o.json) process.stdout.write(`${JSON.stringify(tokens)}\n`);
        else if (!tokens.length) process.stdout.write('no tokens\n');
        else
          for (const t of tokens)
            process.stdout.write(`${String(t.id).padStart(4)}  ${t.userName.padEnd(20)} ${t.scope.padEnd(6)} made ${t.createdAt.slice(0, 10)}, last used ${t.lastUsedAt?.slice(0, 16) ?? 'never'}\n`);
      }),
    );
  token
    .command('revoke')
    .description('revoke a token')
    .argument('<id>')
    .addOption(dbOption())
    .action(async (id: string, o: { db?: string }) =>
      withStore(o.db, async (s) => {
        if (!/^\d+$/.test(id) || !(await s.accounts.revokeToken(Number(id)))) throw new Error(`there is no token ${id}`);
        process.stdout.write(`token ${id} revoked\n`);
      }),
    );
}
