import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, NODE_TSX, tempDir } from './helpers.js';

function cli(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, ...args], { encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('wirewatch user and token', () => {
  it('adds, lists, re-passwords and removes users; makes, lists and revokes tokens', { timeout: 180_000 }, () => {
    const db = join(tempDir(), 'acc.db');
    expect(cli(['user', 'add', 'ana', '--admin', '--password-stdin', '--db', db], 'first-password\n')).toMatchObject({ status: 0, stdout: 'user ana added (admin)\n' });
    // Without --password-stdin, a password piped in (not a terminal) is read the same way.
    expect(cli(['user', 'add', 'ed', '--editor', '--db', db], 'second-password\n').status).toBe(0);
    const list = cli(['user', 'list', '--json', '--db', db]);
    expect(JSON.parse(list.stdout).map((u: { name: string; role: string }) => `${u.name}:${u.role}`)).toEqual(['ana:admin', 'ed:editor']);
    const raw = new Database(db, { readonly: true });
    const hashOf = () => raw.prepare(`SELECT password_hash FROM users WHERE name = 'ed'`).pluck().get() as string;
    const before = hashOf();
    expect(before).toMatch(/^\$argon2id\$/);
    expect(cli(['user', 'passwd', 'ed', '--password-stdin', '--db', db], 'another-password').status).toBe(0);
    expect(hashOf()).not.toBe(before);

    const added = cli(['token', 'add', 'ed', '--scope', 'write', '--db', db]);
    expect(added.status).toBe(0);
    const token = added.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(added.stderr).toMatch(/shown only this once/);
    const tokens = cli(['token', 'list', '--db', db]).stdout;
    expect(tokens).toMatch(/1\s+ed\s+write/);
    expect(tokens).not.toContain(token);
    expect(cli(['token', 'revoke', '1', '--db', db]).status).toBe(0);
    expect(raw.prepare('SELECT count(*) FROM api_tokens').pluck().get()).toBe(0);

    expect(cli(['user', 'remove', 'ed', '--db', db]).status).toBe(0);
    expect(raw.prepare('SELECT name FROM users').pluck().all()).toEqual(['ana']);
    expect(cli(['user', 'remove', 'ed', '--db', db])).toMatchObject({ status: 1, stderr: expect.stringMatching(/no user called ed/) });
    raw.close();
  });
});
